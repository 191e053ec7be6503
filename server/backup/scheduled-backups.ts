import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import { storedSchemaVersion } from '../models/migrations/runner.js';
import { PeriodicTask } from '../services/periodic-task.js';
import { takeBackup } from './take-backup.js';

/** The settings document that says when the next backup is due, shared by every instance. */
const scheduleSetting = 'backup-schedule';
/** How often an instance looks whether a backup is due: one small update. */
const defaultPollMs = 60_000;
/** After a failed backup, the next try comes this soon rather than a whole interval later. */
const retryMs = 5 * 60_000;
/** The names scheduled backups are written under (see backupFileName), so rotation touches no other file. */
const scheduledName = /^careloop-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl\.gz$/;

export interface ScheduledBackupsDeps {
  connection: Connection;
  models: Pick<Models, 'settings'>;
  logger: Logger;
  careloopVersion: string;
  dir: string;
  keep: number;
  intervalHours: number;
  now?: () => Date;
}

/**
 * A backup every `intervalHours` across all instances (one instance claims each with a single update
 * of the shared schedule), into `dir`, keeping the newest `keep` and deleting older ones.
 */
export class ScheduledBackups {
  private readonly task = new PeriodicTask(
    () => this.runIfDue(),
    (error: unknown) => this.deps.logger.error({ err: error }, 'scheduled backup failed; trying again soon'),
  );
  private readonly now: () => Date;

  constructor(private readonly deps: ScheduledBackupsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(options: { pollMs?: number } = {}): void {
    this.task.start(options.pollMs ?? defaultPollMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Takes the backup if it is due and this instance claims it; answers the file written, if any. */
  async runIfDue(): Promise<string | undefined> {
    const now = this.now();
    if (!(await this.claim(now))) return undefined;
    const file = join(this.deps.dir, backupFileName(now));
    try {
      await mkdir(this.deps.dir, { recursive: true });
      const summary = await takeBackup(this.deps.connection, file, {
        careloopVersion: this.deps.careloopVersion,
        schemaVersion: await storedSchemaVersion(this.deps.connection.db!),
      });
      const removed = await this.rotate();
      this.deps.logger.info(
        { file, documents: summary.documents, bytes: summary.bytes, ms: summary.ms, removed },
        'scheduled backup written',
      );
      return file;
    } catch (error) {
      await this.deps.models.settings.updateOne(
        { _id: scheduleSetting },
        { $set: { 'value.nextDueAt': new Date(now.getTime() + retryMs) } },
      );
      throw error;
    }
  }

  /** One update moves the schedule on: the instance whose update matched takes this backup. */
  private async claim(now: Date): Promise<boolean> {
    const next = new Date(now.getTime() + this.deps.intervalHours * 3_600_000);
    const { settings } = this.deps.models;
    // A new deployment's first backup is due at once.
    await settings
      .updateOne({ _id: scheduleSetting }, { $setOnInsert: { value: { nextDueAt: now } } }, { upsert: true })
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 11000) throw error;
      });
    const claimed = await settings.updateOne(
      { _id: scheduleSetting, 'value.nextDueAt': { $lte: now } },
      { $set: { 'value.nextDueAt': next } },
    );
    return claimed.modifiedCount === 1;
  }

  /** Deletes the scheduled backups beyond the newest `keep` (their names sort by time). */
  private async rotate(): Promise<string[]> {
    const names = (await readdir(this.deps.dir)).filter((name) => scheduledName.test(name)).sort();
    const old = names.slice(0, Math.max(0, names.length - this.deps.keep));
    for (const name of old) await unlink(join(this.deps.dir, name));
    return old;
  }
}

/** careloop-backup-2026-12-07T19-30-00Z.jsonl.gz: sorts by time, and is safe on every file system. */
export function backupFileName(takenAt: Date): string {
  return `careloop-backup-${takenAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.jsonl.gz`;
}
