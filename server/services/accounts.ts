import { isObjectId } from '../domain/object-id.js';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../platform/config.js';
import type { Language } from '../l10n/index.js';
import type { Logger } from '../platform/log.js';
import { toSignedInUser, type UserRecord } from '../mappers/user.js';
import type { Models } from '../models/index.js';
import { sessionTokenPrefix, signInChallengePrefix, type SignedInUser } from '../auth/principal.js';
import { challengeLifetimeMs, sessionStageAfterPassword, type SessionStage } from './second-factor-policy.js';
import type { Role } from '../models/roles.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import { SignInThrottle, type SignInAttempt } from './sign-in-throttle.js';
import { ensureDefaultSubscriptions } from './subscriptions.js';
import { isDuplicateKey } from '../models/duplicate-key.js';

/** How long a session token works after sign-in. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  jobTitle?: string;
  role: Role;
  services?: string[];
  constituency?: string;
}

export interface AccountChanges {
  name?: string;
  jobTitle?: string | null;
  role?: Role;
  services?: string[];
  constituency?: string | null;
  password?: string;
  disabled?: boolean;
}

/** Who is changing an account: a signed-in admin (with their session), or an operator at the CLI. */
export type Actor = { kind: 'user'; userId: string; sessionId: string } | { kind: 'operator' };

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: UserRecord;
  /** Unset: a full session. Otherwise `token` is a sign-in challenge or an enrolment-only session. */
  stage?: SessionStage | undefined;
}

const wrongCredentials = 'The email address or password is not right.';

/**
 * Accounts and their sessions: sign-in (scrypt, throttled, the same answer in the same time whether or
 * not the email exists), session tokens (random, stored hashed, 12 hours), and account management for
 * admins and operators.
 */
export class AccountService {
  private readonly models: Models;
  private readonly config: Config;
  private readonly logger: Logger;
  private readonly throttle: SignInThrottle;
  private readonly oidc: Config['oidc'];
  /** A real hash of a random password: unknown emails are verified against it so they take as long. */
  private dummyHash: Promise<string> | undefined;

  constructor(deps: { config: Config; logger: Logger; models: Models }) {
    this.models = deps.models;
    this.config = deps.config;
    this.logger = deps.logger;
    this.throttle = new SignInThrottle(deps.models);
    this.oidc = deps.config.oidc;
  }

  /**
   * Signs in with email and password; a `language` (the page's) becomes the account's, for what is
   * emailed to it from now on.
   */
  async signIn(
    credentials: { email: string; password: string; language?: Language },
    client?: string,
  ): Promise<SignedIn> {
    if (!this.oidc.localPasswords) {
      throw DomainError.forbidden(
        'Password sign-in is switched off here: sign in with your organisation’s account instead.',
      );
    }
    const attempt: SignInAttempt = { email: normaliseEmail(credentials.email), client };
    await this.throttle.assertAllowed(attempt);
    const user = await this.models.users.findOne({ email: attempt.email }).lean<UserRecord>();
    // An account without a password (it signs in with its identity provider) answers like a wrong one,
    // in the same time, so the answer tells nobody which accounts exist.
    const passwordMatches = user?.passwordHash
      ? await verifyPassword(credentials.password, user.passwordHash)
      : await verifyPassword(credentials.password, await this.hashOfNothing()).then(() => false);
    if (!user || !passwordMatches || user.disabledAt) {
      await this.throttle.recordFailure(attempt);
      throw DomainError.unauthenticated(wrongCredentials);
    }
    // Only now, after the right password: saying so earlier would tell a stranger the account's role.
    if (this.oidc.requiredRoles.includes(user.role)) {
      await this.throttle.recordSuccess(attempt);
      throw DomainError.forbidden(
        `A ${user.role} signs in with their organisation’s account here, not with a password.`,
      );
    }
    // With two-step sign-in on, the password alone earns a short challenge, not a session, and clears
    // no failures: only the code does (second-factor.ts), so a known password cannot reset the count.
    const stage = sessionStageAfterPassword(user, this.config.totpRequiredRoles);
    if (stage !== 'second-factor') await this.throttle.recordSuccess(attempt);
    return this.openSession(user, credentials.language, stage);
  }

  /**
   * A new session for an account that has proved who it is (password, or its identity provider); a
   * `language` (the page's) becomes the account's. `stage`: a local account's second factor is still
   * to come (a short challenge, not a session) or still to be set up (a session for that alone).
   * Identity-provider sign-ins never have one: their provider asks for its own second factor.
   */
  async openSession(user: UserRecord, language?: Language, stage?: SessionStage): Promise<SignedIn> {
    const token = newToken(stage === 'second-factor' ? signInChallengePrefix : sessionTokenPrefix);
    const expiresAt = new Date(
      Date.now() + (stage === 'second-factor' ? challengeLifetimeMs : sessionLifetimeMs),
    );
    await this.models.sessions.create({ tokenHash: hashToken(token), userId: user._id, expiresAt, stage });
    if (language && language !== user.language) {
      await this.models.users.updateOne({ _id: user._id }, { $set: { language } });
      user.language = language;
    }
    this.logger.info({ userId: user._id.toHexString(), ...(stage ? { stage } : {}) }, 'signed in');
    return { token, expiresAt, user, stage };
  }

  /**
   * The live session a bearer token names, with its account; null when it is unknown, expired (the TTL
   * monitor only sweeps now and then, so expiry is checked here too) or the account is disabled.
   */
  async sessionForToken(
    token: string,
  ): Promise<{ sessionId: string; user: SignedInUser; enrolmentOnly?: true } | null> {
    const session = await this.models.sessions
      .findOne({
        tokenHash: hashToken(token),
        expiresAt: { $gt: new Date() },
        stage: { $ne: 'second-factor' },
      })
      .lean();
    if (!session) return null;
    const user = await this.models.users
      .findOne({ _id: session.userId, disabledAt: null })
      .lean<UserRecord>();
    if (!user) return null;
    return {
      sessionId: String(session._id),
      user: toSignedInUser(user),
      ...(session.stage === 'enrolment' ? { enrolmentOnly: true as const } : {}),
    };
  }

  /** Ends one session at once: its token stops working on the next request. */
  async signOut(sessionId: string): Promise<void> {
    await this.models.sessions.deleteOne({ _id: sessionId });
  }

  async getUser(id: string): Promise<UserRecord> {
    const user = isObjectId(id) ? await this.models.users.findById(id).lean<UserRecord>() : null;
    if (!user) throw DomainError.notFound('There is no account with that id.');
    return user;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    return this.models.users.findOne({ email: normaliseEmail(email) }).lean<UserRecord>();
  }

  async listUsers(filter: { role?: Role; service?: string } = {}): Promise<UserRecord[]> {
    const query: Record<string, string> = {};
    if (filter.role) query.role = filter.role;
    if (filter.service) query.services = filter.service;
    return this.models.users.find(query).sort({ email: 1 }).lean<UserRecord[]>();
  }

  async createUser(account: NewAccount): Promise<UserRecord> {
    const email = normaliseEmail(account.email);
    const fields = {
      email,
      name: account.name.trim(),
      jobTitle: account.jobTitle?.trim() || undefined,
      role: account.role,
      services: account.services ?? [],
      constituency: account.constituency?.trim() || undefined,
    };
    await this.assertScopeValid(fields, { services: account.services, constituency: account.constituency });
    if (await this.models.users.exists({ email })) throw duplicateEmail();
    const passwordHash = await hashPassword(account.password);
    let created;
    try {
      created = await this.models.users.create({ ...fields, passwordHash });
    } catch (error) {
      if (isDuplicateKey(error)) throw duplicateEmail();
      throw error;
    }
    this.logger.info({ userId: created.id, role: fields.role }, 'account created');
    await ensureDefaultSubscriptions(this.models, created.id as string);
    return created.toObject() as unknown as UserRecord;
  }

  async updateUser(id: string, changes: AccountChanges, actor: Actor): Promise<UserRecord> {
    const current = await this.getUser(id);
    const self = actor.kind === 'user' && actor.userId === id;
    if (self && changes.disabled === true) {
      throw DomainError.invalid([
        { field: 'disabled', code: 'not-permitted', message: 'you cannot disable your own account' },
      ]);
    }
    if (self && changes.role !== undefined && changes.role !== current.role) {
      throw DomainError.invalid([
        { field: 'role', code: 'not-permitted', message: 'you cannot change your own role' },
      ]);
    }

    const role = changes.role ?? current.role;
    // Moving to a role without a scope drops the old one, so nobody has to clear it by hand.
    const keepsServices = role === 'staff' || role === 'stakeholder';
    const services = changes.services ?? (keepsServices ? current.services : []);
    const constituency =
      changes.constituency !== undefined
        ? (changes.constituency?.trim() ?? null)
        : role === 'stakeholder'
          ? (current.constituency ?? null)
          : null;
    await this.assertScopeValid(
      { role, services, constituency: constituency ?? undefined },
      { services: changes.services, constituency: changes.constituency ?? undefined },
    );

    const set: Record<string, unknown> = { role, services };
    const unset: Record<string, 1> = {};
    if (changes.name !== undefined) set.name = changes.name.trim();
    if (changes.jobTitle === null) unset.jobTitle = 1;
    else if (changes.jobTitle !== undefined) set.jobTitle = changes.jobTitle.trim();
    if (constituency) set.constituency = constituency;
    else unset.constituency = 1;
    if (changes.password !== undefined) set.passwordHash = await hashPassword(changes.password);
    if (changes.disabled === true && !current.disabledAt) set.disabledAt = new Date();
    if (changes.disabled === false) set.disabledAt = null;

    const updated = await this.models.users
      .findByIdAndUpdate(
        id,
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { returnDocument: 'after' },
      )
      .lean<UserRecord>();
    if (!updated) throw DomainError.notFound('There is no account with that id.');
    // Staff follow their services by default: only a change of scope touches the defaults.
    if (role !== current.role || !isDeepStrictEqual(services, current.services)) {
      await ensureDefaultSubscriptions(this.models, id);
    }

    // A disabled account, or one whose password changed, keeps no session (but the admin changing their
    // own password stays signed in on the session they did it from).
    if (changes.disabled === true || changes.password !== undefined) {
      const keep = self && actor.kind === 'user' && changes.disabled !== true ? actor.sessionId : undefined;
      await this.models.sessions.deleteMany({ userId: updated._id, ...(keep ? { _id: { $ne: keep } } : {}) });
    }
    this.logger.info({ userId: id, changed: Object.keys(changes) }, 'account changed');
    return updated;
  }

  /**
   * Start-up bootstrap (CARELOOP_ADMIN_EMAIL/PASSWORD): that admin exists, enabled, with that password.
   * An existing account with the email becomes an admin; its sessions end only if the password changed.
   */
  async ensureAdmin(email: string, password: string): Promise<UserRecord> {
    const existing = await this.findUserByEmail(email);
    if (!existing) {
      return this.createUser({ email, password, name: 'Administrator', role: 'admin' });
    }
    const passwordMatches = existing.passwordHash
      ? await verifyPassword(password, existing.passwordHash)
      : false;
    if (passwordMatches && existing.role === 'admin' && !existing.disabledAt) return existing;
    return this.updateUser(
      existing._id.toHexString(),
      { role: 'admin', services: [], disabled: false, ...(passwordMatches ? {} : { password }) },
      { kind: 'operator' },
    );
  }

  /**
   * Staff act for at least one service; stakeholders for a constituency or services; admins and
   * moderators for everything, so they take neither. Named services must exist. `given` is what the
   * request itself said, so a complaint names a field the client actually sent.
   */
  private async assertScopeValid(
    account: { role: Role; services: string[]; constituency?: string },
    given: { services?: string[]; constituency?: string },
  ): Promise<void> {
    const errors: FieldError[] = [];
    const { role, services, constituency } = account;
    if (role === 'admin' || role === 'moderator') {
      if (given.services?.length)
        errors.push({
          field: 'services',
          code: 'not-permitted',
          message: `${role}s act for every service: leave services out`,
        });
      if (given.constituency)
        errors.push({
          field: 'constituency',
          code: 'not-permitted',
          message: `${role}s act for every service: leave constituency out`,
        });
    }
    if (role === 'staff') {
      if (services.length === 0)
        errors.push({
          field: 'services',
          code: 'required',
          message: 'staff must act for at least one service',
        });
      if (given.constituency)
        errors.push({
          field: 'constituency',
          code: 'not-permitted',
          message: 'only stakeholders act for a constituency',
        });
    }
    if (role === 'stakeholder' && services.length === 0 && !constituency) {
      errors.push({
        field: 'constituency',
        code: 'required',
        message: 'stakeholders need a constituency or at least one service',
      });
    }
    if (services.length > 0) {
      const known = await this.models.organisations.find({ _id: { $in: services } }, { _id: 1 }).lean();
      const knownIds = new Set(known.map((organisation) => organisation._id));
      services.forEach((service, index) => {
        if (!knownIds.has(service))
          errors.push({
            field: `services.${index}`,
            code: 'unknown-service',
            message: 'is not a known service',
          });
      });
    }
    if (errors.length > 0) throw DomainError.invalid(errors, 'The account has invalid fields.');
  }

  private hashOfNothing(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function duplicateEmail() {
  return DomainError.conflict('An account with that email address already exists.', {
    errors: [{ field: 'email', code: 'taken', message: 'is already used by another account' }],
  });
}
