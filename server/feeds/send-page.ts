import type { Context } from 'koa';
import { codedEtag, ifNoneMatchMatches, negotiateCoding } from '../http/content-coding.js';
import { encodedBody, type CachedBody } from './cache.js';

/** What a request answered with a cached page sent, noted in `ctx.state.sentPage` for replayPages. */
export interface SentPage {
  page: CachedBody;
  /** Whether Last-Modified was sent, and If-Modified-Since is honoured. */
  lastModified: boolean;
}

/**
 * Answers with a cached page (a feed, or a public story list or thread): 304 when the client's copy is
 * current, else the page in the best coding the client accepts, compressed once per page and coding.
 * `lastModified`: also send Last-Modified and honour If-Modified-Since (feed readers rely on it).
 */
export async function sendPage(
  ctx: Context,
  page: CachedBody,
  options: { cacheControl: string; lastModified: boolean },
): Promise<void> {
  const coding = negotiateCoding(ctx);
  ctx.set('Cache-Control', options.cacheControl);
  ctx.vary('Accept-Encoding');
  ctx.set('ETag', codedEtag(page.etag, coding));
  if (options.lastModified) ctx.set('Last-Modified', page.lastModified.toUTCString());
  const conditions = { ifNoneMatch: ctx.get('If-None-Match'), ifModifiedSince: ctx.get('If-Modified-Since') };
  if (isNotModified(conditions, page, options.lastModified)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.type = page.contentType;
  if (coding) {
    ctx.set('Content-Encoding', coding);
    ctx.body = await encodedBody(page, coding);
  } else {
    ctx.body = page.body;
  }
  const sent: SentPage = { page, lastModified: options.lastModified };
  ctx.state.sentPage = sent;
}

/**
 * RFC 9110 §13.1: If-None-Match decides when present; otherwise If-Modified-Since, if it is used.
 * Header values as received ('' when absent).
 */
export function isNotModified(
  conditions: { ifNoneMatch: string; ifModifiedSince: string },
  page: CachedBody,
  lastModified: boolean,
): boolean {
  if (conditions.ifNoneMatch) return ifNoneMatchMatches(conditions.ifNoneMatch, page.etag);
  if (!lastModified || !conditions.ifModifiedSince) return false;
  const ifModifiedSince = Date.parse(conditions.ifModifiedSince);
  return !Number.isNaN(ifModifiedSince) && page.lastModified.getTime() <= ifModifiedSince;
}
