import type { Types } from 'mongoose';
import type { Language } from '../l10n/index.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import type { Models } from '../models/index.js';
import type { StoryReach } from './story-reach.js';
import type { Subscriber } from './subscriptions.js';

/** A pending event as stored on a document. */
export interface PendingEvent {
  type: string;
  at: Date;
  ref?: string | null;
}

/** What the notifier reads of a story. */
export interface NotifiedStory {
  _id: Types.ObjectId;
  title: string;
  body: string;
  nickname: string;
  services: string[];
  status: string;
  email?: string | null;
  /** The author's language; missing on stories told before it was recorded (English). */
  language?: Language | null;
  source?: string | null;
  criticality?: number | null;
  statusReason?: string | null;
  /** Set when staff or a volunteer entered it for its author. */
  toldVia?: string | null;
  alertedAt?: Date | null;
  publishedAt?: Date | null;
  moderation?: { at: Date; action: string; reason?: string | null }[];
  /** The provider preview it is in or went through. */
  preview?: { since: Date; until: Date } | null;
  pendingEvents: PendingEvent[];
}

/** One message per address: someone following a story twice over (board and constituency) gets one. */
export function onePerAddress(subscribers: Subscriber[]): Subscriber[] {
  const seen = new Set<string>();
  return subscribers.filter((subscriber) => {
    const address = subscriber.to.toLowerCase();
    if (seen.has(address)) return false;
    seen.add(address);
    return true;
  });
}

export function namesOf(serviceIds: string[], reach: StoryReach): string[] {
  return serviceIds.map((id) => reach.services.get(id)?.name ?? id);
}

/** What a subscription is about, in words, from names already looked up. */
export function scopeNameIn(subscription: SubscriptionRecord, reach: StoryReach): string {
  if (subscription.service) return reach.services.get(subscription.service)?.name ?? subscription.service;
  return subscription.constituency ?? '';
}

/**
 * The story has been heard: `alertedAt` (the first time) and the organisations whose people were told
 * (accounts' subscriptions to services: the service's id and name; never people or addresses).
 */
export async function markHeard(
  models: Models,
  storyId: Types.ObjectId,
  subscribers: Subscriber[],
  reach: StoryReach,
  now: Date,
): Promise<void> {
  if (subscribers.length === 0) return;
  await models.stories.updateOne({ _id: storyId, alertedAt: null }, { $set: { alertedAt: now } });
  const organisations = new Map<string, string>();
  for (const { subscription } of subscribers) {
    if (subscription.kind !== 'account' || !subscription.service) continue;
    organisations.set(
      subscription.service,
      reach.services.get(subscription.service)?.name ?? subscription.service,
    );
  }
  if (organisations.size === 0) return;
  await models.stories.updateOne(
    { _id: storyId },
    {
      $addToSet: { alertedOrganisations: { $each: [...organisations].map(([id, name]) => ({ id, name })) } },
    },
  );
}
