import { Schema, type Connection } from 'mongoose';

/**
 * A counter per client and time window, kept in the store so every instance of the service shares it.
 * `_id` is `<purpose>:<hashed client>:<window start>`; the TTL index removes old windows.
 */
const rateLimitSchema = new Schema(
  {
    /** Holds a truncated keyed hash of a client address: gone with the window (docs/privacy.md). */
    _id: { type: String, required: true, personal: true },
    count: { type: Number, required: true, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'rate_limits', versionKey: false },
);
rateLimitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export function rateLimitModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.RateLimit) connection.deleteModel('RateLimit');
  return connection.model('RateLimit', rateLimitSchema);
}
