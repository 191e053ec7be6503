import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Models } from '../models/index.js';

/**
 * What a token lets its holder do with one subscription; `subscriptions` also lets them see and delete
 * every other subscription of the same address (the "your subscriptions" page in every alert).
 */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'subscriptions';

/** The settings document holding the key every instance signs subscription tokens with. */
const tokenSecretSetting = 'subscription-token-secret';

/**
 * Tokens in confirmation and unsubscribe links: `<subscription id>.<HMAC-SHA256 of purpose and id>`.
 * Nothing is stored per email: any instance can make or check a token with the shared secret, and a
 * token can only ever name the one subscription (and the one purpose) it was made for.
 */
export class SubscriptionTokens {
  private readonly settings: Models['settings'];
  private secret: Promise<Buffer> | undefined;

  constructor(deps: { models: Models }) {
    this.settings = deps.models.settings;
  }

  async make(purpose: TokenPurpose, subscriptionId: string): Promise<string> {
    return `${subscriptionId}.${await this.mac(purpose, subscriptionId)}`;
  }

  /** The subscription id a well-formed, genuine token names; null for anything else. */
  async verify(purpose: TokenPurpose, token: string): Promise<string | null> {
    const match = /^([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const [, id, given] = match as unknown as [string, string, string];
    const expected = Buffer.from(await this.mac(purpose, id));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
  }

  private async mac(purpose: TokenPurpose, subscriptionId: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${purpose}:${subscriptionId}`)
      .digest('base64url');
  }

  private key(): Promise<Buffer> {
    this.secret ??= this.loadOrCreateKey().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  /** The first instance to ask creates the key; every later one (and every restart) reads the same. */
  private async loadOrCreateKey(): Promise<Buffer> {
    const upsert = () =>
      this.settings
        .findOneAndUpdate(
          { _id: tokenSecretSetting },
          { $setOnInsert: { value: randomBytes(32).toString('hex') } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
    let setting;
    try {
      setting = await upsert();
    } catch (error) {
      // Two instances creating it at once: the loser reads the winner's.
      if ((error as { code?: unknown }).code !== 11000) throw error;
      setting = await upsert();
    }
    if (typeof setting?.value !== 'string') throw new Error('the subscription token secret is malformed');
    return Buffer.from(setting.value, 'hex');
  }
}
