import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';
import type { Logger } from '../platform/log.js';

/**
 * One log line per request, written when the response is done so it carries the final status. Only
 * method, path (never the query string), status, duration and request id: no IPs, headers or bodies.
 */
export function logRequests(options: { logger: Logger }): Middleware<AppState> {
  const { logger } = options;
  return async function logRequests(ctx, next) {
    const started = performance.now();
    ctx.res.once('close', () => {
      logger.info(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(ctx.res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    await next();
  };
}
