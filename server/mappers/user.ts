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
}

/** The users API: what admins see of an account. */
export interface AdminUserView extends SelfUserView {
  disabled: boolean;
  disabledAt?: string;
  createdAt: string;
  updatedAt: string;
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

export function toSelfUser(user: UserRecord): SelfUserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    role: user.role,
    services: [...user.services],
    ...(user.constituency ? { constituency: user.constituency } : {}),
  };
}

export function toAdminUser(user: UserRecord): AdminUserView {
  return {
    ...toSelfUser(user),
    disabled: Boolean(user.disabledAt),
    ...(user.disabledAt ? { disabledAt: user.disabledAt.toISOString() } : {}),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
