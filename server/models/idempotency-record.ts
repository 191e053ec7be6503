import { Schema, type Connection } from 'mongoose';

/**
 * The first answer to a request sent with an `Idempotency-Key`, so a retry (same key, same body) gets
 * that answer again instead of creating a second story. `_id` is a hash of the route and key.
 */
const idempotencyRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** SHA-256 of the request body: the same key with another body is a client error. */
    requestHash: { type: String, required: true },
    /** `pending` while the first request is being handled; concurrent retries wait for `done`. */
    state: { type: String, required: true, enum: ['pending', 'done'] },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_records', versionKey: false, minimize: false },
);
idempotencyRecordSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export function idempotencyRecordModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.IdempotencyRecord) connection.deleteModel('IdempotencyRecord');
  return connection.model('IdempotencyRecord', idempotencyRecordSchema);
}
