import Koa from 'koa';
import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { handleErrors } from './middleware/errors.js';
import { assignRequestId } from './middleware/request-id.js';
import { logRequests } from './middleware/request-log.js';
import { setSecurityHeaders } from './middleware/security-headers.js';
import { serveStaticFiles } from './middleware/static-files.js';
import { healthRoutes } from './routes/health.js';

/** Everything the app needs from outside; later services join this one object. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** The mongoose connection models are registered on. */
  connection: Connection;
}

/** What every request carries in `ctx.state`. */
export interface AppState {
  requestId: string;
}

/** Builds the careloop Koa app. It never listens: main.ts (or a test) serves `app.callback()`. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, logger } = deps;
  const app = new Koa<AppState>();

  // Errors that escape after the reply has started (a broken socket mid-body) still reach one log.
  app.on('error', (error: unknown) => logger.error({ err: error }, 'response failed after it started'));

  app.use(handleErrors({ logger }));
  app.use(assignRequestId());
  app.use(setSecurityHeaders());
  app.use(logRequests({ logger }));

  const health = healthRoutes(deps);
  app.use(health.routes());
  app.use(health.allowedMethods());

  app.use(
    serveStaticFiles({ root: config.widgetDir, prefix: '/widget/', cacheControl: 'public, max-age=86400' }),
  );
  app.use(
    serveStaticFiles({
      root: config.examplesDir,
      prefix: '/',
      cacheControl: 'no-cache',
      index: 'index.html',
    }),
  );

  return app;
}
