import type { ApiRouter } from '../http/api-router.js';
import { idempotencyKeyHeader, idempotencyKeyOf } from '../http/idempotency-key.js';
import { httpProblem } from '../problem.js';
import { replyReceiptSchema, replySubmissionSchema, type ReplySubmission } from '../schemas/reply.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Stories';

/** `POST /stories/:id/replies`: the author answers the responses to their story. */
export function registerReplyRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { replies } = deps.services;

  api.route<ReplySubmission>({
    method: 'post',
    path: '/stories/:id/replies',
    summary:
      "Reply to the responses on your story, with the story's author key. The reply is read by a moderator before it joins the thread. Send an `Idempotency-Key` header to retry safely.",
    tag,
    access: 'author',
    headers: idempotencyKeyHeader,
    body: replySubmissionSchema,
    responses: {
      201: { description: 'Received, waiting for moderation.', schema: replyReceiptSchema },
      400: { description: 'The body is missing, blank or over 8,000 characters.' },
      401: { description: "No author key: replies need the story's author key." },
      403: { description: 'Signed in as an account: only the author replies.' },
      404: { description: 'No story with this id, or the key is not its author key.' },
      409: { description: 'The story is not published (yet, or any more).' },
      429: { description: 'Too many replies to this story in the last hour.' },
    },
    async handler(ctx, { body }) {
      const { principal } = ctx.state;
      // The route's `author` access has already answered everyone else with 401 or 403.
      if (principal.kind !== 'authorKey') throw httpProblem(401, { detail: "Use the story's author key." });
      const storyId = ctx.params.id ?? '';
      const { receipt, replayed } = await replies.submit(
        storyId,
        principal.keyHash,
        body,
        idempotencyKeyOf(ctx),
      );
      ctx.status = 201;
      ctx.set('Cache-Control', 'no-store');
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = receipt;
    },
  });
}
