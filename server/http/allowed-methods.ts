import type Router from '@koa/router';
import type { Middleware } from 'koa';

/**
 * The router's answer to a method an address does not take, always as 405 with `Allow`. @koa/router
 * answers 501 for methods it was never told about (TRACE, PROPFIND, PURGE…), which our error handler
 * words as a failure on our side; to a client they are as wrong as PUT on a read-only address.
 */
export function allowedMethods<State>(router: Router<State>): Middleware<State> {
  const answer = router.allowedMethods();
  return async function allowedMethods(ctx, next) {
    await answer(ctx as Parameters<typeof answer>[0], next);
    if (ctx.status === 501 && ctx.response.get('Allow')) ctx.status = 405;
  };
}
