import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { roles } from './roles.js';
import { languages } from '../l10n/index.js';

/**
 * An account's authenticator secret. Never answered after enrolment and never logged: only the
 * enrolment answer carries it, once, so the person can add it to their app.
 */
const totpSchema = new Schema(
  {
    /** Base32; set once a code from it was confirmed. */
    secret: { type: String },
    /** Base32; offered at enrolment and not yet confirmed with a code. */
    pendingSecret: { type: String },
    enabledAt: { type: Date },
    /** The last time step a code was accepted for: a code of it or an earlier step is never taken again. */
    lastStep: { type: Number, default: 0 },
    /** SHA-256 of each unused recovery code; one is removed as it is used. */
    recoveryCodeHashes: { type: [String], default: [] },
  },
  { _id: false },
);

/** Who did what to an account's sign-in, and when (an admin resetting the second factor, say). */
const accountAuditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    /** An admin's id and name; absent when an operator did it at the command line. */
    by: { id: { type: String }, name: { type: String } },
    action: {
      type: String,
      required: true,
      enum: [
        'second-factor-reset',
        'sessions-revoked',
        'responder-moderation-on',
        'responder-moderation-off',
      ],
    },
  },
  { _id: false },
);

/** An account: staff, moderators, stakeholders (e.g. an MP's office) and platform admins. */
const userSchema = new Schema(
  {
    /** Lower-cased; private (never in a public answer). */
    email: { type: String, required: true, personal: true },
    /**
     * scrypt, as `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later. Absent for an
     * account that only signs in with its identity provider (OpenID Connect).
     */
    passwordHash: { type: String, personal: true },
    /** Shown publicly on responses, with the job title. */
    name: { type: String, required: true, personal: true },
    jobTitle: { type: String, personal: true },
    role: { type: String, required: true, enum: roles },
    /** Staff and stakeholders: roots of the service subtrees they act for. */
    services: { type: [String], default: [] },
    /** Stakeholders: the constituency they act for. */
    constituency: { type: String },
    disabledAt: { type: Date, default: null },
    /**
     * Responder moderation set by a moderator: `on` queues every response until taken off, `off` lets
     * every response publish directly. Null: the board's rule for new responders decides
     * (services/responder-moderation.ts).
     */
    responderModeration: { type: String, enum: ['on', 'off', null], default: null },
    /**
     * The language of the page they last signed in on: their alerts, reports and notices are written in
     * it (unless a subscription names its own). Null until they sign in from a page that says.
     */
    language: { type: String, enum: languages, default: null },
    /** Two-step sign-in (TOTP, RFC 6238) for a local account; see server/services/second-factor.ts. */
    totp: { type: totpSchema, default: undefined },
    /** Security actions taken on the account by someone else (second factor reset, sessions revoked). */
    accountAudit: { type: [accountAuditEntrySchema], default: undefined },
    /**
     * The identity-provider account this one is (OpenID Connect issuer and `sub`): private, like the
     * email. Role and services follow that provider's claims at every sign-in.
     */
    oidc: {
      type: new Schema(
        { issuer: { type: String, required: true }, subject: { type: String, required: true } },
        { _id: false },
      ),
      default: undefined,
    },
  },
  { timestamps: true, collection: 'users', versionKey: false },
);
// Sign-in looks accounts up by email; one account per address.
userSchema.index({ email: 1 }, { unique: true });
// OpenID Connect sign-in finds the account by its provider's issuer and subject; one account each.
userSchema.index(
  { 'oidc.issuer': 1, 'oidc.subject': 1 },
  { unique: true, partialFilterExpression: { 'oidc.subject': { $exists: true } } },
);
// Who is in scope for a service (alerts, "how many staff have read it").
userSchema.index({ services: 1 });

export type User = InferSchemaType<typeof userSchema>;

export function userModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.User) connection.deleteModel('User');
  return connection.model('User', userSchema);
}
