import { createHash } from 'node:crypto';
import { nextDueClaim } from '../outbox-claim.js';
import type { Types } from 'mongoose';
import { onlyDuplicateKeyErrors } from '../../models/duplicate-key.js';
import type { Models } from '../../models/index.js';
import type { WebhookEventType } from '../../models/webhook-endpoint.js';
import type { StoredWebhookDelivery } from '../../mappers/webhook.js';

/** An event to deliver to every endpoint that asked for its type. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** What it is, whatever endpoint it goes to, e.g. `<storyId>:<published at>`: the dedupe key's middle. */
  key: string;
  /** The story (and response) ids it is about, for erasure. */
  about: string[];
  /** The JSON body, built once. */
  payload: string;
}

/** A `webhook-id` that stays the same however many times the delivery is attempted or redelivered. */
export function webhookMessageId(dedupeKey: string): string {
  return `msg_${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 27)}`;
}

/**
 * The webhook deliveries collection's operations: queue, claim, record. The same design as the email
 * outbox (services/mail/outbox.ts): a unique dedupe key makes queuing again a no-op, one
 * findOneAndUpdate claims a due delivery for one worker with a lease, and a failure is recorded only by
 * the worker still holding the claim.
 */
export class WebhookOutbox {
  constructor(private readonly models: Pick<Models, 'webhookEndpoints' | 'webhookDeliveries'>) {}

  /** Queues `event` for every endpoint that asked for its type; resolves with how many endpoints that is. */
  async enqueue(event: WebhookEvent, now: Date): Promise<number> {
    const endpoints = await this.models.webhookEndpoints
      .find({ events: event.type }, { _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>();
    if (endpoints.length === 0) return 0;
    const documents = endpoints.map((endpoint) => {
      const dedupeKey = `${event.type}:${event.key}:${endpoint._id.toHexString()}`;
      return {
        dedupeKey,
        endpointId: endpoint._id,
        messageId: webhookMessageId(dedupeKey),
        eventType: event.type,
        about: event.about,
        payload: event.payload,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        retryingSince: now,
      };
    });
    try {
      await this.models.webhookDeliveries.insertMany(documents, { ordered: false });
    } catch (error) {
      // Unordered: every new delivery is inserted; only the ones already queued fail, and that is the point.
      if (!onlyDuplicateKeyErrors(error)) throw error;
    }
    return endpoints.length;
  }

  /** Claims the next due delivery for `workerId`, atomically (outbox-claim.ts). */
  async claim(workerId: string, now: Date): Promise<StoredWebhookDelivery | null> {
    return (await this.models.webhookDeliveries
      .findOneAndUpdate(...nextDueClaim(workerId, now))
      .lean()) as StoredWebhookDelivery | null;
  }

  /** Records a delivery, whoever holds the claim now: the receiver did get it. */
  async markSent(delivery: StoredWebhookDelivery, statusCode: number, now: Date): Promise<void> {
    await this.models.webhookDeliveries.updateOne(
      { _id: delivery._id },
      {
        $set: {
          status: 'sent',
          sentAt: now,
          lastAttemptAt: now,
          lastStatusCode: statusCode,
          lastError: null,
          claimedBy: null,
          claimedUntil: null,
        },
        $inc: { attempts: 1 },
      },
    );
  }

  /** Records a failed attempt, only while `workerId` still holds the claim: due again, or `failed`. */
  async markAttemptFailed(
    delivery: StoredWebhookDelivery,
    workerId: string,
    outcome: { statusCode: number | null; error: string; now: Date; retryDelayMs: number; giveUp: boolean },
  ): Promise<void> {
    await this.models.webhookDeliveries.updateOne(
      { _id: delivery._id, status: 'sending', claimedBy: workerId },
      {
        $set: {
          status: outcome.giveUp ? 'failed' : 'pending',
          nextAttemptAt: new Date(outcome.now.getTime() + outcome.retryDelayMs),
          lastAttemptAt: outcome.now,
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error,
          claimedBy: null,
          claimedUntil: null,
        },
        $inc: { attempts: 1 },
      },
    );
  }
}
