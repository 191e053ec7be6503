import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import {
  addressHoldingsSchema,
  erasureReceiptSchema,
  erasureRequestSchema,
  ownStoryErasureSchema,
} from '../schemas/erasure.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Erasure';

/** `POST /stories/:id/erasure` (the author), `POST /erasures/search` and `POST /erasures` (moderators). */
export function registerErasureRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { erasures } = deps.services;

  api.route({
    method: 'post',
    path: '/stories/:id/erasure',
    summary:
      'The author deletes their story and their details: it leaves every public answer at once, everything they wrote or gave is erased (and leaves the store’s files shortly after), and only the record that a story existed is kept. The private link then answers 410.',
    tag,
    access: 'author',
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      200: { description: 'Erased.', schema: ownStoryErasureSchema },
      404: { description: 'There is no story with this id, or the key is not its author key.' },
      410: { description: 'The story was already deleted at its author’s request.' },
    },
    async handler(ctx, { params, principal }) {
      ctx.body = await erasures.eraseOwnStory(params.id, principal.keyHash);
    },
  });

  api.route({
    method: 'post',
    path: '/erasures/search',
    summary:
      'Every story and email subscription tied to an address, for a moderator to check before erasing them. The address goes in the body, so it is in no URL or log.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    body: erasureRequestSchema,
    cache: 'no-store',
    leavesPublicContent: true,
    responses: { 200: { description: 'What is held about the address.', schema: addressHoldingsSchema } },
    async handler(ctx, { body }) {
      ctx.body = await erasures.findByAddress(body.email);
    },
  });

  api.route({
    method: 'post',
    path: '/erasures',
    summary:
      'Erases every story and email subscription tied to an address, on its owner’s request. Audited: who, when, counts and a keyed hash of the address, never the address.',
    tag,
    access: 'signed-in',
    roles: ['moderator', 'admin'],
    body: erasureRequestSchema,
    cache: 'no-store',
    responses: { 201: { description: 'Erased; the audit record.', schema: erasureReceiptSchema } },
    async handler(ctx, { body, principal }) {
      ctx.body = await erasures.eraseByAddress(body.email, principal.user);
      ctx.status = 201;
    },
  });
}
