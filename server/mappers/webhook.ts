import type { Types } from 'mongoose';
import type { WebhookDelivery } from '../models/webhook-delivery.js';
import type { WebhookEndpoint, WebhookEventType } from '../models/webhook-endpoint.js';
import type { PublicStory } from './story.js';
import type { ChangeMarker, ThreadResponse } from './response.js';

export type StoredWebhookEndpoint = WebhookEndpoint & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export type StoredWebhookDelivery = WebhookDelivery & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

/** An endpoint as admins see it: never its secret (shown once, when it is registered). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  createdAt: string;
  createdBy: string;
}

/** The answer to registering an endpoint: the only time its secret is shown. */
export interface CreatedWebhookEndpoint extends WebhookEndpointView {
  secret: string;
}

/** One delivery as admins see it. A delivery being attempted right now is still `pending`. */
export interface WebhookDeliveryView {
  id: string;
  /** The `webhook-id` header the receiver sees, the same on every attempt. */
  messageId: string;
  eventType: WebhookEventType;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  /** When the next attempt is due; null once sent or failed. */
  nextAttemptAt: string | null;
  sentAt: string | null;
}

export function toWebhookEndpoint(endpoint: StoredWebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint._id.toHexString(),
    url: endpoint.url,
    description: endpoint.description ?? '',
    events: [...endpoint.events] as WebhookEventType[],
    createdAt: endpoint.createdAt.toISOString(),
    createdBy: endpoint.createdBy?.name ?? '',
  };
}

export function toCreatedWebhookEndpoint(endpoint: StoredWebhookEndpoint): CreatedWebhookEndpoint {
  return { ...toWebhookEndpoint(endpoint), secret: endpoint.secret };
}

export function toWebhookDelivery(delivery: StoredWebhookDelivery): WebhookDeliveryView {
  const status =
    delivery.status === 'sending' ? 'pending' : (delivery.status as WebhookDeliveryView['status']);
  return {
    id: delivery._id.toHexString(),
    messageId: delivery.messageId,
    eventType: delivery.eventType as WebhookEventType,
    status,
    attempts: delivery.attempts ?? 0,
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastError: delivery.lastError ?? null,
    createdAt: delivery.createdAt.toISOString(),
    lastAttemptAt: delivery.lastAttemptAt ? delivery.lastAttemptAt.toISOString() : null,
    nextAttemptAt: status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    sentAt: delivery.sentAt ? delivery.sentAt.toISOString() : null,
  };
}

/**
 * What a receiver is sent (Standard Webhooks' `{type, timestamp, data}`). The data is built only from
 * the public mappers' output (`toPublicStory`, `toThreadResponse`) and ids: what the public story page
 * shows, never an author's contact details, a moderator's notes or a criticality.
 */
export type WebhookPayload =
  | { type: 'story.published'; timestamp: string; data: { story: PublicStory; url: string } }
  | { type: 'story.withdrawn' | 'story.erased'; timestamp: string; data: { story: { id: string } } }
  | {
      type: 'response.published';
      timestamp: string;
      data: { story: { id: string; url: string }; response: ThreadResponse };
    }
  | {
      type: 'change.marked';
      timestamp: string;
      data: { story: { id: string; url: string }; response: ThreadResponse; change: ChangeMarker };
    };

export function storyPublishedPayload(story: PublicStory, url: string, at: Date): WebhookPayload {
  return { type: 'story.published', timestamp: at.toISOString(), data: { story, url } };
}

/** A story that left public view: its id alone (its words are no longer public, or no longer held). */
export function storyGonePayload(
  type: 'story.withdrawn' | 'story.erased',
  storyId: string,
  at: Date,
): WebhookPayload {
  return { type, timestamp: at.toISOString(), data: { story: { id: storyId } } };
}

export function responsePublishedPayload(
  story: { id: string; url: string },
  response: ThreadResponse,
  at: Date,
): WebhookPayload {
  return { type: 'response.published', timestamp: at.toISOString(), data: { story, response } };
}

export function changeMarkedPayload(
  story: { id: string; url: string },
  response: ThreadResponse,
  change: ChangeMarker,
  at: Date,
): WebhookPayload {
  return { type: 'change.marked', timestamp: at.toISOString(), data: { story, response, change } };
}
