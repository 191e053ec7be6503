import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { previewListSchema, previewStorySchema, reviewRequestSchema } from '../schemas/preview.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Provider preview';

/**
 * `GET /previews`, `POST /stories/:id/review-requests`: the responders (staff) of the services a serious
 * story names read it before it is published, and may ask a moderator to look at it again.
 */
export function registerPreviewRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { previews, notifier } = deps.services;

  api.route({
    method: 'get',
    path: '/previews',
    summary:
      'Stories in provider preview about the services you act for (staff): each is published when its window closes unless a moderator holds it. Prepare a response with `POST /stories/:id/responses`: it is published with the story.',
    tag,
    access: 'signed-in',
    roles: ['staff'],
    cache: 'private',
    responses: { 200: { description: 'The soonest to be published first.', schema: previewListSchema } },
    async handler(ctx, { principal }) {
      ctx.body = { items: await previews.list(principal.user) };
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/review-requests',
    summary:
      'Ask a moderator to look again at a story in preview, saying why (staff of its services). It goes back to the moderation queue; it is still published when the window closes unless a moderator holds it.',
    tag,
    access: 'signed-in',
    roles: ['staff'],
    params: { id: objectIdParam },
    body: reviewRequestSchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The story in preview, with the request.', schema: previewStorySchema },
      400: { description: '`reason` is missing or empty.' },
      404: { description: 'No story with this id about the services you act for.' },
      409: { description: 'The story is not in preview (any more).' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await previews.requestReview(params.id, principal.user, body.reason);
      notifier.kick();
    },
  });
}
