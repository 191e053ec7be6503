import { isObjectId } from '../domain/object-id.js';
import { Types } from 'mongoose';
import { hashToken } from '../auth/tokens.js';
import type { Config } from '../platform/config.js';
import { defaultLanguage, type Language } from '../l10n/index.js';
import type { Logger } from '../platform/log.js';
import {
  scopeName,
  toSubscriptionView,
  type SubscriptionRecord,
  type SubscriptionView,
} from '../mappers/subscription.js';
import type { UserRecord } from '../mappers/user.js';
import type { Models } from '../models/index.js';
import { isDuplicateKey } from '../models/duplicate-key.js';
import { DomainError } from '../domain/errors.js';
import type {
  NewEmailSubscriptionBody,
  NewSubscriptionBody,
  SubscriptionChangeBody,
} from '../schemas/subscription.js';
import type { OrganisationService } from './organisations.js';
import { RateLimiter, type LimitRule } from './rate-limiter.js';
import type { ScopeService } from './scopes.js';
import { reachQuery, subscriptionMatches, type StoryReach } from './story-reach.js';
import { SubscriptionTokens } from './subscription-tokens.js';

const dayMs = 24 * 60 * 60 * 1000;

/** Email subscription requests per client address per hour. */
const requestsPerClient: LimitRule = {
  name: 'email-subscription',
  limit: 10,
  windowSeconds: 60 * 60,
  keyKind: 'address',
};
/** Confirmation emails per email address per day: nobody can flood someone's inbox through this form. */
const confirmationsPerEmail: LimitRule = {
  name: 'email-subscription-confirmation',
  limit: 3,
  windowSeconds: 24 * 60 * 60,
  keyKind: 'identifier',
};

/** Someone to tell about a story, and the subscription that asked for it. */
export interface Subscriber {
  subscription: SubscriptionRecord;
  /** The address the alert goes to (the account's, or the email subscription's). */
  to: string;
  /** Account subscriptions: whose. */
  userId?: string;
  /** What to write in: the subscription's language, else the account's, else English. */
  language: Language;
}

/** The outcome of a one-click unsubscribe. */
export type UnsubscribeOutcome =
  | { status: 'unsubscribed'; scopeName: string; language?: Language }
  | { status: 'already-unsubscribed' }
  | { status: 'invalid' };

/**
 * Subscriptions to stories about a service subtree or a constituency: accounts' own (with their
 * defaults for staff), and email addresses' (double opt-in, one-click unsubscribe), and who of them
 * should hear about a story.
 */
export class SubscriptionService {
  private readonly logger: Logger;
  private readonly models: Models;
  private readonly organisations: OrganisationService;
  private readonly rateLimiter: RateLimiter;
  private readonly unconfirmedDays: number;
  readonly tokens: SubscriptionTokens;

  constructor(deps: {
    config: Config;
    logger: Logger;
    models: Models;
    organisations: OrganisationService;
    scopes: ScopeService;
  }) {
    this.logger = deps.logger;
    this.models = deps.models;
    this.unconfirmedDays = deps.config.retainUnconfirmedSubscriptionDays;
    this.organisations = deps.organisations;
    this.rateLimiter = new RateLimiter({ models: deps.models });
    this.tokens = new SubscriptionTokens({ models: deps.models });
  }

  /** An account's subscriptions, oldest first. @throws `not-found` for an unknown account. */
  async listForAccount(userId: string): Promise<SubscriptionView[]> {
    await this.accountOrThrow(userId);
    const subscriptions = await this.models.subscriptions
      .find({ kind: 'account', userId: new Types.ObjectId(userId) })
      .sort({ createdAt: 1, _id: 1 })
      .lean<SubscriptionRecord[]>();
    return this.views(subscriptions);
  }

  /**
   * Subscribes an account to a service subtree or a constituency. Any account may follow any open
   * service or known constituency: alerts carry only public content.
   * @throws `invalid` unknown or retired service, unknown constituency; `not-found` unknown account; `conflict` already subscribed.
   */
  async createForAccount(userId: string, request: NewSubscriptionBody): Promise<SubscriptionView> {
    await this.accountOrThrow(userId);
    const scope = await this.validScope(request);
    const owner = new Types.ObjectId(userId);
    if (await this.models.subscriptions.exists({ kind: 'account', userId: owner, ...scope })) {
      throw DomainError.conflict(
        'This account is already subscribed to that; change the existing subscription instead.',
        {
          errors: [
            {
              field: scope.service ? 'service' : 'constituency',
              code: 'taken',
              message: 'is already subscribed to',
            },
          ],
        },
      );
    }
    const created = await this.models.subscriptions.create({
      kind: 'account',
      userId: owner,
      ...scope,
      minCriticality: request.minCriticality ?? 0,
      mode: request.mode ?? 'immediate',
      language: request.language ?? null,
      lastDigestDay: yesterday(),
    });
    this.logger.info({ subscriptionId: created.id, userId }, 'subscription created');
    return this.view(created.toObject() as unknown as SubscriptionRecord);
  }

  /** Changes an account's subscription's filter or mode. @throws `not-found` unless it is that account's. */
  async updateForAccount(
    userId: string,
    subscriptionId: string,
    change: SubscriptionChangeBody,
  ): Promise<SubscriptionView> {
    if (change.mode === 'daily') {
      // Its first digest covers today: yesterday's stories were alerted one by one already.
      await this.models.subscriptions.updateOne(
        { ...this.ownedBy(userId, subscriptionId), mode: 'immediate' },
        { $set: { lastDigestDay: yesterday() } },
      );
    }
    const updated = await this.models.subscriptions
      .findOneAndUpdate(
        this.ownedBy(userId, subscriptionId),
        { $set: { ...change } },
        { returnDocument: 'after' },
      )
      .lean<SubscriptionRecord>();
    if (!updated) throw noSuchSubscription();
    return this.view(updated);
  }

  /** Ends an account's subscription. @throws `not-found` unless it is that account's. */
  async deleteForAccount(userId: string, subscriptionId: string): Promise<void> {
    const { deletedCount } = await this.models.subscriptions.deleteOne(this.ownedBy(userId, subscriptionId));
    if (deletedCount !== 1) throw noSuchSubscription();
    this.logger.info({ subscriptionId, userId }, 'subscription deleted');
  }

  /**
   * Staff follow each of their services by default (`isDefault`): adds the missing defaults and drops
   * defaults for services the account no longer acts for (or for an account no longer staff). A
   * subscription the account made itself to one of its services stands in for the default.
   */
  async ensureDefaultSubscriptions(userId: string): Promise<void> {
    await ensureDefaultSubscriptions(this.models, userId);
  }

  /**
   * Asks for alerts to an email address: the first email only asks to confirm (double opt-in). The
   * caller always answers the same, known address or not; a confirmed subscription is left alone, an
   * unconfirmed one gets its confirmation again (at most a few a day per address).
   * @throws `invalid` unknown scope; `too-many` past the hourly limit per client.
   */
  async requestEmailSubscription(request: NewEmailSubscriptionBody, clientAddress: string): Promise<void> {
    const clientLimit = await this.rateLimiter.hit(requestsPerClient, clientAddress);
    if (!clientLimit.allowed) {
      throw DomainError.tooMany(
        'Too many subscription requests from this address. Please try again later.',
        clientLimit.retryAfterSeconds,
      );
    }
    const scope = await this.validScope(request);
    const email = request.email.trim().toLowerCase();
    const existing = { kind: 'email' as const, email, ...scope };
    if (await this.models.subscriptions.exists({ ...existing, confirmedAt: { $ne: null } })) return;

    const addressLimit = await this.rateLimiter.hit(confirmationsPerEmail, email);
    if (!addressLimit.allowed) {
      this.logger.info('email subscription confirmation not sent: too many for this address today');
      return;
    }
    // The news that it needs confirming rides on the subscription itself, in the same write: on the
    // unconfirmed one asked for before (in the language it is asked in now), or on a new one.
    const confirmEvent = { type: 'confirm', at: new Date() };
    const language = request.language ?? defaultLanguage;
    // Asking again gives the new confirmation link its full time to be clicked.
    const confirmBy = new Date(Date.now() + this.unconfirmedDays * dayMs);
    const again = await this.models.subscriptions
      .findOneAndUpdate(
        { ...existing, confirmedAt: null },
        { $push: { pendingEvents: confirmEvent }, $set: { language, confirmBy } },
      )
      .lean<SubscriptionRecord>();
    if (again) return;
    const _id = new Types.ObjectId();
    try {
      await this.models.subscriptions.create({
        _id,
        ...existing,
        confirmTokenHash: hashToken(await this.tokens.make('confirm', _id.toHexString())),
        language,
        confirmBy,
        lastDigestDay: yesterday(),
        pendingEvents: [confirmEvent],
      });
    } catch (error) {
      // A twin request made it a moment ago (one per address and scope), its confirmation on the way.
      if (isDuplicateKey(error)) return;
      throw error;
    }
    this.logger.info({ subscriptionId: _id.toHexString() }, 'email subscription requested');
  }

  /**
   * Confirms an email subscription from the token in its confirmation email (confirming twice is fine).
   * @throws `not-found` for a token that names no subscription.
   */
  async confirmEmailSubscription(token: string): Promise<{ scopeName: string; language?: Language }> {
    const id = await this.tokens.verify('confirm', token);
    const ofToken = id
      ? { _id: new Types.ObjectId(id), kind: 'email' as const, confirmTokenHash: hashToken(token) }
      : null;
    const subscription = ofToken
      ? ((await this.models.subscriptions
          .findOneAndUpdate(
            { ...ofToken, confirmedAt: null },
            { $set: { confirmedAt: new Date() }, $unset: { confirmBy: 1 } },
            { returnDocument: 'after' },
          )
          .lean<SubscriptionRecord>()) ??
        (await this.models.subscriptions.findOne(ofToken).lean<SubscriptionRecord>()))
      : null;
    if (!subscription) {
      throw DomainError.notFound(
        'This confirmation link is not valid, or the subscription was ended. Subscribe again.',
      );
    }
    this.logger.info({ subscriptionId: id }, 'email subscription confirmed');
    return { scopeName: await this.scopeNameOf(subscription), language: languageOf(subscription) };
  }

  /** What a confirmation token names, for the page that asks "confirm?" (nothing is changed). */
  async describeConfirmation(
    token: string,
  ): Promise<
    { status: 'invalid' } | { status: 'pending' | 'confirmed'; scopeName: string; language?: Language }
  > {
    const id = await this.tokens.verify('confirm', token);
    const subscription = id
      ? await this.models.subscriptions
          .findOne({ _id: new Types.ObjectId(id), kind: 'email' as const })
          .lean<SubscriptionRecord>()
      : null;
    if (!subscription) return { status: 'invalid' };
    return {
      status: subscription.confirmedAt ? 'confirmed' : 'pending',
      scopeName: await this.scopeNameOf(subscription),
      language: languageOf(subscription),
    };
  }

  /**
   * The link an alert's recipient follows (or their mail client posts to) to stop that subscription. It
   * names the subscription's language, so the page speaks it even once the subscription is gone.
   */
  async unsubscribeUrl(
    publicUrl: string,
    subscriptionId: string,
    language: Language | null | undefined,
  ): Promise<string> {
    const token = await this.tokens.make('unsubscribe', subscriptionId);
    return `${publicUrl}/unsubscribe?token=${token}&lang=${language ?? defaultLanguage}`;
  }

  /**
   * The link in every alert to the page of every subscription of its address, each with a delete
   * (routes/your-subscriptions.ts).
   */
  async subscriptionsUrl(
    publicUrl: string,
    subscriptionId: string,
    language: Language | null | undefined,
  ): Promise<string> {
    const token = await this.tokens.make('subscriptions', subscriptionId);
    return `${publicUrl}/your-subscriptions?token=${token}&lang=${language ?? defaultLanguage}`;
  }

  async confirmUrl(
    publicUrl: string,
    subscriptionId: string,
    language: Language | null | undefined,
  ): Promise<string> {
    const token = await this.tokens.make('confirm', subscriptionId);
    return `${publicUrl}/confirm-subscription?token=${token}&lang=${language ?? defaultLanguage}`;
  }

  /** What an unsubscribe token names, for the page that asks "unsubscribe?" (nothing is changed). */
  async describeUnsubscribe(token: string): Promise<UnsubscribeOutcome> {
    const id = await this.tokens.verify('unsubscribe', token);
    if (!id) return { status: 'invalid' };
    const subscription = await this.models.subscriptions.findById(id).lean<SubscriptionRecord>();
    if (!subscription) return { status: 'already-unsubscribed' };
    return {
      status: 'unsubscribed',
      scopeName: await this.scopeNameOf(subscription),
      language: languageOf(subscription),
    };
  }

  /** One-click unsubscribe (RFC 8058): the subscription is gone; doing it again changes nothing. */
  async unsubscribe(token: string): Promise<UnsubscribeOutcome> {
    const id = await this.tokens.verify('unsubscribe', token);
    if (!id) return { status: 'invalid' };
    const subscription = await this.models.subscriptions
      .findOneAndDelete({ _id: id })
      .lean<SubscriptionRecord>();
    if (!subscription) return { status: 'already-unsubscribed' };
    this.logger.info({ subscriptionId: id, kind: subscription.kind }, 'unsubscribed');
    return {
      status: 'unsubscribed',
      scopeName: await this.scopeNameOf(subscription),
      language: languageOf(subscription),
    };
  }

  /**
   * Everyone a story with this reach and criticality should be told about, in `mode`: account
   * subscriptions of enabled accounts, and confirmed email subscriptions. Never disabled accounts.
   */
  async subscribersFor(
    reach: StoryReach,
    criticality: number | null | undefined,
    filter: { mode?: 'immediate' | 'daily'; kind?: 'account' | 'email' } = {},
  ): Promise<Subscriber[]> {
    const candidates = await this.models.subscriptions
      .find({
        ...reachQuery(reach),
        ...(filter.mode ? { mode: filter.mode } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      })
      .sort({ _id: 1 })
      .lean<SubscriptionRecord[]>();
    return this.deliverable(candidates.filter((s) => subscriptionMatches(s, reach, criticality)));
  }

  /** Those of `subscriptions` that may be sent to now, with their addresses. */
  async deliverable(subscriptions: SubscriptionRecord[]): Promise<Subscriber[]> {
    const userIds = subscriptions.flatMap((s) => (s.kind === 'account' && s.userId ? [s.userId] : []));
    const users = userIds.length
      ? await this.models.users
          .find({ _id: { $in: userIds }, disabledAt: null }, { email: 1, language: 1 })
          .lean<Pick<UserRecord, '_id' | 'email' | 'language'>[]>()
      : [];
    const userOf = new Map(users.map((user) => [user._id.toHexString(), user]));
    return subscriptions.flatMap((subscription): Subscriber[] => {
      if (subscription.kind === 'email') {
        return subscription.confirmedAt && subscription.email
          ? [{ subscription, to: subscription.email, language: subscription.language ?? defaultLanguage }]
          : [];
      }
      const userId = subscription.userId?.toHexString();
      const user = userId ? userOf.get(userId) : undefined;
      if (!userId || !user?.email) return [];
      const language = subscription.language ?? user.language ?? defaultLanguage;
      return [{ subscription, to: user.email, userId, language }];
    });
  }

  /** What a subscription is about, in words. */
  async scopeNameOf(subscription: Pick<SubscriptionRecord, 'service' | 'constituency'>): Promise<string> {
    const names = subscription.service ? await this.serviceNames([subscription.service]) : new Map();
    return scopeName(subscription, names);
  }

  /** The one scope asked for, checked: an open service, or a constituency some service lies in. */
  private async validScope(request: { service?: string; constituency?: string }): Promise<Scope> {
    if (request.service !== undefined) {
      const service = await this.organisations.get(request.service);
      const open = service ? !(await this.organisations.view(service)).retired : false;
      if (!open) {
        throw DomainError.invalid([
          {
            field: 'service',
            code: service ? 'retired-service' : 'unknown-service',
            message: service ? 'is retired' : 'is not a known service',
          },
        ]);
      }
      return { service: request.service };
    }
    const constituency = request.constituency?.trim() ?? '';
    if (!(await this.models.organisations.exists({ constituency }))) {
      throw DomainError.invalid([
        {
          field: 'constituency',
          code: 'unknown-constituency',
          message: 'is not the constituency of any service',
        },
      ]);
    }
    return { constituency };
  }

  private async accountOrThrow(userId: string): Promise<void> {
    if (!isObjectId(userId) || !(await this.models.users.exists({ _id: userId }))) {
      throw DomainError.notFound('There is no account with that id.');
    }
  }

  private ownedBy(userId: string, subscriptionId: string): Record<string, unknown> {
    if (!isObjectId(subscriptionId)) return { _id: null };
    return {
      _id: new Types.ObjectId(subscriptionId),
      kind: 'account',
      userId: new Types.ObjectId(userId),
    };
  }

  private async view(subscription: SubscriptionRecord): Promise<SubscriptionView> {
    return (await this.views([subscription]))[0] as SubscriptionView;
  }

  private async views(subscriptions: SubscriptionRecord[]): Promise<SubscriptionView[]> {
    const names = await this.serviceNames(subscriptions.flatMap((s) => (s.service ? [s.service] : [])));
    return subscriptions.map((subscription) => toSubscriptionView(subscription, names));
  }

  private async serviceNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const services = await this.organisations.byIds(ids);
    return new Map([...services.values()].map((service) => [service._id, service.name]));
  }
}

/**
 * Staff follow each of their services by default (`isDefault`): adds the missing defaults and drops
 * defaults for services the account no longer acts for (or for an account no longer staff). A
 * subscription the account made itself to one of its services stands in for the default. A function
 * of the models alone, so AccountService can call it whenever an account's scope changes.
 */
export async function ensureDefaultSubscriptions(
  models: Pick<Models, 'users' | 'subscriptions'>,
  userId: string,
): Promise<void> {
  const user = isObjectId(userId) ? await models.users.findById(userId).lean<UserRecord>() : null;
  if (!user) return;
  const wanted = user.role === 'staff' ? user.services : [];
  await models.subscriptions.deleteMany({
    kind: 'account',
    userId: user._id,
    isDefault: true,
    service: { $nin: wanted },
  });
  for (const service of wanted) {
    await models.subscriptions.updateOne(
      { kind: 'account', userId: user._id, service },
      {
        $setOnInsert: { minCriticality: 0, mode: 'immediate', isDefault: true, lastDigestDay: yesterday() },
      },
      { upsert: true },
    );
  }
}

/** Exactly one of the two is set. */
type Scope = { service: string; constituency?: undefined } | { constituency: string; service?: undefined };

/** The language a subscription records, if any (an account's may follow the account's instead). */
function languageOf(subscription: Pick<SubscriptionRecord, 'language'>): Language | undefined {
  return subscription.language ?? undefined;
}

/**
 * The UTC day before today: a new subscription's first digest covers the day it was made, not
 * stories from before it existed.
 */
function yesterday(): string {
  return new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

function noSuchSubscription() {
  return DomainError.notFound('This account has no subscription with that id.');
}
