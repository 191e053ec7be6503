import type { SignedInUser } from '../auth/principal.js';
import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { httpProblem } from '../http/problem.js';
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
  type SubscriptionOwnerQuery,
} from '../schemas/subscription.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Subscriptions';
const otherAccounts = { 403: { description: "Another account's subscriptions, and not an admin" } };
const noSuchAccount = { 404: { description: 'No such account (`userId`)' } };
const noSuchSubscription = { 404: { description: 'No such subscription of this account' } };

/**
 * `/subscriptions` (an account's own alerts; admins manage anyone's with `?userId=`) and
 * `/email-subscriptions` (alerts to any email address, double opt-in).
 */
export function registerSubscriptionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { subscriptions, notifier } = deps.services;

  api.route({
    method: 'get',
    path: '/subscriptions',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary: "The signed-in account's subscriptions (admins: anyone's, with `?userId=`).",
    tag,
    access: 'signed-in',
    query: subscriptionOwnerQuerySchema,
    cache: 'no-store',
    responses: {
      200: { description: 'Subscriptions, oldest first', schema: subscriptionListSchema },
      ...otherAccounts,
      ...noSuchAccount,
    },
    async handler(ctx, { query, principal }) {
      ctx.body = { subscriptions: await subscriptions.listForAccount(ownerOf(principal.user, query)) };
    },
  });

  api.route({
    method: 'post',
    path: '/subscriptions',
    summary:
      'Subscribe to stories about a service and everything below it, or about a constituency: by email as each is published, or as a daily digest.',
    tag,
    access: 'signed-in',
    body: newSubscriptionSchema,
    query: subscriptionOwnerQuerySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Subscribed', schema: subscriptionSchema },
      400: { description: 'Not one service or constituency, or a field is invalid' },
      ...otherAccounts,
      ...noSuchAccount,
      409: { description: 'Already subscribed to that service or constituency' },
    },
    async handler(ctx, { body, query, principal }) {
      const subscription = await subscriptions.createForAccount(ownerOf(principal.user, query), body);
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/subscriptions/${subscription.id}`);
      ctx.body = subscription;
    },
  });

  api.route({
    method: 'patch',
    path: '/subscriptions/:id',
    summary: "Change a subscription's minimum criticality or mode.",
    tag,
    access: 'signed-in',
    params: { id: objectIdParam },
    body: subscriptionChangeSchema,
    query: subscriptionOwnerQuerySchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The changed subscription', schema: subscriptionSchema },
      400: { description: 'A field is invalid' },
      ...otherAccounts,
      ...noSuchSubscription,
    },
    async handler(ctx, { body, query, params, principal }) {
      ctx.body = await subscriptions.updateForAccount(ownerOf(principal.user, query), params.id, body);
    },
  });

  api.route({
    method: 'delete',
    path: '/subscriptions/:id',
    summary: 'End a subscription.',
    tag,
    access: 'signed-in',
    params: { id: objectIdParam },
    query: subscriptionOwnerQuerySchema,
    responses: { 204: { description: 'Unsubscribed' }, ...otherAccounts, ...noSuchSubscription },
    async handler(ctx, { query, params, principal }) {
      await subscriptions.deleteForAccount(ownerOf(principal.user, query), params.id);
      ctx.status = 204;
    },
  });

  api.route({
    method: 'post',
    path: '/email-subscriptions',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary:
      'Get alerts about a service or a constituency by email, without an account. A confirmation email is sent first; nothing else is sent until the link in it is followed. The answer is the same whether or not the address is already subscribed.',
    tag,
    access: 'public',
    body: newEmailSubscriptionSchema,
    cache: 'no-store',
    responses: {
      202: { description: 'A confirmation email is on its way', schema: emailSubscriptionAcceptedSchema },
      400: { description: 'Not one service or constituency, or a field is invalid' },
      429: { description: 'Too many requests from this client; see Retry-After' },
    },
    async handler(ctx, { body }) {
      await subscriptions.requestEmailSubscription(body, ctx.ip);
      notifier.kick();
      ctx.status = 202;
      ctx.body = {
        status: 'pending-confirmation',
        detail: 'If the address can receive alerts, an email asking to confirm them is on its way.',
      };
    },
  });

  api.route({
    method: 'post',
    path: '/email-subscriptions/confirm',
    // Who follows what is never public.
    leavesPublicContent: true,
    summary: 'Confirm an email subscription with the token from its confirmation email.',
    tag,
    access: 'public',
    body: confirmEmailSubscriptionSchema,
    cache: 'no-store',
    responses: {
      200: { description: 'Confirmed: alerts start now', schema: emailSubscriptionConfirmedSchema },
      400: { description: 'No token' },
      404: { description: 'The token names no subscription' },
    },
    async handler(ctx, { body }) {
      const { scopeName } = await subscriptions.confirmEmailSubscription(body.token);
      ctx.body = { status: 'confirmed', scopeName };
    },
  });
}

/** Whose subscriptions a request manages: the caller's own, or (admins only) `?userId=`'s. */
function ownerOf(user: SignedInUser, query: SubscriptionOwnerQuery): string {
  if (query.userId === undefined || query.userId === user.id) return user.id;
  if (user.role !== 'admin') {
    throw httpProblem(403, { detail: "Only admins can manage other accounts' subscriptions." });
  }
  return query.userId;
}
