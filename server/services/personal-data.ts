import { Types } from 'mongoose';
import { sameTokenHash } from '../auth/tokens.js';
import { isObjectId } from '../domain/object-id.js';
import { DomainError } from '../domain/errors.js';
import type { Models } from '../models/index.js';
import {
  toAccountPersonalData,
  toStoryPersonalData,
  type AccountPersonalData,
  type StoryPersonalData,
} from '../mappers/personal-data.js';
import type { StoredStory } from '../mappers/story.js';
import type { StoredReply } from '../mappers/reply.js';
import type { StoredResponse } from '../mappers/response.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import type { UserRecord } from '../mappers/user.js';
import type { SubscriptionService } from './subscriptions.js';

/**
 * Subject access (UK GDPR art. 15): what careloop holds about one story, for the holder of its author
 * key, and about one account, for that account. Read-only; docs/privacy.md lists what each holds.
 */
export class PersonalDataService {
  constructor(
    private readonly deps: {
      models: Models;
      subscriptions: Pick<SubscriptionService, 'scopeNameOf' | 'listForAccount'>;
    },
  ) {}

  /** @throws `not-found` unless `authorKeyHash` is the story's (the same answer as no such story). */
  async ofStory(storyId: string, authorKeyHash: string, now = new Date()): Promise<StoryPersonalData> {
    const { stories, responses, replies, subscriptions } = this.deps.models;
    const story = isObjectId(storyId) ? await stories.findById(storyId).lean<StoredStory>() : null;
    if (!story || !sameTokenHash(story.authorKeyHash, authorKeyHash)) {
      throw DomainError.notFound('There is no story with this id that this key opens.');
    }
    const [thread, ownReplies, ofAddress] = await Promise.all([
      responses
        // The author's copy of their story's thread: what the public sees of it, never a queued response.
        .find({ storyId: story._id, deletedAt: null, withheld: null })
        .sort({ createdAt: 1 })
        .lean<StoredResponse[]>(),
      replies.find({ storyId: story._id }).sort({ createdAt: 1 }).lean<StoredReply[]>(),
      story.email
        ? subscriptions
            .find({ kind: 'email', email: story.email })
            .sort({ _id: 1 })
            .lean<SubscriptionRecord[]>()
        : Promise.resolve([]),
    ]);
    const named = await Promise.all(
      ofAddress.map(async (record) => ({
        record,
        scopeName: await this.deps.subscriptions.scopeNameOf(record),
      })),
    );
    return toStoryPersonalData(story, { responses: thread, replies: ownReplies }, named, now);
  }

  /** @throws `not-found` for an account that no longer exists. */
  async ofAccount(userId: string, now = new Date()): Promise<AccountPersonalData> {
    const { users, sessions, responses } = this.deps.models;
    const user = await users.findById(userId).lean<UserRecord>();
    if (!user) throw DomainError.notFound('There is no account with that id.');
    const owner = new Types.ObjectId(userId);
    const [ownSessions, ownSubscriptions, ownResponses] = await Promise.all([
      sessions
        .find({ userId: owner }, { createdAt: 1, expiresAt: 1 })
        .sort({ createdAt: 1 })
        .lean<{ createdAt: Date; expiresAt: Date }[]>(),
      this.deps.subscriptions.listForAccount(userId),
      responses.find({ 'responder.userId': owner }).sort({ createdAt: 1 }).lean<StoredResponse[]>(),
    ]);
    return toAccountPersonalData(
      user,
      { sessions: ownSessions, subscriptions: ownSubscriptions, responses: ownResponses },
      now,
    );
  }
}
