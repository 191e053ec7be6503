import { createHash } from 'node:crypto';
import type { Models } from '../models/index.js';
import { httpProblem } from '../problem.js';

/**
 * Failed sign-ins allowed per window, counted in the store (`rate_limits`) so every instance shares
 * them. Per email, to stop guessing one account's password; per client address, set higher because a
 * whole hospital can sit behind one address, to stop one client trying many accounts.
 */
export const signInThrottle = {
  windowMs: 15 * 60 * 1000,
  failuresPerEmail: 10,
  failuresPerClient: 30,
} as const;

export interface SignInAttempt {
  /** Lower-cased. */
  email: string;
  /** The client's address (ctx.ip), hashed before it is stored; undefined from the CLI. */
  client?: string;
}

/** Brute-force protection for `POST /sessions`: check before verifying, record each failure. */
export class SignInThrottle {
  constructor(private readonly models: Pick<Models, 'rateLimits'>) {}

  /** Throws 429 with Retry-After when the email or the client has failed too often in this window. */
  async assertAllowed(attempt: SignInAttempt, now = Date.now()): Promise<void> {
    const counters = this.counters(attempt, now);
    const stored = await this.models.rateLimits
      .find({ _id: { $in: counters.map((counter) => counter.id) } })
      .lean();
    const blocked = counters.some((counter) =>
      stored.some((record) => record._id === counter.id && record.count >= counter.limit),
    );
    if (!blocked) return;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((windowStart(now) + signInThrottle.windowMs - now) / 1000),
    );
    throw httpProblem(429, {
      detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }

  async recordFailure(attempt: SignInAttempt, now = Date.now()): Promise<void> {
    const expiresAt = new Date(windowStart(now) + signInThrottle.windowMs);
    await Promise.all(
      this.counters(attempt, now).map((counter) =>
        this.models.rateLimits.updateOne(
          { _id: counter.id },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
          { upsert: true },
        ),
      ),
    );
  }

  /** A successful sign-in clears that email's failures (not the client's: it may be trying many). */
  async recordSuccess(attempt: SignInAttempt, now = Date.now()): Promise<void> {
    await this.models.rateLimits.deleteOne({ _id: emailCounterId(attempt.email, now) });
  }

  private counters(attempt: SignInAttempt, now: number): { id: string; limit: number }[] {
    const counters: { id: string; limit: number }[] = [
      { id: emailCounterId(attempt.email, now), limit: signInThrottle.failuresPerEmail },
    ];
    if (attempt.client) {
      const id = `sign-in-client:${sha256(attempt.client)}:${windowStart(now)}`;
      counters.push({ id, limit: signInThrottle.failuresPerClient });
    }
    return counters;
  }
}

function emailCounterId(email: string, now: number): string {
  return `sign-in-email:${sha256(email)}:${windowStart(now)}`;
}

function windowStart(now: number): number {
  return now - (now % signInThrottle.windowMs);
}

/** Neither addresses nor emails are stored in counters, only their hashes. */
function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
