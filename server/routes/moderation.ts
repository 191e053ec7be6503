import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { pageSize } from '../http/page-size.js';
import {
  moderationActionSchema,
  moderationQueuePageSchema,
  moderationQueueQuerySchema,
  moderationReplySchema,
  moderationStorySchema,
} from '../schemas/moderation.js';
import { replyModerationActionSchema } from '../schemas/reply.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Moderation';

/**
 * `GET /moderation/queue`, `POST /stories/:id/moderation`, `POST /replies/:id/moderation`: moderators
 * and admins only.
 */
export function registerModerationRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { moderation, replies, notifier } = deps.services;

  api.route({
    method: 'get',
    path: '/moderation/queue',
    summary:
      "Stories and authors' replies waiting for a moderator (submitted or held), oldest first across both kinds, with flags on likely identifying details. Moderators and admins.",
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    query: moderationQueueQuerySchema,
    cache: 'private',
    responses: { 200: { description: 'One page of the queue.', schema: moderationQueuePageSchema } },
    async handler(ctx, { query }) {
      ctx.body = await moderation.queue({
        status: query.status,
        limit: pageSize(query.limit),
        cursor: query.cursor,
      });
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/moderation',
    summary:
      'Publish, hold or reject a story, optionally editing it first (the originals stay in its audit trail). Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: { id: objectIdParam },
    body: moderationActionSchema,
    cache: 'no-store',
    responses: {
      200: {
        description: 'The story after the action, as moderators see it.',
        schema: moderationStorySchema,
      },
      400: { description: 'A field is invalid (e.g. `reason` missing to hold or reject).' },
      404: { description: 'No story with this id.' },
      409: { description: 'The story was withdrawn by its author, or changed meanwhile.' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await moderation.act(params.id, body, principal.user);
      notifier.kick();
    },
  });

  api.route({
    method: 'post',
    path: '/replies/:id/moderation',
    summary:
      "Publish, hold or reject an author's reply, optionally editing it first (the original stays in its audit trail). Moderators and admins.",
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: { id: objectIdParam },
    body: replyModerationActionSchema,
    cache: 'no-store',
    responses: {
      200: {
        description: 'The reply after the action, as moderators see it.',
        schema: moderationReplySchema,
      },
      400: { description: 'A field is invalid (e.g. `reason` missing to hold or reject).' },
      404: { description: 'No reply with this id.' },
      409: { description: 'The reply changed meanwhile, or its story is not published (to publish it).' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await replies.moderate(params.id, body, principal.user);
      notifier.kick();
    },
  });
}
