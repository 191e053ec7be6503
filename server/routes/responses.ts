import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import {
  hideResponseSchema,
  moderatedResponseSchema,
  newResponseSchema,
  ownResponseSchema,
  responderModerationChangeSchema,
  responderModerationSchema,
  responseChangeSchema,
  responseModerationActionSchema,
  storyReadReceiptSchema,
} from '../schemas/response.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Responses';
const storyAndResponse = { id: objectIdParam, responseId: objectIdParam };
const noSuchStoryOrResponse = { description: 'No published story with this id (or no such response).' };

/**
 * `POST /stories/:id/responses`, `PATCH`/`DELETE /stories/:id/responses/:responseId`,
 * `POST /stories/:id/responses/:responseId/hide`, `POST /stories/:id/responses/:responseId/moderation`,
 * `GET`/`PUT /users/:id/responder-moderation`, `POST /stories/:id/reads`.
 */
export function registerResponseRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { responses, responderModeration, notifier } = deps.services;

  api.route({
    method: 'post',
    path: '/stories/:id/responses',
    summary:
      'Respond in public to a published story about a service you act for (staff and stakeholders). The author and subscribers are told. You may edit or delete it for 30 minutes. A new responder’s first responses (3 unless the board says otherwise), and every response of a responder a moderator put on moderation, wait for a moderator first (`moderationStatus: awaiting-moderation`): only you and moderators see them until approved. Send an `Idempotency-Key` header to retry safely.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    params: { id: objectIdParam },
    idempotent: true,
    body: newResponseSchema,
    cache: 'no-store',
    responses: {
      201: {
        description: 'Published, or awaiting moderation, as it appears in your thread.',
        schema: ownResponseSchema,
      },
      403: { description: 'Not staff or a stakeholder, or the story is not about a service you act for.' },
      404: { description: 'No published story with this id.' },
    },
    async handler(ctx, { body, params, principal, idempotencyKey }) {
      const { response, replayed } = await responses.respond(params.id, principal.user, body, idempotencyKey);
      notifier.kick();
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/stories/${response.storyId}`);
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = response;
    },
  });

  api.route({
    method: 'patch',
    path: '/stories/:id/responses/:responseId',
    summary: 'Change your response’s text or change marker, within 30 minutes of posting it.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    params: storyAndResponse,
    body: responseChangeSchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The response as it now reads.', schema: ownResponseSchema },
      403: { description: 'Not your response.' },
      404: noSuchStoryOrResponse,
      409: { description: 'More than 30 minutes have passed, or a moderator hid it: it is fixed.' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await responses.edit(params.id, params.responseId, principal.user, body);
    },
  });

  api.route({
    method: 'delete',
    path: '/stories/:id/responses/:responseId',
    summary: 'Delete your response, within 30 minutes of posting it.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'stakeholder'],
    params: storyAndResponse,
    responses: {
      204: { description: 'Deleted: it is in no thread any more.' },
      403: { description: 'Not your response.' },
      404: noSuchStoryOrResponse,
      409: { description: 'More than 30 minutes have passed, or a moderator hid it: it is fixed.' },
    },
    async handler(ctx, { params, principal }) {
      await responses.remove(params.id, params.responseId, principal.user);
      notifier.kick();
      ctx.status = 204;
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/responses/:responseId/hide',
    summary:
      'Hide a response from every public answer, with a reason kept in its audit trail. Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: storyAndResponse,
    body: hideResponseSchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The hidden response, as moderators see it.', schema: moderatedResponseSchema },
      404: { description: 'The story has no such response.' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await responses.hide(params.id, params.responseId, principal.user, body.reason);
      notifier.kick();
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/responses/:responseId/moderation',
    summary:
      'Approve (`publish`) a response awaiting moderation, so it joins the thread and everyone is told, or `reject` it with a reason sent to its responder (it is never public). Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: storyAndResponse,
    body: responseModerationActionSchema,
    cache: 'no-store',
    responses: {
      200: {
        description: 'The response after the action, as moderators see it.',
        schema: moderatedResponseSchema,
      },
      400: { description: 'A field is invalid (e.g. `reason` missing to reject).' },
      404: { description: 'The story has no such response.' },
      409: { description: 'It is already published, its story is not published, or it changed meanwhile.' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await responses.moderate(params.id, params.responseId, body, principal.user);
      notifier.kick();
    },
  });

  api.route({
    method: 'get',
    path: '/users/:id/responder-moderation',
    summary:
      'Whether a staff or stakeholder account’s responses wait for a moderator: a moderator’s setting, or the board’s rule for new responders. Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      200: { description: 'Where the responder stands.', schema: responderModerationSchema },
      404: { description: 'No staff or stakeholder account with this id.' },
    },
    async handler(ctx, { params }) {
      ctx.body = await responderModeration.get(params.id);
    },
  });

  api.route({
    method: 'put',
    path: '/users/:id/responder-moderation',
    summary:
      'Put a responder on moderation (every response waits for a moderator until taken off) or take them off (every response publishes directly). Recorded in the account’s audit trail. Moderators and admins.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    params: { id: objectIdParam },
    body: responderModerationChangeSchema,
    cache: 'no-store',
    responses: {
      200: { description: 'Where the responder now stands.', schema: responderModerationSchema },
      404: { description: 'No staff or stakeholder account with this id.' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await responderModeration.set(params.id, body.moderated, principal.user);
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
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      201: { description: 'Your first read, recorded.', schema: storyReadReceiptSchema },
      200: { description: 'You had read it already: nothing changed.', schema: storyReadReceiptSchema },
      403: { description: 'Not staff or a stakeholder acting for the story’s services.' },
      404: { description: 'No published story with this id.' },
    },
    async handler(ctx, { params, principal }) {
      const receipt = await responses.recordRead(params.id, principal.user);
      ctx.status = receipt.firstRead ? 201 : 200;
      ctx.body = receipt;
    },
  });
}
