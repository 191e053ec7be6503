import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** A signed-in session. Only a hash of its bearer token is stored, so a database leak signs nobody in. */
const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: 'User', personal: true },
    expiresAt: { type: Date, required: true },
    /**
     * Unset for a full session. `second-factor`: the password was right and a code is awaited (a
     * sign-in challenge, minutes long, never a bearer token). `enrolment`: an account that must use two-step
     * sign-in and has not set it up yet, which may only set it up or sign out.
     */
    stage: { type: String, enum: ['second-factor', 'enrolment'] },
  },
  { timestamps: true, collection: 'sessions', versionKey: false },
);
// Every authenticated request resolves its bearer token by hash.
sessionSchema.index({ tokenHash: 1 }, { unique: true });
// Expired sessions are deleted by the TTL monitor.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// Revoking every session of an account (disabled, password changed).
sessionSchema.index({ userId: 1 });

export type Session = InferSchemaType<typeof sessionSchema>;

export function sessionModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.Session) connection.deleteModel('Session');
  return connection.model('Session', sessionSchema);
}
