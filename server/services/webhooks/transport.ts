import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, type AddressPolicy } from './address-policy.js';

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface TransportOptions {
  policy: AddressPolicy;
  /** Until the TCP (and TLS) connection is up, per hop. */
  connectTimeoutMs: number;
  /** For the whole attempt, every redirect included: a slow receiver cannot hold a worker longer. */
  totalTimeoutMs: number;
  /** Redirects followed before the attempt fails. */
  maxRedirects: number;
}

/** How one attempt went: delivered (a 2xx), or why not, with the receiver's last status if it answered. */
export interface AttemptOutcome {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** A receiver's answer is read and dropped; this much is enough to know it finished. */
const maxAnswerBytes = 64 * 1024;

/**
 * POSTs one signed webhook. Every hop (the URL, then each redirect, followed by hand) is checked: its
 * scheme, then the addresses its name resolves to, and the connection is made to the address that was
 * checked (the request's `lookup` hands it over), so DNS cannot answer differently between the check
 * and the connection (rebinding). A redirect re-POSTs the same body and headers to the new URL: the
 * signature covers the body, not the URL.
 */
export async function postWebhook(post: WebhookPost, options: TransportOptions): Promise<AttemptOutcome> {
  const deadline = Date.now() + options.totalTimeoutMs;
  let url: URL;
  try {
    url = new URL(post.url);
  } catch {
    return refused('the URL is not valid');
  }
  for (let hop = 0; ; hop += 1) {
    const where = hop === 0 ? '' : ` (redirect ${hop} to ${url.origin})`;
    if (!options.policy.allowsScheme(url.protocol)) return refused(`${url.protocol} is not allowed${where}`);
    if (url.username || url.password) return refused(`credentials in the URL are not allowed${where}`);
    const resolved = await resolveChecked(url.hostname, options.policy, deadline);
    if ('refusal' in resolved) return refused(`${resolved.refusal}${where}`);
    let answer: { statusCode: number; location: string | undefined };
    try {
      answer = await send(url, resolved, post, options, deadline);
    } catch (error) {
      return { delivered: false, statusCode: null, error: `${messageOf(error)}${where}` };
    }
    if (answer.statusCode >= 200 && answer.statusCode < 300) {
      return { delivered: true, statusCode: answer.statusCode, error: null };
    }
    if (redirectStatuses.has(answer.statusCode) && answer.location) {
      if (hop >= options.maxRedirects) {
        return {
          delivered: false,
          statusCode: answer.statusCode,
          error: `more than ${options.maxRedirects} redirects`,
        };
      }
      try {
        url = new URL(answer.location, url);
      } catch {
        return {
          delivered: false,
          statusCode: answer.statusCode,
          error: 'the redirect’s Location is not a URL',
        };
      }
      continue;
    }
    return {
      delivered: false,
      statusCode: answer.statusCode,
      error: `the receiver answered ${answer.statusCode}${where}`,
    };
  }
}

function refused(reason: string): AttemptOutcome {
  return { delivered: false, statusCode: null, error: `refused: ${reason}` };
}

interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The address to connect to: the host itself if it is an IP address, else the first address its name
 * resolves to, and only if none of them is refused (a name answering with a public and a private
 * address is refused: which one a later lookup picks is not ours to choose).
 */
async function resolveChecked(
  hostname: string,
  policy: AddressPolicy,
  deadline: number,
): Promise<ResolvedAddress | { refusal: string }> {
  const literal = ipLiteral(hostname);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await withDeadline(lookup(hostname, { all: true, verbatim: true }), deadline, 'DNS lookup');
    } catch (error) {
      return { refusal: `${hostname} could not be resolved (${messageOf(error)})` };
    }
  }
  for (const { address } of addresses) {
    const refusal = policy.refusal(address);
    if (refusal)
      return { refusal: literal ? refusal : `${hostname} resolves to ${address}, not a public address` };
  }
  const first = addresses[0];
  if (!first) return { refusal: `${hostname} has no address` };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

function send(
  url: URL,
  resolved: ResolvedAddress,
  post: WebhookPost,
  options: TransportOptions,
  deadline: number,
): Promise<{ statusCode: number; location: string | undefined }> {
  // The checked address, whatever the name would resolve to now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: ResolvedAddress[]) => void)(null, [resolved]);
    } else callback(null, resolved.address, resolved.family);
  };
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    agent: false,
    lookup: pinned,
    headers: {
      ...post.headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(post.body)),
      'user-agent': 'careloop-webhooks',
    },
  });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      request.destroy(error);
      reject(error);
    };
    const connectTimer = setTimeout(
      () => fail(new Error(`no connection within ${options.connectTimeoutMs} ms`)),
      Math.min(options.connectTimeoutMs, Math.max(0, deadline - Date.now())),
    );
    const totalTimer = setTimeout(
      () => fail(new Error(`no answer within ${options.totalTimeoutMs} ms`)),
      Math.max(0, deadline - Date.now()),
    );
    request.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // Enough: the status is what counts, and a receiver streaming forever must not hold the worker.
        if (read > maxAnswerBytes) response.destroy();
      });
      const done = () => {
        clearTimeout(connectTimer);
        clearTimeout(totalTimer);
        const location = response.headers.location;
        resolve({
          statusCode: response.statusCode ?? 0,
          location: typeof location === 'string' ? location : undefined,
        });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(post.body);
  });
}

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took too long`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message).slice(
    0,
    300,
  );
}
