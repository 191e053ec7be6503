import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { replyReceiptSchema, replySubmissionSchema } from '../schemas/reply.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Stories';

/** `POST /stories/:id/replies`: the author answers the responses to their story. */
export function registerReplyRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { replies } = deps.services;

  api.route({
    method: 'post',
    path: '/stories/:id/replies',
    summary:
      "Reply to the responses on your story, with the story's author key. The reply is read by a moderator before it joins the thread. Send an `Idempotency-Key` header to retry safely.",
    tag,
    access: 'author',
    params: { id: objectIdParam },
    idempotent: true,
    body: replySubmissionSchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Received, waiting for moderation.', schema: replyReceiptSchema },
      400: { description: 'The body is missing, blank or over 8,000 characters.' },
      404: { description: 'No story with this id, or the key is not its author key.' },
      409: { description: 'The story is not published (yet, or any more).' },
      429: { description: 'Too many replies to this story in the last hour.' },
    },
    async handler(ctx, { body, params, principal, idempotencyKey }) {
      const { receipt, replayed } = await replies.submit(params.id, principal.keyHash, body, idempotencyKey);
      ctx.status = 201;
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = receipt;
    },
  });
}
