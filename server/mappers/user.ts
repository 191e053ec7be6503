import type { Types } from 'mongoose';
import type { Language } from '../l10n/index.js';
import type { Role } from '../models/roles.js';
import type { SignedInUser } from '../auth/principal.js';

/** A user document as read with `.lean()`. */
export interface UserRecord {
  _id: Types.ObjectId;
  email: string;
  /** Absent for an account that signs in only with its identity provider. */
  passwordHash?: string | null;
  name: string;
  jobTitle?: string | null;
  role: Role;
  services: string[];
  constituency?: string | null;
  disabledAt?: Date | null;
  language?: Language | null;
  totp?: {
    secret?: string | null;
    pendingSecret?: string | null;
    enabledAt?: Date | null;
    lastStep?: number | null;
    recoveryCodeHashes?: string[];
  } | null;
  accountAudit?: Array<{
    at: Date;
    by?: { id?: string | null; name?: string | null } | null;
    action: string;
  }> | null;
  /** Private: the identity-provider account (issuer, subject) this one is; never in a view. */
  oidc?: { issuer: string; subject: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `GET /sessions/current` and sign-in: the account as it sees itself (its own email included). */
export interface SelfUserView {
  id: string;
  email: string;
  name: string;
  jobTitle?: string;
  role: Role;
  services: string[];
  constituency?: string;
  /** `required`: this sign-in may do nothing but set two-step sign-in up (or sign out) until it is on. */
  secondFactor: { enabled: boolean; required?: boolean };
}

/** The users API: what admins see of an account. */
export interface AdminUserView extends SelfUserView {
  disabled: boolean;
  disabledAt?: string;
  createdAt: string;
  updatedAt: string;
  /** Security actions others took on the account, oldest first. */
  accountAudit?: Array<{ at: string; by?: { id: string; name: string }; action: string }>;
}

/** What the rest of the service knows of the account behind a request (no email, no hash). */
export function toSignedInUser(user: UserRecord): SignedInUser {
  return {
    id: user._id.toHexString(),
    role: user.role,
    name: user.name,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    services: [...user.services],
    ...(user.constituency ? { constituency: user.constituency } : {}),
  };
}

/** `enrolmentRequired`: the session asking may only set up two-step sign-in (see second-factor.ts). */
export function toSelfUser(user: UserRecord, enrolmentRequired = false): SelfUserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    role: user.role,
    services: [...user.services],
    ...(user.constituency ? { constituency: user.constituency } : {}),
    secondFactor: {
      enabled: Boolean(user.totp?.enabledAt),
      ...(enrolmentRequired ? { required: true } : {}),
    },
  };
}

export function toAdminUser(user: UserRecord): AdminUserView {
  return {
    ...toSelfUser(user),
    disabled: Boolean(user.disabledAt),
    ...(user.disabledAt ? { disabledAt: user.disabledAt.toISOString() } : {}),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    ...(user.accountAudit?.length
      ? {
          accountAudit: user.accountAudit.map((entry) => ({
            at: entry.at.toISOString(),
            ...(entry.by?.id ? { by: { id: entry.by.id, name: entry.by.name ?? '' } } : {}),
            action: entry.action,
          })),
        }
      : {}),
  };
}
