import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * An email waiting to be sent, or sent. Every message is written here first; a delivery worker claims
 * it atomically (so two instances never send the same message), retries with backoff while SMTP
 * fails, and marks it sent.
 */
const outboxMessageSchema = new Schema(
  {
    /** What the message is for, e.g. `alert:<storyId>:<subscriptionId>`: the same message is never queued twice. */
    dedupeKey: { type: String, required: true },
    /** Stable Message-ID, so a receiving server can drop a duplicate of a retried send. */
    messageId: { type: String, required: true },
    to: { type: String, required: true, personal: true },
    subject: { type: String, required: true },
    text: { type: String, required: true, personal: true },
    html: { type: String, required: true, personal: true },
    headers: { type: Schema.Types.Mixed, default: {} },
    status: {
      type: String,
      required: true,
      enum: ['pending', 'sending', 'sent', 'failed'],
      default: 'pending',
    },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** Which worker holds the message, and until when (a crashed worker's claim runs out). */
    claimedBy: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    lastError: { type: String },
  },
  { timestamps: true, collection: 'outbox_messages', versionKey: false, minimize: false },
);
outboxMessageSchema.index({ dedupeKey: 1 }, { unique: true });
// The delivery worker's queue: due pending messages, oldest first.
outboxMessageSchema.index({ status: 1, nextAttemptAt: 1 });

export type OutboxMessage = InferSchemaType<typeof outboxMessageSchema>;

export function outboxMessageModel(connection: Connection) {
  if (connection.models.OutboxMessage) connection.deleteModel('OutboxMessage');
  return connection.model('OutboxMessage', outboxMessageSchema);
}
