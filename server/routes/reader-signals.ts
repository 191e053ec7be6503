import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { readerSignalSchema, readerSignalStateSchema, readerTokenSchema } from '../schemas/reader-signal.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Readers';

const signalRefusals = {
  400: { description: 'The body is not a well-formed reader token and `signalled`.' },
  401: { description: 'The reader token was not issued by this service.' },
  429: { description: 'Too many new signals from this address in the last hour.' },
} as const;

/**
 * Readers' signals, without accounts or cookies: `POST /reader-tokens`, `PUT /stories/:id/me-too`,
 * `PUT /responses/:id/helpful`.
 */
export function registerReaderSignalRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { readerSignals } = deps.services;

  api.route({
    method: 'post',
    path: '/reader-tokens',
    summary:
      'An anonymous reader token, signed by the service and holding nothing about the reader: keep it (the widget keeps it in localStorage) and send it with each signal, so each reader counts once per story or response.',
    tag,
    access: 'public',
    cache: 'no-store',
    leavesPublicContent: true,
    responses: { 201: { description: 'A new token.', schema: readerTokenSchema } },
    async handler(ctx) {
      ctx.status = 201;
      ctx.body = { token: await readerSignals.issueToken() };
    },
  });

  api.route({
    method: 'put',
    path: '/stories/:id/me-too',
    summary:
      'Say "I have had a similar experience" about a published story (`signalled: true`), or take it back (`false`). The same token counts once.',
    tag,
    access: 'public',
    params: { id: objectIdParam },
    body: readerSignalSchema,
    cache: 'no-store',
    responses: {
      200: {
        description: 'The signal as it now is, and the story’s count.',
        schema: readerSignalStateSchema,
      },
      ...signalRefusals,
      404: { description: 'No published story with this id.' },
    },
    async handler(ctx, { body, params }) {
      ctx.body = await readerSignals.setSignal('me-too', params.id, body.token, body.signalled, ctx.ip);
    },
  });

  api.route({
    method: 'put',
    path: '/responses/:id/helpful',
    summary:
      'Say "This response was helpful" about a public response (`signalled: true`), or take it back (`false`). The same token counts once.',
    tag,
    access: 'public',
    params: { id: objectIdParam },
    body: readerSignalSchema,
    cache: 'no-store',
    responses: {
      200: {
        description: 'The signal as it now is, and the response’s count.',
        schema: readerSignalStateSchema,
      },
      ...signalRefusals,
      404: { description: 'No public response with this id on a published story.' },
    },
    async handler(ctx, { body, params }) {
      ctx.body = await readerSignals.setSignal('helpful', params.id, body.token, body.signalled, ctx.ip);
    },
  });
}
