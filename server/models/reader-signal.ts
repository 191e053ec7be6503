import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const readerSignalKinds = ['me-too', 'helpful'] as const;
export type ReaderSignalKind = (typeof readerSignalKinds)[number];

/**
 * One reader's "me too" on a story or "helpful" on a response. `_id` is a keyed hash of the reader token
 * together with the kind and the item, so the same token on the same item is one document (the count
 * cannot double), and two signals of one reader on two items cannot be linked from the store.
 */
const readerSignalSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: readerSignalKinds },
    /** The story (me-too) or response (helpful) signalled. */
    itemId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'reader_signals', versionKey: false },
);
// Removing an item's signals with the item (erasure, deletion).
readerSignalSchema.index({ itemId: 1 });

export type ReaderSignal = InferSchemaType<typeof readerSignalSchema>;

export function readerSignalModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.ReaderSignal) connection.deleteModel('ReaderSignal');
  return connection.model('ReaderSignal', readerSignalSchema);
}
