import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import {
  createdWebhookEndpointSchema,
  newWebhookEndpointSchema,
  webhookDeliveryListSchema,
  webhookDeliveryQuerySchema,
  webhookDeliverySchema,
  webhookEndpointChangeSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from '../schemas/webhook.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Webhooks';
const noSuchEndpoint = { 404: { description: 'No webhook endpoint with this id.' } };

/**
 * `/webhooks`: admins register receivers of careloop's events (Standard Webhooks: signed, retried for a
 * day), see each endpoint's deliveries and redeliver one. Nothing here is public content.
 */
export function registerWebhookRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { webhooks } = deps.services;
  // Endpoints and their deliveries are the deployment's configuration: admins only, never cached.
  const admins = {
    access: 'signed-in' as const,
    roles: ['admin' as const],
    tag,
    cache: 'no-store' as const,
    leavesPublicContent: true as const,
  };

  api.route({
    ...admins,
    method: 'get',
    path: '/webhooks',
    summary: 'The registered webhook endpoints, oldest first (never their secrets).',
    responses: { 200: { description: 'The endpoints.', schema: webhookEndpointListSchema } },
    async handler(ctx) {
      ctx.body = { items: await webhooks.list() };
    },
  });

  api.route({
    ...admins,
    method: 'post',
    path: '/webhooks',
    summary:
      'Register an endpoint: careloop POSTs the chosen events to it, signed as Standard Webhooks specifies (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The URL must be https on a public address. The answer holds the signing secret, shown this once.',
    body: newWebhookEndpointSchema,
    responses: {
      201: {
        description: 'Registered; keep the secret with the receiver.',
        schema: createdWebhookEndpointSchema,
      },
    },
    async handler(ctx, { body, principal }) {
      ctx.body = await webhooks.register(body, principal.user);
      ctx.status = 201;
    },
  });

  api.route({
    ...admins,
    method: 'patch',
    path: '/webhooks/:id',
    summary: 'Change an endpoint’s URL, events or description (its secret stays).',
    params: { id: objectIdParam },
    body: webhookEndpointChangeSchema,
    responses: { 200: { description: 'Changed.', schema: webhookEndpointSchema }, ...noSuchEndpoint },
    async handler(ctx, { params, body }) {
      ctx.body = await webhooks.update(params.id, body);
    },
  });

  api.route({
    ...admins,
    method: 'delete',
    path: '/webhooks/:id',
    summary: 'Remove an endpoint and its deliveries; pending ones are not sent.',
    params: { id: objectIdParam },
    responses: { 204: { description: 'Removed.' }, ...noSuchEndpoint },
    async handler(ctx, { params }) {
      await webhooks.remove(params.id);
      ctx.status = 204;
    },
  });

  api.route({
    ...admins,
    method: 'get',
    path: '/webhooks/:id/deliveries',
    summary:
      'An endpoint’s deliveries, newest first: pending (with when the next attempt is due), sent, or failed (given up after a day of retries), with attempts and the last status code or error.',
    params: { id: objectIdParam },
    query: webhookDeliveryQuerySchema,
    responses: {
      200: { description: 'A page of deliveries.', schema: webhookDeliveryListSchema },
      ...noSuchEndpoint,
    },
    async handler(ctx, { params, query }) {
      ctx.body = await webhooks.deliveries(params.id, query);
    },
  });

  api.route({
    ...admins,
    method: 'post',
    path: '/webhooks/:id/deliveries/:deliveryId/redelivery',
    summary:
      'Send a delivery again now, with the same `webhook-id` and body (receivers can tell it is the same event), and a fresh day of retries.',
    params: { id: objectIdParam, deliveryId: objectIdParam },
    responses: {
      202: { description: 'Queued to be sent now.', schema: webhookDeliverySchema },
      404: { description: 'No such endpoint, or no such delivery of it.' },
      409: { description: 'An attempt is in flight right now.' },
    },
    async handler(ctx, { params }) {
      ctx.body = await webhooks.redeliver(params.id, params.deliveryId);
      ctx.status = 202;
    },
  });
}
