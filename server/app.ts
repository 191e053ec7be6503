import Koa from 'koa';
import type { Connection } from 'mongoose';
import type { Config } from './platform/config.js';
import type { Logger } from './platform/log.js';
import { answerCrossOrigin, OriginPolicy, refuseOtherBoards } from './middleware/cors.js';
import { handleErrors } from './middleware/errors.js';
import { assignRequestId } from './middleware/request-id.js';
import { logRequests } from './middleware/request-log.js';
import { ReplayedPages } from './middleware/replay-pages.js';
import { setSecurityHeaders } from './middleware/security-headers.js';
import { shedLoad } from './middleware/shed-load.js';
import { trackLocalWrites } from './middleware/track-local-writes.js';
import { serveStaticFiles } from './middleware/static-files.js';
import { healthRoutes } from './routes/health.js';
import type { AppState } from './http/app-state.js';
import { authenticate } from './middleware/authenticate.js';
import { limitApiKeyRequests } from './middleware/api-key-limits.js';
import { parseJsonBody } from './middleware/json-body.js';
import { cachePublicStoryReads } from './middleware/public-story-reads.js';
import { createModels, type Models } from './models/index.js';
import { apiRoutes } from './routes/api.js';
import { createServices, type Services } from './services/index.js';
import type { Feeds } from './feeds/feeds.js';
import { mountFeeds } from './feeds/routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { yourSubscriptionsRoutes } from './routes/your-subscriptions.js';
import { allowedMethods } from './http/allowed-methods.js';
import { oidcRoutes } from './routes/oidc.js';

/** No careloop request body is bigger: a story is at most 8,000 characters (up to 32 KB of UTF-8). */
const jsonBodyLimitBytes = 64 * 1024;
/** Except a whole service tree imported by an admin (a UK-wide tree is a few MB). */
const importBodyLimitBytes = 8 * 1024 * 1024;

/** Everything the app needs from outside; later services join this one object. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** The mongoose connection models are registered on. */
  connection: Connection;
  /** The domain layer, when the caller built it already (main.ts, to bootstrap before listening). */
  services?: Services;
  models?: Models;
  /** The feeds, when the caller built them (e.g. with the cache off); built here otherwise. */
  feeds?: Feeds;
}

/** What every request carries in `ctx.state`. */

/**
 * The widget's chunks have content hashes in their names, so they never change: cache them for a year.
 * The entry `careloop.js` keeps its name across releases and names the current chunks, so browsers
 * revalidate it (a cheap 304 by ETag) rather than run yesterday's entry against chunks a new build
 * has removed.
 */
function widgetCacheControl(relativePath: string): string {
  return /-[\w-]{8}\.js$/.test(relativePath) ? 'public, max-age=31536000, immutable' : 'public, no-cache';
}

/** Builds the careloop Koa app. It never listens: main.ts (or a test) serves `app.callback()`. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, logger } = deps;
  const app = new Koa<AppState>();

  // Errors that escape after the reply has started (a broken socket mid-body) still reach one log.
  app.on('error', (error: unknown) => logger.error({ err: error }, 'response failed after it started'));

  // First of all: a cached page's answer, as this whole chain made it, is sent again from memory.
  const replays = new ReplayedPages({ logger });
  if (config.feedCache) app.use(replays.middleware());

  // CORS outside the error handler, so problems carry its headers too; services are built below.
  const origins = new OriginPolicy({
    publicUrl: config.publicUrl,
    organisations: () => services.organisations,
  });
  app.use(answerCrossOrigin(origins));
  app.use(handleErrors({ logger }));
  app.use(assignRequestId());
  app.use(setSecurityHeaders());
  app.use(logRequests({ logger }));

  // Behind a reverse proxy, ctx.ip comes from X-Forwarded-For (used only for rate limits, never stored).
  app.proxy = config.trustProxy;

  const health = healthRoutes(deps);
  app.use(health.routes());
  app.use(allowedMethods(health));
  // The widget's files come from memory and never touch the store, so they are never shed: a chunk the
  // browser failed to import stays failed for that page, however quiet the service becomes later.
  app.use(serveStaticFiles({ root: config.widgetDir, prefix: '/widget/', cacheControl: widgetCacheControl }));
  // After /healthz (liveness: busy is not down) and the request log (shed requests are logged too).
  app.use(shedLoad({ thresholdMs: config.shedReadsAtLagMs, maxReadsInFlight: config.maxReadsInFlight }));

  const models = deps.models ?? createModels(deps.connection);
  const services = deps.services ?? createServices({ config, logger, models });
  // An admin's change to a board's allowed sites takes effect at once on the instance that made it.
  services.organisations.onChange(() => {
    origins.forget();
    replays.forget();
  });
  const api = apiRoutes({ config, logger, models, services });
  // Before body parsing and sign-in, which feeds do not need.
  const feeds = mountFeeds(app, { config, logger, models, services, feeds: deps.feeds });
  // Before every route that writes: the public caches and reports see this instance's writes at once.
  app.use(
    trackLocalWrites([
      { watch: feeds.publicChanges, leftUnchanged: (state) => state.leavesPublicContent === true },
      { watch: services.reports.changes },
    ]),
  );
  // The unsubscribe pages take a form post (RFC 8058 one-click), so they come before the JSON parser.
  const unsubscribe = unsubscribeRoutes({ config, services });
  app.use(unsubscribe.routes());
  app.use(allowedMethods(unsubscribe));
  const yourSubscriptions = yourSubscriptionsRoutes({ services });
  app.use(yourSubscriptions.routes());
  app.use(allowedMethods(yourSubscriptions));
  // Staff sign-in with an identity provider: pages a browser navigates to (popup or whole tab).
  const oidc = oidcRoutes({ logger, services });
  app.use(oidc.routes());
  app.use(allowedMethods(oidc));
  app.use(
    parseJsonBody({
      limitBytes: (ctx) =>
        ctx.path === '/api/v1/services/import' ? importBodyLimitBytes : jsonBodyLimitBytes,
    }),
  );
  app.use(refuseOtherBoards(origins));
  app.use(authenticate({ services }));
  app.use(limitApiKeyRequests({ services }));
  app.use(cachePublicStoryReads({ changes: feeds.publicChanges, enabled: config.feedCache }));
  app.use(api.router.routes());
  app.use(allowedMethods(api.router));

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
