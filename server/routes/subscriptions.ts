import { requireUser } from '../auth/require.js';
import type { ApiContext, ApiRouter } from '../http/api-router.js';
import { httpProblem } from '../problem.js';
import {
  confirmEmailSubscriptionSchema,
  emailSubscriptionAcceptedSchema,
  emailSubscriptionConfirmedSchema,
  newEmailSubscriptionSchema,
  newSubscriptionSchema,
  subscriptionChangeSchema,
  subscriptionListSchema,
  subscriptionOwnerQuerySchema,
  subscriptionSchema,
  type ConfirmEmailSubscriptionBody,
  type NewEmailSubscriptionBody,
  type NewSubscriptionBody,
  type SubscriptionChangeBody,
  type SubscriptionOwnerQuery,
} from '../schemas/subscription.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Subscriptions';
const problem = { description: 'Problem details' };
const signedIn = {
  401: { description: 'Not signed in' },
  403: { description: "Another account's subscriptions, and not an admin" },
};

/**
 * `/subscriptions` (an account's own alerts; admins manage anyone's with `?userId=`) and
 * `/email-subscriptions` (alerts to any email address, double opt-in).
 */
export function registerSubscriptionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { subscriptions, notifier } = deps.services;

  api.route<undefined, SubscriptionOwnerQuery>({
    method: 'get',
    path: '/subscriptions',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary: "The signed-in account's subscriptions (admins: anyone's, with `?userId=`).",
    tag,
    access: 'signed-in',
    query: subscriptionOwnerQuerySchema,
    responses: {
      200: { description: 'Subscriptions, oldest first', schema: subscriptionListSchema },
      ...signedIn,
      404: problem,
    },
    async handler(ctx, { query }) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { subscriptions: await subscriptions.listForAccount(ownerOf(ctx, query)) };
    },
  });

  api.route<NewSubscriptionBody, SubscriptionOwnerQuery>({
    method: 'post',
    path: '/subscriptions',
    summary:
      'Subscribe to stories about a service and everything below it, or about a constituency: by email as each is published, or as a daily digest.',
    tag,
    access: 'signed-in',
    body: newSubscriptionSchema,
    query: subscriptionOwnerQuerySchema,
    responses: {
      201: { description: 'Subscribed', schema: subscriptionSchema },
      400: problem,
      ...signedIn,
      404: problem,
      409: { description: 'Already subscribed to that service or constituency' },
    },
    async handler(ctx, { body, query }) {
      const subscription = await subscriptions.createForAccount(ownerOf(ctx, query), body);
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/subscriptions/${subscription.id}`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = subscription;
    },
  });

  api.route<SubscriptionChangeBody, SubscriptionOwnerQuery>({
    method: 'patch',
    path: '/subscriptions/:id',
    summary: "Change a subscription's minimum criticality or mode.",
    tag,
    access: 'signed-in',
    body: subscriptionChangeSchema,
    query: subscriptionOwnerQuerySchema,
    responses: {
      200: { description: 'The changed subscription', schema: subscriptionSchema },
      400: problem,
      ...signedIn,
      404: problem,
    },
    async handler(ctx, { body, query }) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await subscriptions.updateForAccount(ownerOf(ctx, query), ctx.params.id ?? '', body);
    },
  });

  api.route<undefined, SubscriptionOwnerQuery>({
    method: 'delete',
    path: '/subscriptions/:id',
    summary: 'End a subscription.',
    tag,
    access: 'signed-in',
    query: subscriptionOwnerQuerySchema,
    responses: { 204: { description: 'Unsubscribed' }, ...signedIn, 404: problem },
    async handler(ctx, { query }) {
      await subscriptions.deleteForAccount(ownerOf(ctx, query), ctx.params.id ?? '');
      ctx.status = 204;
    },
  });

  api.route<NewEmailSubscriptionBody>({
    method: 'post',
    path: '/email-subscriptions',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary:
      'Get alerts about a service or a constituency by email, without an account. A confirmation email is sent first; nothing else is sent until the link in it is followed. The answer is the same whether or not the address is already subscribed.',
    tag,
    access: 'public',
    body: newEmailSubscriptionSchema,
    responses: {
      202: { description: 'A confirmation email is on its way', schema: emailSubscriptionAcceptedSchema },
      400: problem,
      429: { description: 'Too many requests from this client; see Retry-After' },
    },
    async handler(ctx, { body }) {
      await subscriptions.requestEmailSubscription(body, ctx.ip);
      notifier.kick();
      ctx.status = 202;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        status: 'pending-confirmation',
        detail: 'If the address can receive alerts, an email asking to confirm them is on its way.',
      };
    },
  });

  api.route<ConfirmEmailSubscriptionBody>({
    method: 'post',
    path: '/email-subscriptions/confirm',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary: 'Confirm an email subscription with the token from its confirmation email.',
    tag,
    access: 'public',
    body: confirmEmailSubscriptionSchema,
    responses: {
      200: { description: 'Confirmed: alerts start now', schema: emailSubscriptionConfirmedSchema },
      400: problem,
      404: { description: 'The token names no subscription' },
    },
    async handler(ctx, { body }) {
      const { scopeName } = await subscriptions.confirmEmailSubscription(body.token);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { status: 'confirmed', scopeName };
    },
  });
}

/** Whose subscriptions a request manages: the caller's own, or (admins only) `?userId=`'s. */
function ownerOf(ctx: ApiContext, query: SubscriptionOwnerQuery): string {
  const user = requireUser(ctx);
  if (query.userId === undefined || query.userId === user.id) return user.id;
  if (user.role !== 'admin') {
    throw httpProblem(403, { detail: "Only admins can manage other accounts' subscriptions." });
  }
  return query.userId;
}
