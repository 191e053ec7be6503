import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';

export const requestIdHeader = 'X-Request-Id';

/** Ids a proxy or client may choose: short, printable, nothing that could smuggle a log line or header. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a fresh UUID), kept in
 * `ctx.state.requestId` for logs and problems, and echoed in the response so a user can quote it.
 */
export function assignRequestId(): Middleware<AppState> {
  return async function assignRequestId(ctx, next) {
    ctx.state.requestId = requestIdFor(ctx.get(requestIdHeader));
    ctx.set(requestIdHeader, ctx.state.requestId);
    await next();
  };
}

/** The id of a request whose `X-Request-Id` header is `offered` ('' or undefined when absent). */
export function requestIdFor(offered: string | undefined): string {
  return offered && saneRequestId.test(offered) ? offered : randomUUID();
}
