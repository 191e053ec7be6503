import { moderationStoryDetailSchema } from '../schemas/moderation.js';
import { DomainError } from '../domain/errors.js';
import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { pageSize } from '../http/page-size.js';
import {
  analystStoryDetailSchema,
  authorStoryDetailSchema,
  onBehalfReceiptSchema,
  onBehalfSubmissionSchema,
  authorStorySchema,
  storyDetailSchema,
  storyListQuerySchema,
  storyPageSchema,
  storyReceiptSchema,
  storySubmissionSchema,
  type StoryListQuery,
} from '../schemas/story.js';
import type { StoryListFilters } from '../services/stories.js';
import { proofOfWorkHeader } from '../services/submission-limits.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Stories';
const dayMs = 24 * 60 * 60 * 1000;

/** `POST /stories`, `GET /stories`, `GET /stories/:id`, `POST /stories/:id/withdrawal`. */
export function registerStoryRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { stories, notifier } = deps.services;

  api.route({
    method: 'post',
    path: '/stories',
    summary:
      'Tell a story. It is read by a moderator before it is published. Send an `Idempotency-Key` header to retry safely.',
    tag,
    access: 'public',
    idempotent: true,
    body: storySubmissionSchema,
    cache: 'no-store',
    // Waiting for moderation, it is in no feed, list or thread: the public caches keep their pages.
    leavesPublicContent: true,
    responses: {
      201: { description: 'Received, waiting for moderation.', schema: storyReceiptSchema },
      429: {
        description:
          'Too many stories from this address in the last hour. With a `proofOfWork` member ({challenge, difficulty}), the story is taken when sent again with `Careloop-Proof-Of-Work: <challenge>:<solution>`, where SHA-256 of that value starts with `difficulty` zero bits; without one, wait for `Retry-After`.',
      },
    },
    async handler(ctx, { body, idempotencyKey }) {
      const { receipt, replayed } = await stories.submit(body, {
        clientAddress: ctx.ip,
        source: wellFormedOrigin(ctx.get('Origin')),
        idempotencyKey,
        proofOfWork: ctx.get(proofOfWorkHeader) || undefined,
      });
      // A story with an email carries the news of its private link for the notifier.
      if (!replayed) notifier.kick();
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/stories/${receipt.id}`);
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = receipt;
    },
  });

  api.route({
    method: 'post',
    path: '/stories/on-behalf',
    summary:
      'Enter a story for its author, with their consent: from a paper form, a phone call, a kiosk or in person (staff, about services they act for; moderators and admins). It is moderated like any other and shown as told on the author’s behalf. If the author gave an email, their private link is sent to it; it is never given to you. Send an `Idempotency-Key` header to retry safely.',
    tag,
    access: 'signed-in',
    roles: ['staff', 'moderator', 'admin'],
    idempotent: true,
    body: onBehalfSubmissionSchema,
    cache: 'no-store',
    leavesPublicContent: true,
    responses: {
      201: { description: 'Received, waiting for moderation.', schema: onBehalfReceiptSchema },
      403: { description: 'Not staff, a moderator or an admin, or a service you do not act for.' },
    },
    async handler(ctx, { body, principal, idempotencyKey }) {
      const { receipt, replayed } = await stories.submitOnBehalf(body, principal.user, idempotencyKey);
      if (!replayed) notifier.kick();
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/stories/${receipt.id}`);
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = receipt;
    },
  });

  api.route({
    method: 'get',
    path: '/stories',
    summary:
      'Published stories, newest first, optionally about one service and everything below it. With a partner’s API key: only the stories of its board (with `stories:read-staff`, each with its criticality and progress).',
    tag,
    access: 'public',
    apiKeyScope: 'stories:read',
    query: storyListQuerySchema,
    cache: 'no-cache',
    responses: { 200: { description: 'One page of stories.', schema: storyPageSchema } },
    async handler(ctx, { query, principal }) {
      ctx.body = await stories.list(listFilters(query), principal);
    },
  });

  api.route({
    method: 'get',
    path: '/stories/:id',
    summary:
      'One story with its thread (responses and the author’s published replies, oldest first) and who is listening: published ones for everyone; the author (author key) sees theirs in any state, with their replies; moderators see every story. Staff and stakeholders in scope, moderators and admins also see its progress.',
    tag,
    access: 'public',
    apiKeyScope: 'stories:read',
    params: { id: objectIdParam },
    responses: {
      200: {
        description:
          'The story, as the requester may see it (a partner’s API key: a published story of its board; with `stories:read-staff`, with its criticality and progress).',
        schema: {
          anyOf: [
            storyDetailSchema,
            authorStoryDetailSchema,
            moderationStoryDetailSchema,
            analystStoryDetailSchema,
          ],
        },
      },
      404: { description: 'There is no story with this id that you may see.' },
      410: {
        description:
          'Its author (author key) or a moderator asks for a story erased at its author’s request.',
      },
    },
    async handler(ctx, { params, principal }) {
      const { view, story } = await stories.read(params.id, principal);
      ctx.set('Vary', 'Authorization');
      // Who asks decides what is shown, so the policy is the answer's, not the route's.
      ctx.set('Cache-Control', view === 'public' ? 'no-cache' : 'private, no-store');
      ctx.body = story;
    },
  });

  api.route({
    method: 'post',
    path: '/stories/:id/withdrawal',
    summary: 'Withdraw a story: it leaves every public answer at once. Withdrawing again changes nothing.',
    tag,
    access: 'author',
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      200: { description: 'The withdrawn story, as its author sees it.', schema: authorStorySchema },
      404: { description: 'There is no story with this id, or the key is not its author key.' },
    },
    async handler(ctx, { params, principal }) {
      ctx.body = await stories.withdraw(params.id, principal.keyHash);
    },
  });
}

/** The `Origin` header when it is a plain http(s) origin (`https://board.example`), else null. */
export function wellFormedOrigin(header: string): string | null {
  if (!header || header.length > 300) return null;
  try {
    const url = new URL(header);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin === header.toLowerCase() ? url.origin : null;
  } catch {
    return null;
  }
}

/** The list query's strings as typed filters; `to` counts its whole day. */
function listFilters(query: StoryListQuery): StoryListFilters {
  const limit = pageSize(query.limit);
  const from = query.from === undefined ? undefined : new Date(`${query.from}T00:00:00Z`);
  const before = query.to === undefined ? undefined : new Date(Date.parse(`${query.to}T00:00:00Z`) + dayMs);
  if (from && before && from >= before) {
    throw DomainError.invalid(
      [{ field: 'to', code: 'dates-out-of-order', message: 'must not be before from' }],
      'The query string has invalid parameters.',
    );
  }
  return {
    service: query.service,
    constituency: query.constituency,
    mine: query.mine === 'true',
    q: query.q,
    tag: query.tag,
    authorRole: query.authorRole,
    from,
    before,
    responded: query.responded === undefined ? undefined : query.responded === 'true',
    limit,
    cursor: query.cursor,
  };
}
