import type { Types } from 'mongoose';
import type { Language } from '../l10n/index.js';

/** A subscription document as read with `.lean()`. */
export interface SubscriptionRecord {
  _id: Types.ObjectId;
  kind: 'account' | 'email';
  userId?: Types.ObjectId | null;
  /** Email subscriptions only: private. */
  email?: string | null;
  confirmedAt?: Date | null;
  confirmTokenHash?: string | null;
  service?: string | null;
  constituency?: string | null;
  minCriticality: number;
  mode: 'immediate' | 'daily';
  /** Missing on subscriptions made before languages were recorded: English. */
  language?: Language | null;
  isDefault: boolean;
  lastDigestDay?: string | null;
  pendingEvents: { type: string; at: Date; ref?: string | null }[];
  createdAt: Date;
  updatedAt: Date;
}

/** What an account (or an admin) sees of its subscription: never an email address. */
export interface SubscriptionView {
  id: string;
  service?: string;
  constituency?: string;
  scopeName: string;
  minCriticality: number;
  mode: 'immediate' | 'daily';
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `serviceNames`: names of the services subscriptions are about, by id. */
export function toSubscriptionView(
  subscription: SubscriptionRecord,
  serviceNames: Map<string, string>,
): SubscriptionView {
  return {
    id: subscription._id.toHexString(),
    ...(subscription.service ? { service: subscription.service } : {}),
    ...(subscription.constituency ? { constituency: subscription.constituency } : {}),
    scopeName: scopeName(subscription, serviceNames),
    minCriticality: subscription.minCriticality ?? 0,
    mode: subscription.mode,
    isDefault: Boolean(subscription.isDefault),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

/** What a subscription is about, as people read it: a service's name, or a constituency. */
export function scopeName(
  subscription: Pick<SubscriptionRecord, 'service' | 'constituency'>,
  serviceNames: Map<string, string>,
): string {
  if (subscription.service) return serviceNames.get(subscription.service) ?? subscription.service;
  return subscription.constituency ?? '';
}
