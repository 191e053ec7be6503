import type { Middleware } from 'koa';
import type { ChangeWatch } from '../services/change-stamp.js';
import type { AppState } from '../http/app-state.js';

/** A change watch, and which requests leave what it covers alone (the rest may have changed it). */
export interface WatchedWrites {
  watch: ChangeWatch;
  leftUnchanged?: (state: AppState) => boolean;
}

/**
 * After a request that may have written (any method but GET, HEAD and OPTIONS), each watch reads its
 * change stamp before its cache's next answer, so whoever made a change sees it at once — unless the
 * watch says the request left its data alone (e.g. a story told, which no public answer shows until a
 * moderator publishes it). Mounted once, before every route that writes.
 */
export function trackLocalWrites(watched: WatchedWrites[]): Middleware<AppState> {
  return async function trackLocalWrites(ctx, next) {
    try {
      await next();
    } finally {
      if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) {
        for (const { watch, leftUnchanged } of watched) {
          if (!leftUnchanged?.(ctx.state)) watch.noteLocalWrite();
        }
      }
    }
  };
}
