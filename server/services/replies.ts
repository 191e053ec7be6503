import { sameTokenHash } from '../auth/tokens.js';
import { isObjectId } from '../domain/object-id.js';
import { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import {
  toAuthorReply,
  toModerationReply,
  type AuthorReply,
  type ModerationReply,
  type ReplyStatus,
  type StoredReply,
} from '../mappers/reply.js';
import type { IdempotencyStamp } from '../models/idempotency-stamp.js';
import type { Models } from '../models/index.js';
import { DomainError } from '../domain/errors.js';
import type { ModerationActionName } from '../schemas/moderation.js';
import type { ReplyModerationActionBody, ReplySubmission } from '../schemas/reply.js';
import { createOnce, findStamp } from './idempotency.js';
import { detectFlags } from './pii-flags.js';
import { RateLimiter, type LimitRule } from './rate-limiter.js';
import { auditedChanges } from './audited-changes.js';

/** What `POST /stories/:id/replies` answers. */
export interface ReplyReceipt {
  id: string;
  status: 'submitted';
}

/** Replies waiting for a moderator. */
export const queuedReplyStatuses = ['submitted', 'held'] as const;

/**
 * What each action makes of a reply, whatever state it is in: as with stories, a moderator can take a
 * published reply down after a complaint, or publish one they rejected by mistake.
 */
const statusAfter: Record<ModerationActionName, ReplyStatus> = {
  publish: 'published',
  hold: 'held',
  reject: 'rejected',
};

/** Replies one story may receive per hour: a leaked author key cannot flood the moderation queue. */
const repliesPerStory: LimitRule = {
  name: 'reply-submission',
  limit: 20,
  windowSeconds: 60 * 60,
  keyKind: 'identifier',
};

/**
 * The author's replies to the responses on their story: taken (with flags) for moderation, moderated
 * like stories, and shown to the author with their status. Publishing one queues the reply `published`
 * event (the responders hear of it) in the same update.
 */
export class ReplyService {
  private readonly logger: Logger;
  private readonly models: Models;
  private readonly rateLimiter: RateLimiter;
  private clock: () => Date = () => new Date();

  constructor(deps: { config: Config; logger: Logger; models: Models }) {
    this.logger = deps.logger;
    this.models = deps.models;
    this.rateLimiter = new RateLimiter({ models: deps.models });
  }

  /** Tests: count replies against the hourly limit by this clock from now on. */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  /**
   * Takes the author's reply for moderation. A retry with the same Idempotency-Key and body gets the
   * first receipt back (`replayed: true`) and creates nothing, whenever the first request died (see
   * createOnce), even if the story has since been withdrawn.
   * @throws `not-found` unless `authorKeyHash` is this story's author key (exactly as for a story that does
   * not exist); `conflict` when the story is not published; `too-many` past the hourly limit for the story; `key-reused` when
   * the key was used with another reply.
   */
  async submit(
    storyId: string,
    authorKeyHash: string,
    submission: ReplySubmission,
    idempotencyKey?: string,
  ): Promise<{ receipt: ReplyReceipt; replayed: boolean }> {
    const story = await this.findStory(storyId);
    if (!sameTokenHash(story.authorKeyHash, authorKeyHash)) throw storyNotFound();
    return createOnce<ReplyReceipt>(
      { scope: `POST /stories/${story._id.toHexString()}/replies`, key: idempotencyKey, body: submission },
      {
        findStamp: (keyHash) => findStamp(this.models.replies, keyHash),
        create: (stamp) => {
          if (story.status !== 'published') {
            throw DomainError.conflict(
              `This story is ${story.status}: replies can be sent once it is published.`,
              { facts: { storyStatus: story.status } },
            );
          }
          return this.createReply(story._id, submission, stamp);
        },
      },
    );
  }

  /** Stores the reply, with `stamp(receipt)` (the Idempotency-Key's use) in the same insert. */
  private async createReply(
    storyId: Types.ObjectId,
    submission: ReplySubmission,
    stamp: (receipt: ReplyReceipt) => IdempotencyStamp | undefined,
  ): Promise<ReplyReceipt> {
    const limit = await this.rateLimiter.hit(repliesPerStory, storyId.toHexString(), this.clock());
    if (!limit.allowed) {
      throw DomainError.tooMany(
        'Too many replies to this story in the last hour. Please try again later.',
        limit.retryAfterSeconds,
      );
    }
    const body = submission.body.trim();
    const _id = new Types.ObjectId();
    const receipt: ReplyReceipt = { id: _id.toHexString(), status: 'submitted' };
    await this.models.replies.create({
      _id,
      storyId,
      body,
      kind: submission.kind ?? 'reply',
      status: 'submitted',
      flags: detectFlags('', body),
      idempotency: stamp(receipt),
    });
    this.logger.info({ storyId: storyId.toHexString(), replyId: receipt.id }, 'reply submitted');
    return receipt;
  }

  /** Every reply to the story, oldest first, as its author sees them (any status, with reasons). */
  async authorRepliesOf(storyId: string | Types.ObjectId): Promise<AuthorReply[]> {
    return authorRepliesOf(this.models, storyId);
  }

  /**
   * Publishes, holds or rejects a reply, applying the moderator's edit of its body first (the original
   * is kept in the audit entry). Publishing sets `publishedAt` (the first time) and, on a real change
   * to published, queues the reply `published` event: one atomic update, guarded on the state the reply
   * was read in, so two moderators acting at once cannot both win.
   * @throws `not-found` unknown reply; `conflict` changed meanwhile, or publishing a reply whose story is not published.
   */
  async moderate(
    id: string,
    request: ReplyModerationActionBody,
    moderator: SignedInUser,
  ): Promise<ModerationReply> {
    const reply = await this.findReply(id);
    const story = await this.models.stories
      .findById(reply.storyId, { title: 1, status: 1 })
      .lean<{ _id: Types.ObjectId; title: string; status: string }>();
    const nextStatus = statusAfter[request.action];
    const reason = request.reason?.trim();
    if ((request.action === 'reject' || request.action === 'hold') && !reason) {
      throw DomainError.invalid([
        { field: 'reason', code: 'required', message: 'is required to hold or reject a reply' },
      ]);
    }
    if (nextStatus === 'published' && story?.status !== 'published') {
      throw DomainError.conflict(
        `The story this reply answers is ${story?.status ?? 'gone'}: the reply cannot be published.`,
        { facts: { storyStatus: story?.status ?? null } },
      );
    }

    const now = new Date();
    const audit = auditedChanges();
    const { set, change } = audit;
    const body = request.body?.trim() ?? reply.body;
    change('body', reply.body, body);
    change('status', reply.status, nextStatus);
    change('statusReason', reply.statusReason ?? null, nextStatus === 'published' ? null : reason);
    if ('body' in set) set.flags = detectFlags('', body);
    if (nextStatus === 'published' && !reply.publishedAt) set.publishedAt = now;

    const entry = audit.entry(moderator, request.action, reason, now);
    const push: Record<string, unknown> = { moderation: entry };
    if (nextStatus === 'published' && reply.status !== 'published') {
      push.pendingEvents = { type: 'published', at: now };
    }
    const { matchedCount } = await this.models.replies.updateOne(
      {
        _id: reply._id,
        status: reply.status,
        updatedAt: reply.updatedAt,
        moderation: { $size: reply.moderation?.length ?? 0 },
      },
      { $set: set, $push: push },
    );
    if (matchedCount !== 1) {
      throw DomainError.conflict('This reply changed while you were moderating it. Reload it and try again.');
    }
    this.logger.info(
      {
        replyId: id,
        storyId: reply.storyId.toHexString(),
        action: request.action,
        moderatorId: moderator.id,
      },
      'reply moderated',
    );
    return toModerationReply(await this.findReply(id), story);
  }

  private async findStory(id: string) {
    const story = isObjectId(id)
      ? await this.models.stories
          .findById(id, { authorKeyHash: 1, status: 1 })
          .lean<{ _id: Types.ObjectId; authorKeyHash: string; status: string }>()
      : null;
    if (!story) throw storyNotFound();
    return story;
  }

  private async findReply(id: string): Promise<StoredReply> {
    const reply = isObjectId(id) ? await this.models.replies.findById(id).lean<StoredReply>() : null;
    if (!reply) throw DomainError.notFound('There is no reply with this id.');
    return reply;
  }
}

/**
 * Every reply to the story, oldest first, as its author sees them: for the author view of
 * `GET /stories/:id` (the author key has been checked by the caller).
 */
export async function authorRepliesOf(
  models: Models,
  storyId: string | Types.ObjectId,
): Promise<AuthorReply[]> {
  const replies = await models.replies
    .find({ storyId: new Types.ObjectId(storyId) })
    .sort({ createdAt: 1, _id: 1 })
    .lean<StoredReply[]>();
  return replies.map(toAuthorReply);
}

function storyNotFound() {
  return DomainError.notFound('There is no published story with this id.');
}
