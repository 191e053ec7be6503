import type { Models } from '../models/index.js';
import { DomainError } from '../domain/errors.js';
import { RateLimiter, type LimitRule } from './rate-limiter.js';
import { SignInThrottle, signInClientRule, signInThrottle } from './sign-in-throttle.js';

/**
 * Wrong codes allowed per account in the sign-in window. Three codes are right at any moment (one step
 * either side), so five guesses a quarter of an hour give an attacker who has the password about one
 * chance in 67,000 a quarter of an hour: far less than the days it would take.
 */
export const wrongCodesPerAccount = 5;

const perAccount: LimitRule = {
  name: 'second-factor-account',
  limit: wrongCodesPerAccount,
  windowSeconds: signInThrottle.windowMs / 1000,
  keyKind: 'identifier',
};

export interface CodeAttempt {
  userId: string;
  client?: string | undefined;
}

/**
 * Brute-force protection for the code step of sign-in, through the one rate limiter: per account (not
 * cleared by a right password, so knowing it buys no fresh guesses) and per client, shared with wrong
 * passwords. A right code clears the account's wrong codes and its email's wrong passwords.
 */
export class SecondFactorThrottle {
  private readonly limiter: RateLimiter;
  private readonly signIn: SignInThrottle;

  constructor(models: Pick<Models, 'rateLimits' | 'settings'>) {
    this.limiter = new RateLimiter({ models });
    this.signIn = new SignInThrottle(models);
  }

  async assertAllowed(attempt: CodeAttempt, now = new Date()): Promise<void> {
    const states = await Promise.all(
      this.counters(attempt).map(({ rule, key }) => this.limiter.peek(rule, key, now)),
    );
    const blocked = states.filter((state) => !state.allowed);
    if (blocked.length === 0) return;
    const retryAfterSeconds = Math.max(...blocked.map((state) => state.retryAfterSeconds));
    throw DomainError.tooMany(
      `Too many wrong codes. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      retryAfterSeconds,
    );
  }

  async recordFailure(attempt: CodeAttempt, now = new Date()): Promise<void> {
    await Promise.all(this.counters(attempt).map(({ rule, key }) => this.limiter.hit(rule, key, now)));
  }

  async recordSuccess(attempt: CodeAttempt, email: string, now = new Date()): Promise<void> {
    await Promise.all([
      this.limiter.reset(perAccount, attempt.userId, now),
      this.signIn.recordSuccess({ email }, now),
    ]);
  }

  private counters(attempt: CodeAttempt): { rule: LimitRule; key: string }[] {
    return [
      { rule: perAccount, key: attempt.userId },
      // The same counter as wrong passwords from one client (sign-in-throttle.ts): one budget for both.
      ...(attempt.client ? [{ rule: signInClientRule, key: attempt.client }] : []),
    ];
  }
}
