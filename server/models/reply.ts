import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { flagSchema, moderationEntrySchema } from './moderation-entry.js';
import { idempotencyStampSchema, indexIdempotencyStamps } from './idempotency-stamp.js';
import { pendingEventSchema } from './pending-event.js';

export const replyStatuses = ['submitted', 'held', 'published', 'rejected'] as const;
/** A reply answers the responses; an update says, later, how things went. Both are moderated alike. */
export const replyKinds = ['reply', 'update'] as const;
export type ReplyKind = (typeof replyKinds)[number];

/**
 * The author's reply in a story's thread. Like a story, it is read by a moderator (with the same flags
 * for identifying details) before it is published.
 */
const replySchema = new Schema(
  {
    storyId: { type: Schema.Types.ObjectId, required: true, ref: 'Story' },
    body: { type: String, required: true, personal: true },
    kind: { type: String, required: true, enum: replyKinds, default: 'reply' },
    status: {
      type: String,
      required: true,
      enum: replyStatuses,
      default: 'submitted',
    },
    statusReason: { type: String },
    publishedAt: { type: Date, default: null },
    flags: { type: [flagSchema], default: [] },
    moderation: { type: [moderationEntrySchema], default: [] },
    pendingEvents: { type: [pendingEventSchema], default: [] },
    /** Set when it was sent with an Idempotency-Key, for 24 hours: a retry is answered from it. */
    idempotency: { type: idempotencyStampSchema, default: undefined },
  },
  { timestamps: true, collection: 'replies', versionKey: false },
);
// A story's thread, in time order.
replySchema.index({ storyId: 1, createdAt: 1 });
// The moderation queue: submitted and held replies, oldest first.
replySchema.index({ status: 1, createdAt: 1, _id: 1 });
// The notifier's work list.
replySchema.index({ 'pendingEvents.type': 1 });
// The feeds' change stamp (the newest updatedAt) and WebSub's "changed since" look.
replySchema.index({ updatedAt: -1 });
indexIdempotencyStamps(replySchema);

export type Reply = InferSchemaType<typeof replySchema>;

export function replyModel(connection: Connection) {
  if (connection.models.Reply) connection.deleteModel('Reply');
  return connection.model('Reply', replySchema);
}
