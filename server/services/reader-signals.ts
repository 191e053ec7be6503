import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../domain/errors.js';
import { isObjectId } from '../domain/object-id.js';
import { isDuplicateKey } from '../models/duplicate-key.js';
import type { Models } from '../models/index.js';
import type { ReaderSignalKind } from '../models/reader-signal.js';
import { RateLimiter, type LimitRule } from './rate-limiter.js';

/** What a reader's signal on an item now is, with the item's count after it. */
export interface SignalState {
  signalled: boolean;
  count: number;
}

/**
 * New signals one client address may give per sliding hour, whatever tokens it holds: a script minting a
 * fresh token per request moves a count by at most this much an hour from one address (see
 * docs/decisions/2026-12-07-readers-signals.md). Taking a signal back, or repeating one, is not counted.
 */
export const signalsPerAddress: LimitRule = {
  name: 'reader-signal',
  limit: 30,
  windowSeconds: 60 * 60,
  keyKind: 'address',
};

const tokenVersion = 'r1';
const tokenPattern = /^r1\.([A-Za-z0-9_-]{22})\.([0-9a-f]{64})$/;

/**
 * "I have had a similar experience" on published stories and "This response was helpful" on visible
 * responses, without accounts or cookies. A reader holds an anonymous token the service signed (nothing
 * about them is in it); each token counts once per item, and an address can add only so many an hour.
 * The counts live on the story and response documents, moved with `$inc`, so reading them costs nothing.
 */
export class ReaderSignals {
  private readonly models: Models;
  private readonly limiter: RateLimiter;
  private clock: () => Date = () => new Date();

  constructor(deps: { models: Models }) {
    this.models = deps.models;
    this.limiter = new RateLimiter({ models: deps.models });
  }

  /** Tests: count signals against the hourly limit by this clock from now on. */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  /** A fresh anonymous reader token: random, signed under the deployment key, stored nowhere. */
  async issueToken(): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    return `${tokenVersion}.${id}.${await this.limiter.sign(`reader-token\u0000${id}`)}`;
  }

  /**
   * Sets `token`'s signal of `kind` on the item to `signalled`. Idempotent: the same token twice counts
   * once, and taking back a signal that was never given changes nothing.
   * @throws `unauthenticated` for a token this deployment did not sign; `not-found` unless the item is
   * public (a published story; a response neither hidden nor deleted on one); `too-many` past the
   * address's hourly limit of new signals.
   */
  async setSignal(
    kind: ReaderSignalKind,
    itemId: string,
    token: string,
    signalled: boolean,
    clientAddress: string,
  ): Promise<SignalState> {
    const readerId = await this.readerIdOf(token);
    const item = await this.publicItem(kind, itemId);
    const signalId = await this.limiter.sign(`reader-signal\u0000${kind}\u0000${itemId}\u0000${readerId}`);
    const given = await this.models.readerSignals.exists({ _id: signalId });
    if (signalled && !given) await this.give(kind, item, signalId, clientAddress);
    if (!signalled && given) await this.takeBack(kind, item, signalId);
    return { signalled, count: await this.countOf(kind, item) };
  }

  private async give(
    kind: ReaderSignalKind,
    item: Types.ObjectId,
    signalId: string,
    clientAddress: string,
  ): Promise<void> {
    const hit = await this.limiter.hit(signalsPerAddress, clientAddress, this.clock());
    if (!hit.allowed) {
      throw DomainError.tooMany(
        'Too many signals from this address in the last hour. Please try again later.',
        hit.retryAfterSeconds,
      );
    }
    try {
      await this.models.readerSignals.create({ _id: signalId, kind, itemId: item });
    } catch (error) {
      // A concurrent request with the same token got there first: it counted, this one must not.
      if (!isDuplicateKey(error)) throw error;
      await hit.release();
      return;
    }
    await this.adjustCount(kind, { _id: item }, 1);
  }

  private async takeBack(kind: ReaderSignalKind, item: Types.ObjectId, signalId: string): Promise<void> {
    const { deletedCount } = await this.models.readerSignals.deleteOne({ _id: signalId });
    // Only the request that removed the signal takes it off the count.
    if (deletedCount === 1) {
      await this.adjustCount(kind, { _id: item, [countField[kind]]: { $gt: 0 } }, -1);
    }
  }

  /** The token's random id, once its signature is checked. */
  private async readerIdOf(token: string): Promise<string> {
    const parts = tokenPattern.exec(token);
    if (parts) {
      const expected = Buffer.from(await this.limiter.sign(`reader-token\u0000${parts[1]!}`));
      const given = Buffer.from(parts[2]!);
      if (expected.length === given.length && timingSafeEqual(expected, given)) return parts[1]!;
    }
    throw DomainError.unauthenticated(
      'This reader token was not issued here. Ask for a new one with POST /reader-tokens.',
    );
  }

  private async publicItem(kind: ReaderSignalKind, itemId: string): Promise<Types.ObjectId> {
    const notFound = DomainError.notFound(
      kind === 'me-too'
        ? 'There is no published story with this id.'
        : 'There is no public response with this id.',
    );
    if (!isObjectId(itemId)) throw notFound;
    const _id = new Types.ObjectId(itemId);
    if (kind === 'me-too') {
      if (!(await this.models.stories.exists({ _id, status: 'published' }))) throw notFound;
      return _id;
    }
    const response = await this.models.responses
      .findOne({ _id, deletedAt: null, hiddenAt: null, withheld: null }, { storyId: 1 })
      .lean();
    if (!response || !(await this.models.stories.exists({ _id: response.storyId, status: 'published' }))) {
      throw notFound;
    }
    return _id;
  }

  /**
   * One atomic `$inc` on the document that carries the count (its `updatedAt` moves too, so the public
   * caches of lists and threads showing the count see the change).
   */
  private async adjustCount(
    kind: ReaderSignalKind,
    filter: Record<string, unknown>,
    delta: 1 | -1,
  ): Promise<void> {
    const update = { $inc: { [countField[kind]]: delta } };
    if (kind === 'me-too') await this.models.stories.updateOne(filter, update);
    else await this.models.responses.updateOne(filter, update);
  }

  private async countOf(kind: ReaderSignalKind, item: Types.ObjectId): Promise<number> {
    const count =
      kind === 'me-too'
        ? (await this.models.stories.findById(item, { meTooCount: 1 }).lean())?.meTooCount
        : (await this.models.responses.findById(item, { helpfulCount: 1 }).lean())?.helpfulCount;
    return count ?? 0;
  }
}

const countField: Record<ReaderSignalKind, 'meTooCount' | 'helpfulCount'> = {
  'me-too': 'meTooCount',
  helpful: 'helpfulCount',
};
