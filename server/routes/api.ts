import { ApiRouter } from '../http/api-router.js';
import type { ApiDeps } from './api-deps.js';
import { registerModerationRoutes } from './moderation.js';
import { buildOpenApi, registerOpenApiRoute } from './openapi.js';
import { registerOrganisationRoutes } from './organisations.js';
import { registerSessionRoutes } from './sessions.js';
import { registerStoryRoutes } from './stories.js';
import { registerUserRoutes } from './users.js';
import { registerReplyRoutes } from './replies.js';
import { registerResponseRoutes } from './responses.js';
import { registerSubscriptionRoutes } from './subscriptions.js';
import { registerSummaryRoutes } from './summaries.js';
import { registerFeedApiRoutes } from '../feeds/api-routes.js';
import { registerReportRoutes } from './reports.js';
import { registerPersonalDataRoutes } from './personal-data.js';
import { registerSecondFactorRoutes } from './second-factor.js';
import { registerErasureRoutes } from './erasures.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerReaderSignalRoutes } from './reader-signals.js';
import { registerPreviewRoutes } from './previews.js';

/** Everything under /api/v1, each area in its own module. */
export function apiRoutes(deps: ApiDeps): ApiRouter {
  const api = new ApiRouter();
  registerReportRoutes(api, deps);
  registerOrganisationRoutes(api, deps);
  registerSessionRoutes(api, deps);
  registerUserRoutes(api, deps);
  registerStoryRoutes(api, deps);
  registerModerationRoutes(api, deps);
  registerPreviewRoutes(api, deps);
  registerResponseRoutes(api, deps);
  registerReplyRoutes(api, deps);
  registerReaderSignalRoutes(api, deps);
  registerSubscriptionRoutes(api, deps);
  registerFeedApiRoutes(api, deps);
  registerSummaryRoutes(api, deps);
  registerPersonalDataRoutes(api, deps);
  registerSecondFactorRoutes(api, deps);
  registerErasureRoutes(api, deps);
  registerApiKeyRoutes(api, deps);
  registerWebhookRoutes(api, deps);
  registerOpenApiRoute(api, deps);
  return api;
}

/**
 * The document `GET /api/v1/openapi.json` serves, without a store or a server: `npm run api-types` writes
 * the widget's API types from it. Declaring the routes uses no dependency (handlers reach them only
 * when a request comes), so the routes are declared with nothing behind them but the public URL.
 */
export function describeApi(publicUrl: string): object {
  const declarationsOnly = { config: { publicUrl }, services: {}, models: {} } as unknown as ApiDeps;
  return buildOpenApi(apiRoutes(declarationsOnly).operations, publicUrl);
}
