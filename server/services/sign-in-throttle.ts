import type { Models } from '../models/index.js';
import { DomainError } from '../domain/errors.js';
import { RateLimiter, type LimitRule, type LimitState } from './rate-limiter.js';

/**
 * Failed sign-ins allowed per sliding window, counted by the one rate limiter so every instance shares
 * them. Per email, to stop guessing one account's password; per client address, set higher because a
 * whole hospital can sit behind one address, to stop one client trying many accounts.
 */
export const signInThrottle = {
  windowMs: 15 * 60 * 1000,
  failuresPerEmail: 10,
  failuresPerClient: 30,
} as const;

const perEmail: LimitRule = {
  name: 'sign-in-email',
  limit: signInThrottle.failuresPerEmail,
  windowSeconds: signInThrottle.windowMs / 1000,
  keyKind: 'identifier',
};
/** Failures from one client address, counted by password and second-factor sign-in alike. */
export const signInClientRule: LimitRule = {
  name: 'sign-in-client',
  limit: signInThrottle.failuresPerClient,
  windowSeconds: signInThrottle.windowMs / 1000,
  keyKind: 'address',
};

export interface SignInAttempt {
  /** Lower-cased. */
  email: string;
  /** The client's address (ctx.ip), kept only as the rate limiter keeps addresses; undefined from the CLI. */
  client?: string;
}

/** Brute-force protection for `POST /sessions`: check before verifying, record each failure. */
export class SignInThrottle {
  private readonly limiter: RateLimiter;

  constructor(models: Pick<Models, 'rateLimits' | 'settings'>) {
    this.limiter = new RateLimiter({ models });
  }

  /** Throws 429 with Retry-After when the email or the client has failed too often in the window. */
  async assertAllowed(attempt: SignInAttempt, now = new Date()): Promise<void> {
    const states: LimitState[] = await Promise.all(
      this.counters(attempt).map(({ rule, key }) => this.limiter.peek(rule, key, now)),
    );
    const blocked = states.filter((state) => !state.allowed);
    if (blocked.length === 0) return;
    const retryAfterSeconds = Math.max(...blocked.map((state) => state.retryAfterSeconds));
    throw DomainError.tooMany(
      `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      retryAfterSeconds,
    );
  }

  async recordFailure(attempt: SignInAttempt, now = new Date()): Promise<void> {
    await Promise.all(this.counters(attempt).map(({ rule, key }) => this.limiter.hit(rule, key, now)));
  }

  /** A successful sign-in clears that email's failures (not the client's: it may be trying many). */
  async recordSuccess(attempt: SignInAttempt, now = new Date()): Promise<void> {
    await this.limiter.reset(perEmail, attempt.email, now);
  }

  private counters(attempt: SignInAttempt): { rule: LimitRule; key: string }[] {
    return [
      { rule: perEmail, key: attempt.email },
      ...(attempt.client ? [{ rule: signInClientRule, key: attempt.client }] : []),
    ];
  }
}
