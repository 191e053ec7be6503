import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { roles } from './roles.js';
import { languages } from '../l10n/index.js';

/** An account: staff, moderators, stakeholders (e.g. an MP's office) and platform admins. */
const userSchema = new Schema(
  {
    /** Lower-cased; private (never in a public answer). */
    email: { type: String, required: true },
    /**
     * scrypt, as `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later. Absent for an
     * account that only signs in with its identity provider (OpenID Connect).
     */
    passwordHash: { type: String },
    /** Shown publicly on responses, with the job title. */
    name: { type: String, required: true },
    jobTitle: { type: String },
    role: { type: String, required: true, enum: roles },
    /** Staff and stakeholders: roots of the service subtrees they act for. */
    services: { type: [String], default: [] },
    /** Stakeholders: the constituency they act for. */
    constituency: { type: String },
    disabledAt: { type: Date, default: null },
    /**
     * The language of the page they last signed in on: their alerts, reports and notices are written in
     * it (unless a subscription names its own). Null until they sign in from a page that says.
     */
    language: { type: String, enum: languages, default: null },
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
