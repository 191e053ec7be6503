import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** What a partner's API key may read (docs/decisions/2026-12-07-api-keys.md). */
export const apiKeyScopes = ['stories:read', 'stories:read-staff'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** Who created or revoked a key: an admin account, or the operator at the command line. */
const keyActorSchema = new Schema(
  {
    /** The admin account's id; absent for the operator. */
    id: { type: String, personal: true },
    name: { type: String, required: true, personal: true },
  },
  { _id: false },
);

/**
 * A partner's read-only API key: scoped to one subtree of services (a board) and to what it may read,
 * rate limited on its own. Only a hash of the key is stored; the key is shown once, when created.
 * Revoked and expired keys are kept (refused at once) so who had access, and when, stays known.
 */
const apiKeySchema = new Schema(
  {
    /** SHA-256 of the bearer key (`clk_…`), as hashToken makes it. */
    keyHash: { type: String, required: true },
    /** The key's first characters after its prefix, so an admin can tell which key a partner holds. */
    hint: { type: String, required: true },
    /** Who holds it and why, e.g. "Healthwatch Ayrshire: quarterly analysis". */
    name: { type: String, required: true },
    /** The service (usually a board) whose subtree the key reads. */
    board: { type: String, required: true },
    scopes: { type: [String], enum: apiKeyScopes, required: true },
    /** The key's own limit: requests per sliding minute, counted across every instance. */
    requestsPerMinute: { type: Number, required: true },
    createdBy: { type: keyActorSchema, required: true },
    expiresAt: { type: Date, default: null },
    /** Written at most once a minute per key, so a busy partner does not turn every read into a write. */
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: keyActorSchema, default: null },
  },
  { timestamps: true, collection: 'api_keys', versionKey: false },
);
// Every request made with a key resolves it by hash.
apiKeySchema.index({ keyHash: 1 }, { unique: true });
// GET /api-keys?board=…, newest first.
apiKeySchema.index({ board: 1, createdAt: -1 });

export type ApiKey = InferSchemaType<typeof apiKeySchema>;

export function apiKeyModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.ApiKey) connection.deleteModel('ApiKey');
  return connection.model('ApiKey', apiKeySchema);
}
