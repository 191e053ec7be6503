import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { pendingEventSchema } from './pending-event.js';

/**
 * The author's reply in a story's thread. Like a story, it is read by a moderator (with the same flags
 * for identifying details) before it is published.
 */
const replySchema = new Schema(
  {
    storyId: { type: Schema.Types.ObjectId, required: true, ref: 'Story' },
    body: { type: String, required: true },
    status: {
      type: String,
      required: true,
      enum: ['submitted', 'held', 'published', 'rejected'],
      default: 'submitted',
    },
    statusReason: { type: String },
    publishedAt: { type: Date, default: null },
    flags: {
      type: [{ field: String, kind: String, start: Number, end: Number, text: String, _id: false }],
      default: [],
    },
    moderation: {
      type: [
        {
          at: { type: Date, required: true },
          by: { id: String, name: String },
          action: { type: String, required: true },
          reason: String,
          changes: {
            type: [{ field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed, _id: false }],
            default: [],
          },
          _id: false,
        },
      ],
      default: [],
    },
    pendingEvents: { type: [pendingEventSchema], default: [] },
  },
  { timestamps: true, collection: 'replies', versionKey: false },
);
// A story's thread, in time order.
replySchema.index({ storyId: 1, createdAt: 1 });
// The moderation queue: submitted and held replies, oldest first.
replySchema.index({ status: 1, createdAt: 1 });
// The notifier's work list.
replySchema.index({ 'pendingEvents.type': 1 });

export type Reply = InferSchemaType<typeof replySchema>;

export function replyModel(connection: Connection) {
  if (connection.models.Reply) connection.deleteModel('Reply');
  return connection.model('Reply', replySchema);
}
