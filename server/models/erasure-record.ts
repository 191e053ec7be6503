import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The record of one erasure: who asked (the author, or which moderator), when, and how much went. The
 * address itself is never kept, only its keyed hash (HMAC under the deployment's key), so a later
 * request about the same address can be matched to this one without the record re-identifying anyone.
 */
const erasureRecordSchema = new Schema(
  {
    at: { type: Date, required: true },
    /** `author`: from the private link; `moderator`: on request, by address. */
    kind: { type: String, required: true, enum: ['author', 'moderator'] },
    by: { id: { type: String, required: true }, name: { type: String, required: true } },
    /** HMAC-SHA-256 of the lower-cased address, or null when the story had none. */
    addressHash: { type: String, default: null },
    storyIds: { type: [String], default: [] },
    counts: {
      stories: { type: Number, required: true },
      replies: { type: Number, required: true },
      responses: { type: Number, required: true },
      subscriptions: { type: Number, required: true },
      outboxMessages: { type: Number, required: true },
    },
  },
  { collection: 'erasures', versionKey: false },
);
// The audit list, newest first.
erasureRecordSchema.index({ at: -1 });

export type ErasureRecord = InferSchemaType<typeof erasureRecordSchema>;

export function erasureRecordModel(connection: Connection) {
  if (connection.models.ErasureRecord) connection.deleteModel('ErasureRecord');
  return connection.model('ErasureRecord', erasureRecordSchema);
}
