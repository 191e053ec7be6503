import QRCode from 'qrcode';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { UserRecord } from '../mappers/user.js';
import { sessionTokenPrefix } from '../auth/principal.js';
import { hashToken, newToken } from '../auth/tokens.js';
import {
  hashRecoveryCode,
  matchingTotpStep,
  newRecoveryCode,
  newTotpSecret,
  recoveryCodeCount,
  totpUri,
} from '../auth/totp.js';
import { DomainError } from '../domain/errors.js';
import { isObjectId } from '../domain/object-id.js';
import type { Language } from '../l10n/index.js';
import { sessionLifetimeMs, type Actor, type SignedIn } from './accounts.js';
import { SecondFactorThrottle } from './second-factor-throttle.js';

/** What an authenticator app needs to add the account: shown once, at enrolment. */
export interface Enrolment {
  /** Base32, for typing in by hand. */
  secret: string;
  /** `otpauth://totp/…`, what the QR code says. */
  uri: string;
  /** The QR code as an SVG `data:` URL, for an `<img>`. */
  qrCode: string;
}

/** The second step of a sign-in: the challenge from the first, and one code. */
export interface SecondStep {
  challenge: string;
  code?: string;
  recoveryCode?: string;
  language?: Language;
}

const wrongCode = 'The code is not right, or was already used. Try the next one your app shows.';
const challengeGone = 'The sign-in has expired or was already finished: enter your email and password again.';

/**
 * Two-step sign-in for local accounts (TOTP, RFC 6238): enrolment (a pending secret, confirmed by a
 * code, then recovery codes shown once), the code step of sign-in (throttled, no code taken twice, a
 * recovery code once), and what admins do for someone who lost their phone: reset it, and end every
 * session of an account at once. Both admin actions are kept on the account (`accountAudit`) and logged.
 * The secret is never logged, and never answered again after enrolment.
 */
export class SecondFactorService {
  private readonly models: Models;
  private readonly logger: Logger;
  private readonly throttle: SecondFactorThrottle;

  constructor(deps: { logger: Logger; models: Models }) {
    this.models = deps.models;
    this.logger = deps.logger;
    this.throttle = new SecondFactorThrottle(deps.models);
  }

  /** A new pending secret for the account (replacing any earlier pending one). Refused when it is on. */
  async startEnrolment(userId: string): Promise<Enrolment> {
    const user = await this.user(userId);
    if (user.totp?.enabledAt) {
      throw DomainError.conflict('Two-step sign-in is already on for this account.');
    }
    const secret = newTotpSecret();
    await this.models.users.updateOne({ _id: user._id }, { $set: { 'totp.pendingSecret': secret } });
    const uri = totpUri(secret, user.email);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /**
   * Turns two-step sign-in on with the pending secret once `code` is right for it, and answers the
   * recovery codes (only their hashes are kept). The session it was done from becomes a full one.
   */
  async confirmEnrolment(userId: string, sessionId: string, code: string): Promise<string[]> {
    const user = await this.user(userId);
    const pending = user.totp?.pendingSecret;
    if (user.totp?.enabledAt) throw DomainError.conflict('Two-step sign-in is already on for this account.');
    if (!pending)
      throw DomainError.conflict('Start setting up two-step sign-in first: there is no code to check.');
    const step = await matchingTotpStep(pending, code, 0);
    if (step === null) {
      throw DomainError.invalid([
        { field: 'code', code: 'invalid', message: 'is not the code the app shows now' },
      ]);
    }
    const recoveryCodes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
    const turnedOn = await this.models.users.updateOne(
      { _id: user._id, 'totp.pendingSecret': pending, 'totp.enabledAt': { $exists: false } },
      {
        $set: {
          totp: {
            secret: pending,
            enabledAt: new Date(),
            lastStep: step,
            recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
          },
        },
      },
    );
    if (turnedOn.modifiedCount !== 1) {
      throw DomainError.conflict('Two-step sign-in changed meanwhile: start setting it up again.');
    }
    await this.models.sessions.updateOne({ _id: sessionId, userId: user._id }, { $unset: { stage: 1 } });
    this.logger.info({ userId }, 'two-step sign-in turned on');
    return recoveryCodes;
  }

  /**
   * The second step of signing in: a code from the app (one step either side of now, and later than
   * the last one taken) or an unused recovery code. Wrong codes count against the account and the
   * client through the one rate limiter; a right one ends the challenge and starts a session.
   */
  async completeSignIn(step: SecondStep, client?: string): Promise<SignedIn> {
    const challenge = await this.models.sessions
      .findOne({
        tokenHash: hashToken(step.challenge),
        stage: 'second-factor',
        expiresAt: { $gt: new Date() },
      })
      .lean();
    if (!challenge) throw DomainError.unauthenticated(challengeGone);
    const userId = challenge.userId.toHexString();
    const attempt = { userId, client };
    await this.throttle.assertAllowed(attempt);
    const user = await this.models.users
      .findOne({ _id: challenge.userId, disabledAt: null })
      .lean<UserRecord>();
    const totp = user?.totp;
    if (!user || !totp?.enabledAt || !totp.secret) throw DomainError.unauthenticated(challengeGone);

    const accepted =
      step.code !== undefined
        ? await this.takeCode(user, totp.secret, step.code, totp.lastStep ?? 0)
        : await this.takeRecoveryCode(user, step.recoveryCode ?? '');
    if (!accepted) {
      await this.throttle.recordFailure(attempt);
      throw DomainError.unauthenticated(wrongCode);
    }
    await this.throttle.recordSuccess(attempt, user.email);

    // The challenge is spent: its token cannot start a second session.
    const spent = await this.models.sessions.deleteOne({ _id: challenge._id });
    if (spent.deletedCount !== 1) throw DomainError.unauthenticated(challengeGone);
    const token = newToken(sessionTokenPrefix);
    const expiresAt = new Date(Date.now() + sessionLifetimeMs);
    await this.models.sessions.create({ tokenHash: hashToken(token), userId: user._id, expiresAt });
    if (step.language && step.language !== user.language) {
      await this.models.users.updateOne({ _id: user._id }, { $set: { language: step.language } });
      user.language = step.language;
    }
    this.logger.info(
      { userId, secondFactor: step.code !== undefined ? 'code' : 'recovery-code' },
      'signed in',
    );
    return { token, expiresAt, user };
  }

  /** An admin turns someone's two-step sign-in off (a lost phone): they set it up again at next sign-in. */
  async reset(userId: string, actor: Actor & { name?: string }): Promise<UserRecord> {
    const user = await this.user(userId);
    const updated = await this.models.users
      .findByIdAndUpdate(
        user._id,
        { $unset: { totp: 1 }, $push: { accountAudit: auditEntry('second-factor-reset', actor) } },
        { returnDocument: 'after' },
      )
      .lean<UserRecord>();
    // A half-finished sign-in waiting for a code from the lost phone goes with it.
    await this.models.sessions.deleteMany({ userId: user._id, stage: 'second-factor' });
    this.logger.info({ userId, by: actorId(actor) }, 'two-step sign-in reset');
    return updated!;
  }

  /** Ends every session (and half-finished sign-in) of an account at once; answers how many. */
  async revokeSessions(userId: string, actor: Actor & { name?: string }): Promise<number> {
    const user = await this.user(userId);
    const { deletedCount } = await this.models.sessions.deleteMany({ userId: user._id });
    await this.models.users.updateOne(
      { _id: user._id },
      { $push: { accountAudit: auditEntry('sessions-revoked', actor) } },
    );
    this.logger.info({ userId, by: actorId(actor), sessions: deletedCount }, 'sessions revoked');
    return deletedCount;
  }

  /** Takes a code for a step later than the last one taken: two requests with one code, one wins. */
  private async takeCode(user: UserRecord, secret: string, code: string, lastStep: number): Promise<boolean> {
    const step = await matchingTotpStep(secret, code, lastStep);
    if (step === null) return false;
    const taken = await this.models.users.updateOne(
      { _id: user._id, 'totp.lastStep': { $lt: step } },
      { $set: { 'totp.lastStep': step } },
    );
    return taken.modifiedCount === 1;
  }

  /** Removes the code's hash if it is there: a recovery code works once. */
  private async takeRecoveryCode(user: UserRecord, code: string): Promise<boolean> {
    const hash = hashRecoveryCode(code);
    const taken = await this.models.users.updateOne(
      { _id: user._id, 'totp.recoveryCodeHashes': hash },
      { $pull: { 'totp.recoveryCodeHashes': hash } },
    );
    if (taken.modifiedCount === 1) {
      this.logger.info({ userId: user._id.toHexString() }, 'recovery code used');
      return true;
    }
    return false;
  }

  private async user(id: string): Promise<UserRecord> {
    const user = isObjectId(id) ? await this.models.users.findById(id).lean<UserRecord>() : null;
    if (!user) throw DomainError.notFound('There is no account with that id.');
    return user;
  }
}

function auditEntry(action: 'second-factor-reset' | 'sessions-revoked', actor: Actor & { name?: string }) {
  return {
    at: new Date(),
    ...(actor.kind === 'user' ? { by: { id: actor.userId, name: actor.name ?? '' } } : {}),
    action,
  };
}

function actorId(actor: Actor): string {
  return actor.kind === 'user' ? actor.userId : 'operator';
}
