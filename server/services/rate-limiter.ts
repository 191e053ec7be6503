import { createHash, randomBytes } from 'node:crypto';
import type { Models } from '../models/index.js';

export interface RateLimitOutcome {
  allowed: boolean;
  /** Seconds until the current window ends: what a 429's `Retry-After` says. */
  retryAfterSeconds: number;
}

/** The settings document holding the salt client keys are hashed with, shared by every instance. */
const clientKeySaltSetting = 'rate-limit-client-key-salt';

/**
 * Fixed-window counters kept in the store (`rate_limits`), so every instance of the service counts
 * against the same limit. Client keys (an IP address, an email) are hashed with a per-deployment salt
 * before they reach the store: the store never holds the raw key, and the hash cannot be reversed by
 * trying every IPv4 address without the salt.
 */
export class RateLimiter {
  private readonly rateLimits: Models['rateLimits'];
  private readonly settings: Models['settings'];
  private salt: Promise<string> | undefined;

  constructor(deps: { models: Models }) {
    this.rateLimits = deps.models.rateLimits;
    this.settings = deps.models.settings;
  }

  /**
   * Counts one event for `clientKey` under `purpose` (e.g. `story-submission`) and says whether it is
   * within `limit` events per `windowSeconds`. One atomic upsert per call: concurrent requests on
   * several instances each get their own count.
   */
  async hit(
    purpose: string,
    clientKey: string,
    limit: number,
    windowSeconds: number,
    now: Date = new Date(),
  ): Promise<RateLimitOutcome> {
    const windowMs = windowSeconds * 1000;
    const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
    const windowEnd = windowStart + windowMs;
    const _id = `${purpose}:${await this.hashClientKey(clientKey)}:${windowStart}`;
    const counter = await retryOnDuplicateKey(() =>
      this.rateLimits
        .findOneAndUpdate(
          { _id },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowEnd) } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean(),
    );
    const count = counter?.count ?? 1;
    return {
      allowed: count <= limit,
      retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)),
    };
  }

  /** SHA-256 of the salt and the key, hex. */
  async hashClientKey(clientKey: string): Promise<string> {
    const salt = await this.clientKeySalt();
    return createHash('sha256').update(salt).update('\u0000').update(clientKey).digest('hex');
  }

  private clientKeySalt(): Promise<string> {
    this.salt ??= this.loadOrCreateSalt().catch((error: unknown) => {
      this.salt = undefined;
      throw error;
    });
    return this.salt;
  }

  /** The first instance to ask creates the salt; every later one (and every restart) reads the same. */
  private async loadOrCreateSalt(): Promise<string> {
    const setting = await retryOnDuplicateKey(() =>
      this.settings
        .findOneAndUpdate(
          { _id: clientKeySaltSetting },
          { $setOnInsert: { value: randomBytes(32).toString('hex') } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean(),
    );
    if (typeof setting?.value !== 'string') throw new Error('the client key salt setting is malformed');
    return setting.value;
  }
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
