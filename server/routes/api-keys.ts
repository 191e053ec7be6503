import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { toApiKeyView, toNewApiKeyView } from '../mappers/api-key.js';
import {
  apiKeyListSchema,
  apiKeySchema,
  createApiKeyBodySchema,
  listApiKeysQuerySchema,
  newApiKeySchema,
} from '../schemas/api-key.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'API keys';
const noSuchKey = { 404: { description: 'No API key with this id.' } };

/**
 * Partners' read-only API keys, managed by admins (docs/decisions/2026-12-07-api-keys.md):
 * `POST/GET /api-keys`, `GET /api-keys/:id`, `POST /api-keys/:id/revocation`.
 */
export function registerApiKeyRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { apiKeys } = deps.services;

  api.route({
    method: 'post',
    path: '/api-keys',
    summary:
      'Create a read-only API key for a partner, scoped to a board and a scope (admins only). The key is in this answer only: only its hash is kept.',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    body: createApiKeyBodySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Created: hand `key` to the partner now.', schema: newApiKeySchema },
      400: { description: 'A field is invalid (each is named).' },
    },
    async handler(ctx, { body, principal }) {
      const { key, record } = await apiKeys.create(body, {
        id: principal.user.id,
        name: principal.user.name,
      });
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/api-keys/${record._id.toHexString()}`);
      ctx.body = toNewApiKeyView(record, key, await apiKeys.boardsOf([record]));
    },
  });

  api.route({
    method: 'get',
    path: '/api-keys',
    summary: 'Every API key, revoked and expired ones too, newest first (admins only). Never the keys.',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    query: listApiKeysQuerySchema,
    cache: 'no-store',
    responses: { 200: { description: 'The keys.', schema: apiKeyListSchema } },
    async handler(ctx, { query }) {
      const keys = await apiKeys.list(query);
      const boards = await apiKeys.boardsOf(keys);
      ctx.body = { keys: keys.map((key) => toApiKeyView(key, boards)) };
    },
  });

  api.route({
    method: 'get',
    path: '/api-keys/:id',
    summary: 'One API key (admins only), never the key itself.',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: { 200: { description: 'The key.', schema: apiKeySchema }, ...noSuchKey },
    async handler(ctx, { params }) {
      const key = await apiKeys.get(params.id);
      ctx.body = toApiKeyView(key, await apiKeys.boardsOf([key]));
    },
  });

  api.route({
    method: 'post',
    path: '/api-keys/:id/revocation',
    summary:
      'Revoke an API key (admins only): its next request, on any instance, is refused with 401. Revoking again changes nothing.',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: { 200: { description: 'The revoked key.', schema: apiKeySchema }, ...noSuchKey },
    async handler(ctx, { params, principal }) {
      const key = await apiKeys.revoke(params.id, { id: principal.user.id, name: principal.user.name });
      ctx.body = toApiKeyView(key, await apiKeys.boardsOf([key]));
    },
  });
}
