import { requireUser } from '../auth/require.js';
import type { ApiRouter } from '../http/api-router.js';
import { idempotencyKeyOf, idempotencyKeyHeader } from '../http/idempotency-key.js';
import {
  hideResponseSchema,
  moderatedResponseSchema,
  newResponseSchema,
  ownResponseSchema,
  responseChangeSchema,
  storyReadReceiptSchema,
  type HideResponse,
  type NewResponse,
  type ResponseChange,
} from '../schemas/response.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Responses';

const problems = {
  401: { description: 'Not signed in.' },
  404: { description: 'No published story with this id (or no such response).' },
} as const;

/**
 * `POST /stories/:id/responses`, `PATCH`/`DELETE /stories/:id/responses/:responseId`,
 * `POST /stories/:id/responses/:responseId/hide`, `POST /stories/:id/reads`.
 */
export function registerResponseRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { responses, notifier } = deps.services;

  api.route<NewResponse>({
    method: 'post',
    path: '/stories/:id/responses',
    summary:
      'Respond in public to a published story about a service you act for (staff and stakeholders). The author and subscribers are told. You may edit or delete it for 30 minutes. Send an `Idempotency-Key` header to retry safely.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    headers: idempotencyKeyHeader,
    body: newResponseSchema,
    responses: {
      201: { description: 'Published, as it appears in the thread.', schema: ownResponseSchema },
      ...problems,
      403: { description: 'Not staff or a stakeholder, or the story is not about a service you act for.' },
    },
    async handler(ctx, { body }) {
      const user = requireUser(ctx, 'staff', 'stakeholder');
      const { response, replayed } = await responses.respond(
        ctx.params.id ?? '',
        user,
        body,
        idempotencyKeyOf(ctx),
      );
      notifier.kick();
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/stories/${response.storyId}`);
      ctx.set('Cache-Control', 'no-store');
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = response;
    },
  });

  api.route<ResponseChange>({
    method: 'patch',
    path: '/stories/:id/responses/:responseId',
    summary: 'Change your response’s text or change marker, within 30 minutes of posting it.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    body: responseChangeSchema,
    responses: {
      200: { description: 'The response as it now reads.', schema: ownResponseSchema },
      ...problems,
      403: { description: 'Not your response.' },
      409: { description: 'More than 30 minutes have passed, or a moderator hid it: it is fixed.' },
    },
    async handler(ctx, { body }) {
      const user = requireUser(ctx, 'staff', 'stakeholder');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await responses.edit(ctx.params.id ?? '', ctx.params.responseId ?? '', user, body);
    },
  });

  api.route({
    method: 'delete',
    path: '/stories/:id/responses/:responseId',
    summary: 'Delete your response, within 30 minutes of posting it.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    responses: {
      204: { description: 'Deleted: it is in no thread any more.' },
      ...problems,
      403: { description: 'Not your response.' },
      409: { description: 'More than 30 minutes have passed, or a moderator hid it: it is fixed.' },
    },
    async handler(ctx) {
      const user = requireUser(ctx, 'staff', 'stakeholder');
      await responses.remove(ctx.params.id ?? '', ctx.params.responseId ?? '', user);
      notifier.kick();
      ctx.status = 204;
    },
  });

  api.route<HideResponse>({
    method: 'post',
    path: '/stories/:id/responses/:responseId/hide',
    summary:
      'Hide a response from every public answer, with a reason kept in its audit trail. Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    body: hideResponseSchema,
    responses: {
      200: { description: 'The hidden response, as moderators see it.', schema: moderatedResponseSchema },
      401: problems[401],
      403: { description: 'Not a moderator or admin.' },
      404: { description: 'The story has no such response.' },
    },
    async handler(ctx, { body }) {
      const moderator = requireUser(ctx, 'moderator', 'admin');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await responses.hide(
        ctx.params.id ?? '',
        ctx.params.responseId ?? '',
        moderator,
        body.reason,
      );
      notifier.kick();
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/reads',
    summary:
      'Record that you (staff or a stakeholder acting for the story’s services) have read a published story. Counted once per account.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    responses: {
      201: { description: 'Your first read, recorded.', schema: storyReadReceiptSchema },
      200: { description: 'You had read it already: nothing changed.', schema: storyReadReceiptSchema },
      ...problems,
      403: { description: 'Not staff or a stakeholder acting for the story’s services.' },
    },
    async handler(ctx) {
      const user = requireUser(ctx, 'staff', 'stakeholder');
      const receipt = await responses.recordRead(ctx.params.id ?? '', user);
      ctx.status = receipt.firstRead ? 201 : 200;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = receipt;
    },
  });
}
