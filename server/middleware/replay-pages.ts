import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Middleware, ParameterizedContext } from 'koa';
import type { AppState } from '../http/app-state.js';
import { isNotModified, type SentPage } from '../feeds/send-page.js';
import type { Logger } from '../platform/log.js';
import { requestIdFor, requestIdHeader } from './request-id.js';
import { logWhenDone } from './request-log.js';

/** Made afresh for every answer (or by node), never replayed. */
const perRequestHeaders = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
/** A 304 describes no body: the chain's 304s carry every other header of the 200, and so do ours. */
const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding']);
/**
 * Besides what the answer's Vary names, what the CORS middleware reads when a request has an Origin:
 * whether the caller is careloop's own page depends on the Host (or the proxy's forwarded one).
 */
const crossOriginHeaders = ['origin', 'host', 'x-forwarded-host', 'x-forwarded-proto'];

export interface ReplayPagesOptions {
  logger: Logger;
  /**
   * Longest an answer is replayed: a board's allowed sites are cached as long by the CORS policy
   * (30 s), so a change to them reaches replayed answers no later than it reaches built ones.
   */
  keepMs?: number;
  maxEntries?: number;
  /** Bodies are mostly the page caches' own buffers; this bounds the ones only kept here. */
  maxBytes?: number;
  now?: () => number;
}

/** One answer as the whole middleware chain sent it, ready to send again. */
interface Replay {
  sent: SentPage;
  /** Header names and values in turn (as `writeHead` takes them), without the request id. */
  ok: string[];
  notModified: string[];
  body: Buffer;
  keptUntil: number;
}

/** The answers kept for one URL: they vary only by the request headers in `vary`. */
interface UrlReplays {
  vary: string[];
  variants: Map<string, Replay>;
}

/**
 * The answers to anonymous page reads (feeds, the public story lists and threads: every answer
 * `sendPage` made from a page cache) kept as the whole app sent them, status line to body, and sent
 * again before any other middleware runs while the page's store stamp still holds. A warm feed is
 * bytes from memory; without this each one went through CORS, the error handler, the request id, the
 * security headers, the log, routing and load shedding, and cost four times a bare Koa answer
 * (docs/decisions/2026-12-08-replaying-cached-pages.md). A replayed answer still gets its own request
 * id and log line, its 304 when the client's copy is current, and is never shed (like the widget's
 * files, it never touches the store). Requests with an Authorization header always take the chain.
 */
export class ReplayedPages {
  private readonly byUrl = new Map<string, UrlReplays>();
  private entries = 0;
  private bytes = 0;
  private readonly keepMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: ReplayPagesOptions) {
    this.keepMs = options.keepMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Forgets every kept answer: this instance changed what they were made from (a board's settings). */
  forget(): void {
    this.byUrl.clear();
    this.entries = 0;
    this.bytes = 0;
  }

  /** Mount first: what it replays already carries every other middleware's headers. */
  middleware(): Middleware<AppState> {
    return async (ctx, next) => {
      const { method, headers } = ctx.req;
      if ((method !== 'GET' && method !== 'HEAD') || headers.authorization !== undefined) return next();
      const url = ctx.req.url ?? '';
      const kept = this.byUrl.get(url);
      const variant = kept ? variantKey(headers, kept.vary) : '';
      const replay = kept?.variants.get(variant);
      if (replay && (await this.stillCurrent(url, variant, replay))) {
        this.send(ctx, replay);
        return;
      }
      await next();
      if (method === 'GET') this.keep(ctx, url);
    };
  }

  private async stillCurrent(url: string, variant: string, replay: Replay): Promise<boolean> {
    const { page } = replay.sent;
    try {
      if (this.now() < replay.keptUntil && page.changes) {
        await page.changes.refresh();
        if (page.changes.current.key === page.stamp) return true;
      }
    } catch {
      // The stamp could not be read: the chain answers, and reports the store's trouble.
    }
    this.drop(url, variant);
    return false;
  }

  private send(ctx: ParameterizedContext<AppState>, replay: Replay): void {
    const started = performance.now();
    const { req, res } = ctx;
    ctx.state.requestId = requestIdFor(single(req.headers['x-request-id']));
    logWhenDone(this.options.logger, ctx, started);
    // Koa leaves the response alone from here: it is written whole below.
    ctx.respond = false;
    const conditions = {
      ifNoneMatch: single(req.headers['if-none-match']) ?? '',
      ifModifiedSince: single(req.headers['if-modified-since']) ?? '',
    };
    const notModified = isNotModified(conditions, replay.sent.page, replay.sent.lastModified);
    const headers = notModified ? replay.notModified : replay.ok;
    res.writeHead(notModified ? 304 : 200, [...headers, requestIdHeader, ctx.state.requestId]);
    res.end(notModified || req.method === 'HEAD' ? undefined : replay.body);
  }

  private keep(ctx: ParameterizedContext<AppState>, url: string): void {
    const sent = ctx.state.sentPage;
    const { res } = ctx;
    if (!sent?.page.changes || ctx.status !== 200 || !Buffer.isBuffer(ctx.body) || res.headersSent) return;
    if (sent.page.changes.current.key !== sent.page.stamp || res.hasHeader('set-cookie')) return;
    const vary = varyNames(res);
    if (!vary) return;
    const body = ctx.body;
    const ok = headerList(res, () => true);
    const notModified = headerList(res, (name) => !bodyHeaders.has(name));
    let kept = this.byUrl.get(url);
    if (!kept || kept.vary.join() !== vary.join()) {
      this.dropUrl(url);
      kept = { vary, variants: new Map() };
      this.byUrl.set(url, kept);
    }
    const variant = variantKey(ctx.req.headers, vary);
    this.drop(url, variant);
    kept.variants.set(variant, { sent, ok, notModified, body, keptUntil: this.now() + this.keepMs });
    this.byUrl.set(url, kept);
    this.entries += 1;
    this.bytes += body.length;
    while (this.entries > this.maxEntries || this.bytes > this.maxBytes) {
      this.dropUrl(this.byUrl.keys().next().value!);
    }
  }

  private drop(url: string, variant: string): void {
    const kept = this.byUrl.get(url);
    const replay = kept?.variants.get(variant);
    if (!kept || !replay) return;
    kept.variants.delete(variant);
    this.entries -= 1;
    this.bytes -= replay.body.length;
    if (kept.variants.size === 0) this.byUrl.delete(url);
  }

  private dropUrl(url: string): void {
    for (const variant of [...(this.byUrl.get(url)?.variants.keys() ?? [])]) this.drop(url, variant);
    this.byUrl.delete(url);
  }
}

/** The request headers an answer varies by, lower case; undefined for `Vary: *` (never replayed). */
function varyNames(res: ServerResponse): string[] | undefined {
  const header = res.getHeader('vary');
  const names = (Array.isArray(header) ? header.join(',') : String(header ?? ''))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return names.includes('*') ? undefined : names;
}

/** What tells one kept answer for a URL from another: the varying headers, and the CORS ones. */
function variantKey(headers: IncomingHttpHeaders, vary: string[]): string {
  const names = headers.origin === undefined ? vary : [...vary, ...crossOriginHeaders];
  return names.map((name) => String(headers[name] ?? '')).join('\n');
}

/** The response's headers as set, in their own spelling, as the name-value list `writeHead` takes. */
function headerList(res: ServerResponse, include: (lowerCaseName: string) => boolean): string[] {
  const list: string[] = [];
  // Node documents getRawHeaderNames on every OutgoingMessage (since 15.13); @types/node has it on
  // ClientRequest only.
  const rawNames = (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
  for (const spelled of rawNames) {
    const name = spelled.toLowerCase();
    if (perRequestHeaders.has(name) || !include(name)) continue;
    const value = res.getHeader(name)!;
    for (const each of Array.isArray(value) ? value : [value]) list.push(spelled, String(each));
  }
  return list;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
