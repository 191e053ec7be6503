import { performance } from 'node:perf_hooks';
import type { Middleware, ParameterizedContext } from 'koa';
import type { AppState } from '../http/app-state.js';
import type { Logger } from '../platform/log.js';

/**
 * One log line per request, written when the response is done so it carries the final status. Only
 * method, path (never the query string), status, duration and request id: no IPs, headers or bodies.
 */
export function logRequests(options: { logger: Logger }): Middleware<AppState> {
  const { logger } = options;
  return async function logRequests(ctx, next) {
    logWhenDone(logger, ctx, performance.now());
    await next();
  };
}

/** Writes the request's log line once its response is done (also for answers made before this middleware). */
export function logWhenDone(logger: Logger, ctx: ParameterizedContext<AppState>, started: number): void {
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
}
