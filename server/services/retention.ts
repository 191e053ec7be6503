import { randomUUID } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Types } from 'mongoose';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import { isDuplicateKey } from '../models/duplicate-key.js';
import type { IdempotencySweeper } from './idempotency-sweeper.js';
import { PeriodicTask } from './periodic-task.js';
import type { StoreCompaction } from './store-compaction.js';
import { contactDetailsErasure } from './erasure.js';

const dayMs = 24 * 60 * 60 * 1000;
/** How often an instance looks whether today's run is due: cheap (one small update). */
const defaultPollMs = 60 * 60 * 1000;
/** A run that has not finished by then was on an instance that died: another may take the day over. */
const claimLeaseMs = 60 * 60 * 1000;
/** Stories looked at per query: a year's backlog of 10k stories is 20 batches. */
const batchSize = 500;
/**
 * Stories changed per write: the embedded store takes about 10 ms a document, so one write holds other
 * writers back for a second at most, even on the first run over a large backlog.
 */
const writeSize = 100;
/** The settings document that records the last run, shared by every instance. */
const lastRunSetting = 'retention-last-run';

/** What one run removed, by kind; logged and recorded (counts only, never an address). */
export interface RetentionCounts {
  authorContacts: number;
  unconfirmedSubscriptions: number;
  expiredSessions: number;
  rateLimitWindows: number;
  idempotencyStamps: number;
  outboxMessages: number;
  webhookDeliveries: number;
  mailFiles: number;
}

/** The outcome of asking for today's run: done by this call, or already claimed (here or elsewhere). */
export type RetentionOutcome =
  { ran: true; day: string; counts: RetentionCounts } | { ran: false; day: string };

interface LastRun {
  day: string | null;
  claimedBy?: string;
  claimedUntil?: Date;
  finishedAt?: Date | null;
  counts?: RetentionCounts;
}

export interface RetentionDeps {
  config: Config;
  logger: Logger;
  models: Models;
  idempotencySweeper: Pick<IdempotencySweeper, 'sweep'>;
  /** The purged addresses must leave the data files too, as erased ones do (store-compaction.ts). */
  compaction: Pick<StoreCompaction, 'request'>;
}

/**
 * The daily retention job (docs/privacy.md): erases authors' email and postcode a while after a story's
 * last activity (the story stays), and deletes what has a shelf life — unconfirmed email subscriptions,
 * expired sessions and rate-limit windows, spent idempotency stamps, old sent mail and .eml files. The
 * TTL indexes remove most of these on their own; the job does it too so the counts are known and the
 * embedded store's sweep interval does not matter.
 *
 * Every instance polls; the first to claim the UTC day in `settings` runs it, the rest see it claimed.
 * The claim is recorded before the work and the finish after, so a restart neither repeats the day nor
 * skips it (a claim whose instance died runs out after an hour, and another instance takes the day).
 * Each step is a conditional delete or unset, so running twice changes nothing the second time.
 */
export class RetentionJob {
  private readonly instance = randomUUID();
  private readonly task = new PeriodicTask(
    () => this.runDue(),
    (error: unknown) =>
      this.deps.logger.error({ err: error }, 'retention run failed; retrying at the next poll'),
  );

  constructor(private readonly deps: RetentionDeps) {}

  /** Runs today's job unless some instance has done it (or is doing it) already. */
  async runDue(now = new Date()): Promise<RetentionOutcome> {
    const day = now.toISOString().slice(0, 10);
    if (!(await this.claim(day, now))) return { ran: false, day };
    const started = Date.now();
    const counts = await this.run(now);
    const purged: Array<keyof Models> = [];
    if (counts.authorContacts > 0) purged.push('stories');
    if (counts.unconfirmedSubscriptions > 0) purged.push('subscriptions');
    if (counts.outboxMessages > 0) purged.push('outboxMessages');
    if (counts.webhookDeliveries > 0) purged.push('webhookDeliveries');
    // Not awaited: the day's run is finished; the rewrite of the files follows on its own.
    if (purged.length > 0) void this.deps.compaction.request(purged);
    await this.deps.models.settings.updateOne(
      { _id: lastRunSetting, 'value.claimedBy': this.instance },
      { $set: { 'value.finishedAt': new Date(), 'value.counts': counts } },
    );
    this.deps.logger.info({ day, ms: Date.now() - started, ...counts }, 'retention run finished');
    return { ran: true, day, counts };
  }

  /** What the last run recorded: its day, and its counts once finished. */
  async lastRun(): Promise<LastRun | null> {
    const setting = await this.deps.models.settings.findById(lastRunSetting).lean();
    return (setting?.value as LastRun | undefined) ?? null;
  }

  /** Every step, once, as of `now`; safe to repeat. */
  async run(now: Date): Promise<RetentionCounts> {
    const { models, config } = this.deps;
    const mailCutoff = new Date(now.getTime() - config.retainMailDays * dayMs);
    const expired = { $lte: now };
    return {
      authorContacts: await this.purgeAuthorContacts(
        new Date(now.getTime() - config.retainAuthorContactDays * dayMs),
      ),
      unconfirmedSubscriptions: (
        await models.subscriptions.deleteMany({
          kind: 'email',
          confirmedAt: null,
          $or: [
            { confirmBy: expired },
            // Asked for before `confirmBy` existed: the same allowance, from when it was asked for.
            {
              confirmBy: { $exists: false },
              createdAt: { $lte: new Date(now.getTime() - config.retainUnconfirmedSubscriptionDays * dayMs) },
            },
          ],
        })
      ).deletedCount,
      expiredSessions: (await models.sessions.deleteMany({ expiresAt: expired })).deletedCount,
      rateLimitWindows: (await models.rateLimits.deleteMany({ expiresAt: expired })).deletedCount,
      idempotencyStamps: await this.deps.idempotencySweeper.sweep(now),
      // Pending messages are never touched: they have yet to be sent.
      outboxMessages: (
        await models.outboxMessages.deleteMany({
          status: { $in: ['sent', 'failed'] },
          updatedAt: { $lt: mailCutoff },
        })
      ).deletedCount,
      // Webhook deliveries as mail: the record of what was sent stays as long, then goes.
      webhookDeliveries: (
        await models.webhookDeliveries.deleteMany({
          status: { $in: ['sent', 'failed'] },
          updatedAt: { $lt: mailCutoff },
        })
      ).deletedCount,
      mailFiles: config.smtpUrl ? 0 : await deleteOldMailFiles(config.mailDir, mailCutoff),
    };
  }

  /** Polls every `pollMs` (an hour) until `stop()`; the day's run happens at the first poll after midnight UTC. */
  start(options: { pollMs?: number } = {}): void {
    this.task.start(options.pollMs ?? defaultPollMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /**
   * True when this instance now holds `day`: the last run was an earlier day, or its claim on this day
   * ran out unfinished. One conditional update, so of two instances asking at once exactly one wins.
   */
  private async claim(day: string, now: Date): Promise<boolean> {
    const { settings } = this.deps.models;
    try {
      await settings.updateOne(
        { _id: lastRunSetting },
        { $setOnInsert: { value: { day: null } } },
        { upsert: true },
      );
    } catch (error) {
      // Another instance created it at the same moment: it exists, which is all this wanted.
      if (!isDuplicateKey(error)) throw error;
    }
    const claimed = await settings.updateOne(
      {
        _id: lastRunSetting,
        $or: [
          { 'value.day': { $ne: day } },
          { 'value.finishedAt': null, 'value.claimedUntil': { $lte: now } },
        ],
      },
      {
        $set: {
          value: {
            day,
            claimedBy: this.instance,
            claimedUntil: new Date(now.getTime() + claimLeaseMs),
            finishedAt: null,
          },
        },
      },
    );
    return claimed.modifiedCount === 1;
  }

  /**
   * Unsets email and postcode on stories whose last activity (the story's own change, a response or a
   * reply) is before `cutoff`. `updatedAt` is left alone: nothing public changed, so feeds and caches
   * keep their pages, and the story's "last activity" is not reset by its own purge.
   */
  private async purgeAuthorContacts(cutoff: Date): Promise<number> {
    const { stories, responses, replies } = this.deps.models;
    let purged = 0;
    let after: Types.ObjectId | undefined;
    for (;;) {
      const batch = await stories
        .find(
          {
            ...(after ? { _id: { $gt: after } } : {}),
            updatedAt: { $lt: cutoff },
            $or: [{ email: { $ne: null } }, { postcode: { $ne: null } }],
          },
          { _id: 1 },
        )
        .sort({ _id: 1 })
        .limit(batchSize)
        .lean<{ _id: Types.ObjectId }[]>();
      if (batch.length === 0) return purged;
      after = batch.at(-1)!._id;
      const ids = batch.map((story) => story._id);
      const recent = { storyId: { $in: ids }, createdAt: { $gte: cutoff } };
      const active = new Set(
        [
          ...(await responses.find(recent, { storyId: 1 }).lean<{ storyId: Types.ObjectId }[]>()),
          ...(await replies.find(recent, { storyId: 1 }).lean<{ storyId: Types.ObjectId }[]>()),
        ].map((thread) => thread.storyId.toHexString()),
      );
      const quiet = ids.filter((id) => !active.has(id.toHexString()));
      for (let start = 0; start < quiet.length; start += writeSize) {
        const { modifiedCount } = await stories.updateMany(
          { _id: { $in: quiet.slice(start, start + writeSize) }, updatedAt: { $lt: cutoff } },
          contactDetailsErasure,
          { timestamps: false },
        );
        purged += modifiedCount;
      }
      if (batch.length < batchSize) return purged;
    }
  }
}

/** Deletes `.eml` files last written before `cutoff`; a missing folder has none. */
async function deleteOldMailFiles(mailDir: string, cutoff: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(mailDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 0;
    throw error;
  }
  let deleted = 0;
  for (const name of names.filter((file) => file.endsWith('.eml'))) {
    const file = join(mailDir, name);
    const { mtime } = await stat(file).catch(() => ({ mtime: new Date() }));
    if (mtime >= cutoff) continue;
    await unlink(file).catch((error: unknown) => {
      // Another instance's run, or the erasure sweep, took it first.
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    });
    deleted += 1;
  }
  return deleted;
}
