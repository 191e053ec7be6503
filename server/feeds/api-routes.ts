import type { ApiRouter } from '../http/api-router.js';
import type { ApiDeps } from '../routes/api-deps.js';
import { feedPath, type FeedAddress } from './feed.js';

const serviceFeedsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rss', 'json', 'activityRss', 'activityJson'],
  properties: {
    rss: {
      type: 'string',
      format: 'uri',
      description: 'Stories about the service and everything below it, RSS 2.0.',
    },
    json: { type: 'string', format: 'uri', description: 'The same, JSON Feed 1.1.' },
    activityRss: {
      type: 'string',
      format: 'uri',
      description: 'Stories and the responses to them, RSS 2.0.',
    },
    activityJson: {
      type: 'string',
      format: 'uri',
      description: 'Stories and the responses to them, JSON Feed 1.1.',
    },
  },
} as const;

/**
 * `GET /services/:id/feeds`: a service's feed URLs, ready for `<link rel="alternate">` and "Subscribe"
 * links in the widget and the example pages.
 */
export function registerFeedApiRoutes(api: ApiRouter, deps: Pick<ApiDeps, 'config' | 'services'>): void {
  const { publicUrl } = deps.config;
  api.route({
    method: 'get',
    path: '/services/:id/feeds',
    summary: "A service's RSS and JSON Feed URLs: its stories, and its stories with responses.",
    tag: 'Feeds',
    access: 'public',
    responses: {
      200: { description: 'Absolute feed URLs.', schema: serviceFeedsSchema },
      404: { description: 'There is no such service.' },
    },
    async handler(ctx, { params }) {
      const service = await deps.services.organisations.getOrThrow(params.id);
      const url = (activity: boolean, format: 'rss' | 'json') => {
        const address: FeedAddress = { scope: 'services', key: service._id, activity, before: null };
        return `${publicUrl}${feedPath(address, format)}`;
      };
      ctx.body = {
        rss: url(false, 'rss'),
        json: url(false, 'json'),
        activityRss: url(true, 'rss'),
        activityJson: url(true, 'json'),
      };
    },
  });
}
