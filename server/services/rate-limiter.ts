import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Models } from '../models/index.js';
import { isDuplicateKey } from '../models/duplicate-key.js';

/** One limit: at most `limit` events per `windowSeconds`, counted over a sliding window. */
export interface LimitRule {
  /** What is counted, e.g. `story-submission`; part of every counter's id. */
  name: string;
  limit: number;
  windowSeconds: number;
  /**
   * What the key is. `address`: a client's IP address, kept only as a truncated keyed hash that
   * stands for hundreds of addresses, so no one holding the store (and its key) can turn it back.
   * `identifier`: anything else (an email, a story id), kept as a full keyed hash.
   */
  keyKind: 'address' | 'identifier';
}

export interface LimitState {
  /** Events in the sliding window, this one included when counted. */
  count: number;
  allowed: boolean;
  /** Seconds until one more event would be within the limit: what a 429's `Retry-After` says. */
  retryAfterSeconds: number;
  /**
   * Seconds until the oldest event counted leaves the window, so the count starts to go down (0 with
   * none counted): what a `RateLimit` header's `t` says while there is room left.
   */
  resetSeconds: number;
}

export interface CountedHit extends LimitState {
  /** Takes this event back (it was refused after all): it no longer counts against the key. */
  release(): Promise<void>;
}

/** The settings document holding the key counters are hashed with, shared by every instance. */
const hashKeySetting = 'rate-limit-client-key-salt';
/**
 * Hex digits kept of an address's keyed hash: 24 bits. About 256 IPv4 addresses share each value, so
 * even with the key an address cannot be recovered by trying them all; two busy clients colliding
 * merely share a counter, which the limits are generous enough to bear.
 */
const addressHashHexDigits = 6;
/** A window is this many buckets: an event stops counting between 59/60 and all of a window after it. */
const bucketsPerWindow = 60;

/**
 * Every rate limit in careloop (story submissions, replies, email subscriptions, sign-in failures), as
 * sliding-window counters kept in the store (`rate_limits`) so every instance of the service counts
 * against the same limit. A window is split into 60 buckets (a minute each for an hourly limit), one
 * small document per bucket that saw events: the count is the sum of the last 60 buckets, so there is
 * no burst of twice the limit across a window boundary, and Retry-After is never longer than the window.
 *
 * Keys never reach the store as such: they are HMAC-SHA-256'd with a per-deployment key (created by
 * the first instance, in `settings`), and addresses are further cut to 24 bits (see above).
 */
export class RateLimiter {
  private readonly rateLimits: Models['rateLimits'];
  private readonly settings: Models['settings'];
  private hashKey: Promise<string> | undefined;

  constructor(deps: { models: Pick<Models, 'rateLimits' | 'settings'> }) {
    this.rateLimits = deps.models.rateLimits;
    this.settings = deps.models.settings;
  }

  /**
   * Counts one event for `key` and says whether it is within the rule. One atomic upsert: concurrent
   * requests on several instances each get their own count. A refused event still counts (a flood
   * keeps itself out) unless the caller releases it.
   */
  async hit(rule: LimitRule, key: string, now: Date = new Date()): Promise<CountedHit> {
    const window = windowAt(rule, now);
    const ids = await this.bucketIds(rule, key, window);
    const currentId = ids.at(-1)!;
    await retryOnDuplicateKey(() =>
      this.rateLimits.updateOne(
        { _id: currentId },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt: window.expiresAt } },
        { upsert: true },
      ),
    );
    const buckets = await this.bucketCounts(ids);
    return {
      ...limitState(rule, window, now, buckets),
      release: async () => {
        await this.rateLimits.updateOne({ _id: currentId, count: { $gt: 0 } }, { $inc: { count: -1 } });
      },
    };
  }

  /** The state `key` is in, without counting anything: `allowed` says whether one more event would be. */
  async peek(rule: LimitRule, key: string, now: Date = new Date()): Promise<LimitState> {
    const window = windowAt(rule, now);
    const buckets = await this.bucketCounts(await this.bucketIds(rule, key, window));
    // As if one more event were counted now.
    buckets[buckets.length - 1]! += 1;
    const state = limitState(rule, window, now, buckets);
    return { ...state, count: state.count - 1 };
  }

  /** Forgets `key`'s events under `rule` (e.g. an account's failed sign-ins once it signs in). */
  async reset(rule: LimitRule, key: string, now: Date = new Date()): Promise<void> {
    await this.rateLimits.deleteMany({ _id: { $in: await this.bucketIds(rule, key, windowAt(rule, now)) } });
  }

  /** A MAC of `text` under the deployment's key: every instance makes and checks the same one. */
  async sign(text: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`signature\u0000${text}`)
      .digest('hex');
  }

  /**
   * True the first time `name` is claimed (until `expiresAt`), false ever after, on every instance: for
   * things that may be used once, such as a solved proof of work.
   */
  async claimOnce(name: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.rateLimits.create({ _id: `once:${name}`, count: 1, expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** What a key is stored as: the keyed hash, cut short for addresses. */
  async storedKey(rule: Pick<LimitRule, 'keyKind'>, key: string): Promise<string> {
    const hmac = createHmac('sha256', await this.key());
    if (rule.keyKind === 'identifier') return hmac.update(`identifier\u0000${key}`).digest('hex');
    return hmac
      .update(`address\u0000${addressBlock(key)}`)
      .digest('hex')
      .slice(0, addressHashHexDigits);
  }

  /** The ids of the window's buckets for `key`, oldest first (the last is the current bucket). */
  private async bucketIds(rule: LimitRule, key: string, window: Window): Promise<string[]> {
    const stored = await this.storedKey(rule, key);
    return Array.from(
      { length: bucketsPerWindow },
      (_, i) => `${rule.name}:${stored}:${window.firstBucket + i}`,
    );
  }

  /** Each bucket's count, in the order of `ids`. */
  private async bucketCounts(ids: string[]): Promise<number[]> {
    const found = await this.rateLimits.find({ _id: { $in: ids } }).lean();
    const countById = new Map(found.map((bucket) => [bucket._id, bucket.count]));
    return ids.map((id) => countById.get(id) ?? 0);
  }

  private key(): Promise<string> {
    this.hashKey ??= this.loadOrCreateKey().catch((error: unknown) => {
      this.hashKey = undefined;
      throw error;
    });
    return this.hashKey;
  }

  /** The first instance to ask creates the key; every later one (and every restart) reads the same. */
  private async loadOrCreateKey(): Promise<string> {
    const setting = await retryOnDuplicateKey(() =>
      this.settings
        .findOneAndUpdate(
          { _id: hashKeySetting },
          { $setOnInsert: { value: randomBytes(32).toString('hex') } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean(),
    );
    if (typeof setting?.value !== 'string') throw new Error('the rate limit key setting is malformed');
    return setting.value;
  }
}

/**
 * The part of an address that names one client: an IPv4 address (also when written IPv4-mapped, as
 * Node reports it on a dual-stack socket), or an IPv6 address's /64, which one household or device is
 * usually given whole (limiting single IPv6 addresses would let one client count as billions).
 */
export function addressBlock(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  return expandIPv6(address).slice(0, 4).join(':');
}

/** The eight groups of an IPv6 address, without zone, lower-case and unabbreviated. */
function expandIPv6(address: string): string[] {
  const bare = address.split('%')[0]!.toLowerCase();
  const [head, tail] = bare.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // A trailing dotted quad is two groups.
  const last = tailGroups.at(-1) ?? headGroups.at(-1) ?? '';
  const dotted = /^\d+\.\d+\.\d+\.\d+$/.test(last) ? 1 : 0;
  const missing = 8 - headGroups.length - tailGroups.length - dotted;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}

interface Window {
  bucketMs: number;
  /** Index (time / bucketMs) of the oldest bucket still in the window; the current one is 59 later. */
  firstBucket: number;
  /** When the current bucket stops counting: the TTL index removes it then. */
  expiresAt: Date;
}

function windowAt(rule: LimitRule, now: Date): Window {
  const bucketMs = (rule.windowSeconds * 1000) / bucketsPerWindow;
  const currentBucket = Math.floor(now.getTime() / bucketMs);
  return {
    bucketMs,
    firstBucket: currentBucket - bucketsPerWindow + 1,
    expiresAt: new Date((currentBucket + bucketsPerWindow) * bucketMs),
  };
}

/**
 * The count over the window's buckets (oldest first, this event included), and when one more event
 * fits: once enough of the oldest buckets have left the window to bring the count to `limit - 1`.
 */
function limitState(rule: LimitRule, window: Window, now: Date, buckets: number[]): LimitState {
  const count = buckets.reduce((sum, bucket) => sum + bucket, 0);
  const excess = count - (rule.limit - 1);
  let retryAt = now.getTime();
  let dropped = 0;
  for (let i = 0; i < buckets.length && dropped < excess; i += 1) {
    dropped += buckets[i]!;
    // Bucket i leaves the window when the window's first bucket is i + 1.
    retryAt = (window.firstBucket + i + bucketsPerWindow) * window.bucketMs;
  }
  const oldest = buckets.findIndex((bucket) => bucket > 0);
  const oldestLeavesAt = (window.firstBucket + oldest + bucketsPerWindow) * window.bucketMs;
  return {
    count,
    allowed: count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
    resetSeconds: oldest < 0 ? 0 : Math.max(1, Math.ceil((oldestLeavesAt - now.getTime()) / 1000)),
  };
}

/** Two concurrent upserts of one new `_id` can race on MongoDB: the loser retries and finds the winner's. */
async function retryOnDuplicateKey<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    return operation();
  }
}
