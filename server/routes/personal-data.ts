import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { accountPersonalDataSchema, storyPersonalDataSchema } from '../schemas/personal-data.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Personal data';

/**
 * Subject access downloads: `GET /stories/:id/personal-data` (the author key) and
 * `GET /account/personal-data` (any signed-in account, its own). Both are attachments, so a browser
 * following the link saves a file rather than showing it.
 */
export function registerPersonalDataRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { personalData } = deps.services;

  api.route({
    method: 'get',
    path: '/stories/:id/personal-data',
    summary:
      'Everything careloop holds about a story, for its author (subject access), as a JSON file: the story with the email and postcode given, the moderation decisions about it, its responses and the author’s replies, and the email subscriptions of its address.',
    tag,
    access: 'author',
    params: { id: objectIdParam },
    cache: 'private',
    responses: {
      200: { description: 'The download.', schema: storyPersonalDataSchema },
      404: { description: 'There is no story with this id, or the key is not its author key.' },
    },
    async handler(ctx, { params, principal }) {
      const data = await personalData.ofStory(params.id, principal.keyHash);
      ctx.attachment(`careloop-story-${params.id}.json`, { type: 'attachment' });
      ctx.body = data;
    },
  });

  api.route({
    method: 'get',
    path: '/account/personal-data',
    summary:
      'Everything careloop holds about the signed-in account (subject access), as a JSON file: the account, its sessions, its subscriptions and every response it wrote.',
    tag,
    access: 'signed-in',
    cache: 'private',
    responses: { 200: { description: 'The download.', schema: accountPersonalDataSchema } },
    async handler(ctx, { principal }) {
      const data = await personalData.ofAccount(principal.user.id);
      ctx.attachment(`careloop-account-${principal.user.id}.json`, { type: 'attachment' });
      ctx.body = data;
    },
  });
}
