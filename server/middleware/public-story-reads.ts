import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';
import { FeedCache } from '../feeds/cache.js';
import { sendPage } from '../feeds/send-page.js';
import type { ChangeWatch } from '../services/change-stamp.js';

/** The anonymous reads cached here: a page of published stories, and one story with its thread. */
const cachedPaths = /^\/api\/v1\/stories(?:\/[0-9a-f]{24})?$/i;

/**
 * At most 16 MiB (pages are charged three times their size, see FeedCache), and an answer bigger than
 * 64 KB is served but not kept. A page of 20 stories is about 40 KB and a thread a few KB, so this is
 * well over a hundred pages; a page of 50 long stories can pass 64 KB and is then built each time.
 */
export const publicReadCacheLimits = { maxEntries: 500, maxBytes: 16 * 1024 * 1024, maxBodyBytes: 64 * 1024 };

/**
 * Anonymous `GET /api/v1/stories` and `GET /api/v1/stories/:id` answered from memory while the store
 * has not changed, as the feeds are (docs/decisions/2026-11-21-feed-caching.md): the feeds' change
 * watch (`changes`; read at most once a second, and before the next answer after this instance
 * changed what the public sees), and one build shared by every request that asks at once. Under load these are most of the store's work
 * and of the driver's connections, which a story being submitted then waits behind. Signed-in
 * readers and authors (any Authorization header) always get a fresh answer; only 200s are kept.
 * Mount it after authentication and before the API routes.
 */
export function cachePublicStoryReads(options: {
  changes: ChangeWatch;
  enabled: boolean;
}): Middleware<AppState> {
  const cache = new FeedCache({
    changes: options.changes,
    enabled: options.enabled,
    maxEntries: publicReadCacheLimits.maxEntries,
    maxBytes: publicReadCacheLimits.maxBytes,
  });
  return async function cachePublicStoryReads(ctx, next) {
    const cacheable =
      (ctx.method === 'GET' || ctx.method === 'HEAD') &&
      ctx.state.principal?.kind === 'anonymous' &&
      cachedPaths.test(ctx.path);
    // This instance's writes are noted on the shared watch by trackLocalWrites (app.ts).
    if (!cacheable) return next();
    let built = false;
    const page = await cache
      .get(ctx.url, async () => {
        built = true;
        await next();
        const body = JSON.stringify(ctx.body);
        if (ctx.status !== 200 || Buffer.byteLength(body) > publicReadCacheLimits.maxBodyBytes) {
          throw new NotKept();
        }
        return { body, contentType: 'application/json; charset=utf-8' };
      })
      .catch((error: unknown) => {
        if (error instanceof NotKept) return undefined;
        throw error;
      });
    if (!page) {
      // Not kept: the request that built it has its answer already; one that shared the build asks again.
      if (!built) await next();
      return;
    }
    ctx.vary('Authorization');
    await sendPage(ctx, page, { cacheControl: 'no-cache', lastModified: false });
  };
}

/** A built answer that is not to be kept (not a 200, or too big). */
class NotKept extends Error {}
