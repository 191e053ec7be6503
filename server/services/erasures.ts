import type { Types } from 'mongoose';
import { isObjectId } from '../domain/object-id.js';
import type { SignedInUser } from '../auth/principal.js';
import { sameTokenHash } from '../auth/tokens.js';
import { DomainError } from '../domain/errors.js';
import {
  toErasableStory,
  toErasableSubscription,
  type ErasableStoryView,
  type ErasableSubscriptionView,
} from '../mappers/erasure.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import { erasedStatus } from '../models/story.js';
import { eraseStories, sameAddress, type ErasableStory, type ErasureCounts } from './erasure.js';
import type { OrganisationService } from './organisations.js';
import { RateLimiter } from './rate-limiter.js';
import type { ServiceDeps } from './service-deps.js';
import { StoreCompaction } from './store-compaction.js';

/** Everything held about one address, as a moderator is shown it before erasing it. */
export interface AddressHoldings {
  stories: ErasableStoryView[];
  subscriptions: ErasableSubscriptionView[];
  /** Erasures already made for this address (matched by its keyed hash): when, and on whose request. */
  earlierErasures: { at: string; kind: 'author' | 'moderator' }[];
}

/** What an erasure did, as its audit record holds it. */
export interface ErasureReceipt {
  id: string;
  at: string;
  storyIds: string[];
  counts: ErasureCounts;
}

/** An erasure record as the replaced store held it (see ErasureService.reapply). */
export interface ReplacedErasure extends Record<string, unknown> {
  _id: Types.ObjectId;
  at: Date;
  by: { id: string; name: string };
  addressHash: string | null;
  storyIds: string[];
}

/** Every collection erasure writes to: each is compacted after one. */
const erasedCollections = [
  'stories',
  'replies',
  'responses',
  'subscriptions',
  'outboxMessages',
  'webhookDeliveries',
] as const;

/** The story fields an erasure reads before it blanks them. */
const erasableFields = {
  email: 1,
  moderation: 1,
  authorKeyHash: 1,
  status: 1,
  onBehalf: 1,
  publishedAt: 1,
} as const;

/**
 * Erasure on request (UK GDPR article 17): by the author from the private link, or by a moderator for
 * everything tied to an address. What is erased and what is kept: erasure.ts; how it leaves the disk:
 * store-compaction.ts. Each erasure is audited (`erasures`) with who, when, counts and a keyed hash of
 * the address, never the address; the log line holds the same.
 */
export class ErasureService {
  private readonly rateLimiter: RateLimiter;
  readonly compaction: StoreCompaction;

  constructor(private readonly deps: ServiceDeps & { organisations: OrganisationService }) {
    // Its per-deployment key (in `settings`) keys the address hashes too: one server secret.
    this.rateLimiter = new RateLimiter(deps);
    this.compaction = new StoreCompaction(deps);
  }

  /** Resolves once the compactions erasures asked for have run (shutdown waits for them). */
  stop(): Promise<void> {
    return this.compaction.settled();
  }

  /**
   * The author erases their story and their details.
   * @throws `not-found` unless `authorKeyHash` is the story's author key; `gone` if already erased.
   */
  async eraseOwnStory(
    id: string,
    authorKeyHash: string,
  ): Promise<{ id: string; status: 'erased'; erasedAt: string }> {
    const story = isObjectId(id)
      ? await this.deps.models.stories
          .findById(id, erasableFields)
          .lean<ErasableStory & { authorKeyHash: string; status: string }>()
      : null;
    if (!story || !sameTokenHash(story.authorKeyHash, authorKeyHash))
      throw DomainError.notFound('There is no story with this id.');
    if (story.status === erasedStatus) throw erasedGone();
    const at = new Date();
    const addresses = story.email ? [story.email] : [];
    await this.erase([story], addresses, { kind: 'author', by: { id: 'author', name: 'author' }, at });
    return { id, status: 'erased', erasedAt: at.toISOString() };
  }

  /** Every story and email subscription tied to `address`, for a moderator to check before erasing. */
  async findByAddress(address: string): Promise<AddressHoldings> {
    const [stories, subscriptions, earlier] = await Promise.all([
      this.deps.models.stories
        .find(
          { email: sameAddress(address), status: { $ne: erasedStatus } },
          { title: 1, status: 1, createdAt: 1, publishedAt: 1 },
        )
        .sort({ createdAt: 1 })
        .lean<Parameters<typeof toErasableStory>[0][]>(),
      this.deps.models.subscriptions
        .find({ kind: 'email', email: sameAddress(address) })
        .sort({ createdAt: 1 })
        .lean<SubscriptionRecord[]>(),
      this.deps.models.erasureRecords
        .find({ addressHash: await this.addressHash(address) }, { at: 1, kind: 1 })
        .sort({ at: 1 })
        .lean<{ at: Date; kind: 'author' | 'moderator' }[]>(),
    ]);
    const serviceIds = subscriptions.flatMap((subscription) =>
      subscription.service ? [subscription.service] : [],
    );
    const services = serviceIds.length ? await this.deps.organisations.byIds(serviceIds) : new Map();
    const serviceNames = new Map(
      [...services].map(([id, organisation]) => [id, organisation.name as string]),
    );
    return {
      stories: stories.map(toErasableStory),
      subscriptions: subscriptions.map((subscription) => toErasableSubscription(subscription, serviceNames)),
      earlierErasures: earlier.map((record) => ({ at: record.at.toISOString(), kind: record.kind })),
    };
  }

  /** Erases every story and email subscription tied to `address`, on a moderator's word. */
  async eraseByAddress(address: string, moderator: SignedInUser): Promise<ErasureReceipt> {
    const stories = await this.deps.models.stories
      .find({ email: sameAddress(address), status: { $ne: erasedStatus } }, erasableFields)
      .lean<ErasableStory[]>();
    return this.erase(stories, [address], {
      kind: 'moderator',
      by: { id: moderator.id, name: moderator.name },
      at: new Date(),
    });
  }

  /**
   * After a restore replaced the store: makes again each erasure `records` (the replaced store's) holds
   * and the restored store does not, so restoring an older backup never brings back what was erased.
   * The stories are blanked as before, with their authors' subscriptions and mail, and so are the email
   * subscriptions of the erased address (matched by its keyed hash); the record is kept as it was.
   * @returns how many erasures were made again.
   */
  async reapply(records: ReplacedErasure[]): Promise<number> {
    const { models } = this.deps;
    let reapplied = 0;
    for (const record of records) {
      if (await models.erasureRecords.exists({ _id: record._id })) continue;
      const stories = await models.stories
        .find({ _id: { $in: record.storyIds }, status: { $ne: erasedStatus } }, erasableFields)
        .lean<ErasableStory[]>();
      const addresses = [...new Set(stories.flatMap((story) => (story.email ? [story.email] : [])))];
      if (record.addressHash) addresses.push(...(await this.subscribedAddressesHashedAs(record.addressHash)));
      const { removedMessages } = await eraseStories(models, stories, addresses, record.by, record.at);
      await models.erasureRecords.collection.insertOne(record);
      void this.compaction.request(
        erasedCollections,
        removedMessages.map((message) => message.dedupeKey),
      );
      this.deps.logger.info(
        { erasure: String(record._id), storyIds: record.storyIds },
        'erasure made again after a restore',
      );
      reapplied += 1;
    }
    return reapplied;
  }

  /** The subscribed addresses whose keyed hash is `addressHash` (the record never holds the address). */
  private async subscribedAddressesHashedAs(addressHash: string): Promise<string[]> {
    const addresses = await this.deps.models.subscriptions.distinct('email', { kind: 'email' });
    const matching: string[] = [];
    for (const address of addresses as string[])
      if ((await this.addressHash(address)) === addressHash) matching.push(address);
    return matching;
  }

  /** Erases, audits, logs, and has the store's files rewritten. */
  private async erase(
    stories: ErasableStory[],
    addresses: string[],
    how: { kind: 'author' | 'moderator'; by: { id: string; name: string }; at: Date },
  ): Promise<ErasureReceipt> {
    const { counts, removedMessages } = await eraseStories(
      this.deps.models,
      stories,
      addresses,
      how.by,
      how.at,
    );
    const addressHash = addresses[0] === undefined ? null : await this.addressHash(addresses[0]);
    const storyIds = stories.map((story) => story._id.toHexString());
    const record = await this.deps.models.erasureRecords.create({ ...how, addressHash, storyIds, counts });
    this.deps.logger.info(
      { erasure: record._id.toHexString(), kind: how.kind, by: how.by.id, addressHash, counts },
      'erasure: personal data erased',
    );
    void this.compaction.request(
      erasedCollections,
      removedMessages.map((message) => message.dedupeKey),
    );
    return { id: record._id.toHexString(), at: how.at.toISOString(), storyIds, counts };
  }

  /** The address's keyed hash: the same address (however typed) always gives the same one. */
  private async addressHash(address: string): Promise<string> {
    return this.rateLimiter.storedKey(
      { keyKind: 'identifier' },
      `erasure\u0000${address.trim().toLowerCase()}`,
    );
  }
}

/** What the private link of an erased story answers, in the author's own terms. */
export function erasedGone(): DomainError {
  return DomainError.gone('This story was deleted at your request, with your details.');
}
