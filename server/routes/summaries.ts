import type { ApiRouter } from '../http/api-router.js';
import type { ApiDeps } from './api-deps.js';

/** The window a summary counts over, in days. */
export const summaryDays = 90;
const dayMs = 24 * 60 * 60 * 1000;

export interface ServiceSummaryCounts {
  service: string;
  days: number;
  stories: number;
  responded: number;
  responseRate: number | null;
}

const serviceSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'days', 'stories', 'responded', 'responseRate'],
  properties: {
    service: { type: 'string', description: 'The service counted, with everything below it.' },
    days: { type: 'integer', const: summaryDays, description: 'The window counted: the last 90 days.' },
    stories: { type: 'integer', minimum: 0, description: 'Stories published in the window.' },
    responded: { type: 'integer', minimum: 0, description: 'Of those, how many have a public response.' },
    responseRate: {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      description: '`responded / stories` (0 to 1); null when there are no stories to count.',
    },
  },
} as const;

/**
 * `GET /services/:id/summary`: the figures `<careloop-badge>` shows for a sidebar: stories published
 * in the last 90 days about the service or anything below it, and how many have been responded to.
 */
export function registerSummaryRoutes(api: ApiRouter, deps: Pick<ApiDeps, 'models' | 'services'>): void {
  const { organisations } = deps.services;
  const stories = deps.models.stories;

  api.route({
    method: 'get',
    path: '/services/:id/summary',
    summary:
      'Stories published in the last 90 days about a service and everything below it, and how many have a response.',
    tag: 'Services',
    access: 'public',
    // A sidebar figure: a minute old is fine, and spares the store on busy pages.
    cache: { public: 60 },
    responses: {
      200: { description: 'The counts.', schema: serviceSummarySchema },
      404: { description: 'There is no such service.' },
    },
    async handler(ctx, { params }) {
      const service = await organisations.getOrThrow(params.id);
      const subtree = await organisations.subtreeIds(service._id);
      const since = new Date(Date.now() - summaryDays * dayMs);
      const published = {
        services: { $in: subtree },
        status: 'published' as const,
        publishedAt: { $gte: since },
      };
      const [storyCount, respondedCount] = await Promise.all([
        stories.countDocuments(published),
        stories.countDocuments({ ...published, responded: true }),
      ]);
      const body: ServiceSummaryCounts = {
        service: service._id,
        days: summaryDays,
        stories: storyCount,
        responded: respondedCount,
        responseRate: storyCount === 0 ? null : respondedCount / storyCount,
      };
      ctx.body = body;
    },
  });
}
