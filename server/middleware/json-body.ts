import type { Context, Next } from 'koa';
import { httpProblem } from '../http/problem.js';

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes (or per request); bigger ones get 413 without being read to the end. */
  limitBytes: number | ((ctx: Context) => number);
  /** Deepest nesting accepted: no careloop body is deeper, and deep JSON is a cheap attack. */
  maxDepth?: number;
}

declare module 'koa' {
  interface Request {
    /** The parsed JSON body (undefined for requests without one). */
    body?: unknown;
  }
}

/**
 * Parses JSON request bodies with the limits careloop's users need: 413 past the size limit, 415 for
 * anything but JSON, 400 for broken UTF-8, malformed JSON or absurd nesting — each as problem+json.
 */
export function parseJsonBody(options: JsonBodyOptions) {
  const maxDepth = options.maxDepth ?? 16;
  return async function parseJsonBodyMiddleware(ctx: Context, next: Next): Promise<void> {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method) || !hasBody(ctx)) return next();
    if (!ctx.request.is('application/json', 'application/*+json')) {
      throw httpProblem(415, { detail: 'Send the request body as JSON (Content-Type: application/json).' });
    }
    const limitBytes =
      typeof options.limitBytes === 'function' ? options.limitBytes(ctx) : options.limitBytes;
    const declared = Number(ctx.get('content-length') || NaN);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const raw = await readLimited(ctx, limitBytes);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw httpProblem(400, { title: 'Invalid request', detail: 'The request body is not valid UTF-8.' });
    }
    if (nestingDepth(text) > maxDepth) {
      throw httpProblem(400, {
        title: 'Invalid request',
        detail: `The JSON body is nested more than ${maxDepth} levels deep.`,
      });
    }
    try {
      ctx.request.body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw httpProblem(400, { title: 'Invalid request', detail: 'The request body is not valid JSON.' });
    }
    return next();
  };
}

function hasBody(ctx: Context): boolean {
  return Boolean(ctx.get('transfer-encoding')) || Number(ctx.get('content-length') || 0) > 0;
}

function tooLarge(limitBytes: number) {
  return httpProblem(413, { detail: `The request body is larger than ${Math.round(limitBytes / 1024)} KB.` });
}

async function readLimited(ctx: Context, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      // Stop reading: the client gets its answer and the rest of the upload is discarded by the socket.
      ctx.set('Connection', 'close');
      throw tooLarge(limitBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Deepest bracket nesting outside strings, found without parsing (so a hostile body cannot overflow). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}
