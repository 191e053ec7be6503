import { Types } from 'mongoose';
import type { Language } from '../l10n/index.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import type { SubscriptionService } from './subscriptions.js';

/** One row of the "your subscriptions" page; `token` deletes it (and opens the page again). */
export interface AddressSubscription {
  scopeName: string;
  mode: 'immediate' | 'daily';
  confirmed: boolean;
  token: string;
}

export type AddressSubscriptionsOutcome =
  | { status: 'invalid' }
  | {
      status: 'listed';
      subscriptions: AddressSubscription[];
      language?: Language;
      /** After a delete: what the deleted one was about (absent when it was gone already). */
      deleted?: string;
    };

/**
 * The "your subscriptions" page behind a link in every alert: every subscription of the address the
 * alert went to (an email subscription's address, or an account's subscriptions), each with its own
 * delete. The link's token names one subscription (`subscriptions` purpose); the page's other rows
 * carry tokens for their own, so deleting the one the link named leaves the others reachable.
 */
export class AddressSubscriptions {
  constructor(
    private readonly deps: {
      logger: Logger;
      models: Models;
      subscriptions: Pick<SubscriptionService, 'tokens' | 'scopeNameOf'>;
    },
  ) {}

  /** Every subscription of the address the token's subscription belongs to; nothing is changed. */
  async list(token: string): Promise<AddressSubscriptionsOutcome> {
    const id = await this.deps.subscriptions.tokens.verify('subscriptions', token);
    const anchor = id ? await this.deps.models.subscriptions.findById(id).lean<SubscriptionRecord>() : null;
    if (!anchor) return { status: 'invalid' };
    return {
      status: 'listed',
      subscriptions: await this.ofAddress(anchor),
      language: anchor.language ?? undefined,
    };
  }

  /** Deletes the token's subscription (again is fine) and lists what the address has left. */
  async remove(token: string): Promise<AddressSubscriptionsOutcome> {
    const id = await this.deps.subscriptions.tokens.verify('subscriptions', token);
    if (!id) return { status: 'invalid' };
    const deleted = await this.deps.models.subscriptions
      .findOneAndDelete({ _id: new Types.ObjectId(id) })
      .lean<SubscriptionRecord>();
    if (!deleted) return { status: 'listed', subscriptions: [] };
    this.deps.logger.info({ subscriptionId: id, kind: deleted.kind }, 'subscription deleted from its page');
    return {
      status: 'listed',
      subscriptions: await this.ofAddress(deleted),
      language: deleted.language ?? undefined,
      deleted: await this.deps.subscriptions.scopeNameOf(deleted),
    };
  }

  private async ofAddress(anchor: SubscriptionRecord): Promise<AddressSubscription[]> {
    // Never a match on a missing address: that would be every subscription without one.
    const sameAddress =
      anchor.kind === 'email' && anchor.email
        ? { kind: 'email' as const, email: anchor.email }
        : anchor.kind === 'account' && anchor.userId
          ? { kind: 'account' as const, userId: anchor.userId }
          : { _id: anchor._id };
    const all = await this.deps.models.subscriptions
      .find(sameAddress)
      .sort({ createdAt: 1, _id: 1 })
      .lean<SubscriptionRecord[]>();
    return Promise.all(
      all.map(async (subscription) => ({
        scopeName: await this.deps.subscriptions.scopeNameOf(subscription),
        mode: subscription.mode,
        confirmed: subscription.kind === 'account' || Boolean(subscription.confirmedAt),
        token: await this.deps.subscriptions.tokens.make('subscriptions', subscription._id.toHexString()),
      })),
    );
  }
}
