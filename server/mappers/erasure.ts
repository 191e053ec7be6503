import type { Types } from 'mongoose';
import type { SubscriptionRecord } from './subscription.js';
import { scopeName } from './subscription.js';

/** What a moderator is shown of a story found by its author's address: enough to tell which it is. */
export interface ErasableStoryView {
  id: string;
  title: string;
  status: string;
  submittedAt: string;
  publishedAt: string | null;
}

/** What a moderator is shown of an email subscription found by its address: never the address. */
export interface ErasableSubscriptionView {
  id: string;
  scopeName: string;
  confirmed: boolean;
  createdAt: string;
}

export function toErasableStory(story: {
  _id: Types.ObjectId;
  title: string;
  status: string;
  createdAt: Date;
  publishedAt?: Date | null;
}): ErasableStoryView {
  return {
    id: story._id.toHexString(),
    title: story.title,
    status: story.status,
    submittedAt: story.createdAt.toISOString(),
    publishedAt: story.publishedAt ? story.publishedAt.toISOString() : null,
  };
}

export function toErasableSubscription(
  subscription: SubscriptionRecord,
  serviceNames: Map<string, string>,
): ErasableSubscriptionView {
  return {
    id: subscription._id.toHexString(),
    scopeName: scopeName(subscription, serviceNames),
    confirmed: Boolean(subscription.confirmedAt),
    createdAt: subscription.createdAt.toISOString(),
  };
}
