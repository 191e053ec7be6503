import type { QueryOptions, UpdateQuery } from 'mongoose';

/**
 * What every outbox (email, webhooks) shares: how long a claim lasts, how long to wait between failing
 * attempts, when to give up, and the one atomic claim of the next due item
 * (docs/decisions/2026-11-21-email-outbox.md).
 */

/** How long a claim lasts. A worker that dies mid-send loses its claim after this and another takes over. */
export const claimLeaseMs = 60_000;

/** Waits between attempts while delivery fails: 5 s, 30 s, 2 min, 10 min, then hourly. */
export const defaultRetryDelaysMs = [5_000, 30_000, 120_000, 600_000, 3_600_000];

/** A day after an item was queued (or sent again), a failing one is given up as `failed`. */
export const giveUpAfterMs = 24 * 3_600_000;

/**
 * The `findOneAndUpdate` arguments that claim the next due item for `workerId`: pending and due, or
 * `sending` under a claim that ran out (its worker died). The store hands a document to exactly one
 * findOneAndUpdate, so two workers, in one process or two instances, never hold the same item.
 */
export function nextDueClaim(
  workerId: string,
  now: Date,
): [filter: Record<string, unknown>, update: UpdateQuery<unknown>, options: QueryOptions] {
  return [
    {
      $or: [
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { status: 'sending', claimedUntil: { $lt: now } },
      ],
    },
    {
      $set: {
        status: 'sending',
        claimedBy: workerId,
        claimedUntil: new Date(now.getTime() + claimLeaseMs),
      },
    },
    { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
  ];
}
