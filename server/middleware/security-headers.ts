import type { Context, Middleware } from 'koa';

const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Also called by the error handler, which starts its reply from clean headers. */
export function applySecurityHeaders(ctx: Context): void {
  ctx.set(securityHeaders);
}

/** Headers every response carries, whatever produced it. */
export function setSecurityHeaders(): Middleware {
  return async function setSecurityHeaders(ctx, next) {
    applySecurityHeaders(ctx);
    await next();
  };
}
