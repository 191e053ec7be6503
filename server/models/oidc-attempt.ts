import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A sign-in with an identity provider between its start and its callback: what the callback must check
 * and needs (nonce, PKCE verifier) and where to hand the session (a popup's opener, or a page). Kept in
 * the store rather than a cookie, because the widget runs on boards' sites where third-party cookies
 * are blocked, and any instance may receive the callback. Used once: the callback deletes it.
 */
const oidcAttemptSchema = new Schema(
  {
    /** SHA-256 of the `state` parameter sent to the provider (the state itself is not kept). */
    stateHash: { type: String, required: true },
    provider: { type: String, required: true },
    nonce: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    mode: { type: String, required: true, enum: ['popup', 'redirect'] },
    /** Popup: the board page's origin, the only one the session is posted to. */
    origin: { type: String },
    /** Redirect: the path on this service to return to, with the session in the fragment. */
    returnPath: { type: String },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'oidcAttempts', versionKey: false },
);
// The callback takes its attempt by state, once.
oidcAttemptSchema.index({ stateHash: 1 }, { unique: true });
// Abandoned attempts go after ten minutes.
oidcAttemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type OidcAttempt = InferSchemaType<typeof oidcAttemptSchema>;

export function oidcAttemptModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.OidcAttempt) connection.deleteModel('OidcAttempt');
  return connection.model('OidcAttempt', oidcAttemptSchema);
}
