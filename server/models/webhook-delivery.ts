import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { webhookEventTypes } from './webhook-endpoint.js';

/**
 * One event for one endpoint, waiting to be delivered, delivered or given up: the webhook outbox. It
 * follows the email outbox (outbox-message.ts) field for field where they mean the same: a unique
 * dedupe key, an atomic claim with a lease, backoff while the receiver fails, `failed` after a day.
 */
const webhookDeliverySchema = new Schema(
  {
    /** `<event type>:<what it is about>:<endpoint id>`: the same event is never queued twice for an endpoint. */
    dedupeKey: { type: String, required: true },
    endpointId: { type: Schema.Types.ObjectId, required: true },
    /** The `webhook-id` header: the same on every attempt and redelivery, so receivers can drop copies. */
    messageId: { type: String, required: true },
    eventType: { type: String, required: true, enum: webhookEventTypes },
    /** The ids of the story (and response) it is about, so erasing a story removes its deliveries. */
    about: { type: [String], default: [] },
    /** The exact JSON body sent, built once from the public mappers: every attempt signs the same bytes. */
    payload: { type: String, required: true },
    status: {
      type: String,
      required: true,
      enum: ['pending', 'sending', 'sent', 'failed'],
      default: 'pending',
    },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** Which worker holds the delivery, and until when (a crashed worker's claim runs out). */
    claimedBy: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
    /** Retries are given up a day after this: when it was queued, or an admin last asked to redeliver. */
    retryingSince: { type: Date, required: true },
    lastAttemptAt: { type: Date, default: null },
    /** The receiver's HTTP status on the last attempt; null when there was no answer. */
    lastStatusCode: { type: Number, default: null },
    /** Why the last attempt failed (a refused address, a timeout, the status), for the admin. */
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'webhook_deliveries', versionKey: false, minimize: false },
);
webhookDeliverySchema.index({ dedupeKey: 1 }, { unique: true });
// The delivery worker's queue: due pending deliveries, oldest first.
webhookDeliverySchema.index({ status: 1, nextAttemptAt: 1 });
// An endpoint's delivery list, newest first.
webhookDeliverySchema.index({ endpointId: 1, createdAt: -1, _id: -1 });
// Erasure: every delivery about a story or its responses.
webhookDeliverySchema.index({ about: 1 });

export type WebhookDelivery = InferSchemaType<typeof webhookDeliverySchema>;

export function webhookDeliveryModel(connection: Connection) {
  if (connection.models.WebhookDelivery) connection.deleteModel('WebhookDelivery');
  return connection.model('WebhookDelivery', webhookDeliverySchema);
}
