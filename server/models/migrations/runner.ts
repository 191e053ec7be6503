import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../platform/log.js';
import type { Db } from 'mongodb';
import type { Models } from '../index.js';
import { schemaMigrationsCollection } from '../schema-migration.js';
import { migrations as allMigrations } from './index.js';
import type { Migration } from './migration.js';

/** The settings document that one instance holds while it migrates. */
const lockId = 'schema-migrations-lock';

/** A stored schema newer than this careloop knows: starting would write old shapes over new ones. */
export class NewerSchemaError extends Error {
  constructor(
    readonly storedVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the data is at schema version ${storedVersion}, written by a newer careloop; this one knows up to ` +
        `version ${knownVersion}. Run the newer careloop (or restore a backup taken before it ran).`,
    );
    this.name = 'NewerSchemaError';
  }
}

export interface MigrationOptions {
  logger: Logger;
  /** Names this instance in the lock and the records. */
  holder?: string;
  /** The list to apply (tests pass their own). */
  migrations?: readonly Migration[];
  /** How long the lock holds without renewal: a dead holder's lock frees itself after this. */
  leaseMs?: number;
}

/**
 * Brings the stored shapes up to this careloop's schema version: runs each migration not yet recorded,
 * in order, recording each as it finishes. One instance at a time holds a lease in `settings`; another
 * waits for it, then re-reads what is recorded, so no migration ever runs twice on live data. A holder
 * that dies leaves its migration unrecorded (each is idempotent) and its lease runs out.
 * @returns the migrations this call ran.
 * @throws NewerSchemaError when the data is at a version this careloop does not know.
 */
export async function runMigrations(models: Models, options: MigrationOptions): Promise<Migration[]> {
  const migrations = options.migrations ?? allMigrations;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  // The common start-up, with nothing to do, takes no lock.
  if (pendingOf(migrations, await appliedVersions(models)).length === 0) return [];

  await acquireLock(models, holder, leaseMs);
  const renewal = setInterval(() => void renewLock(models, holder, leaseMs), leaseMs / 3);
  try {
    const ran: Migration[] = [];
    for (const migration of pendingOf(migrations, await appliedVersions(models))) {
      const started = Date.now();
      options.logger.info({ version: migration.version, name: migration.name }, 'schema migration running');
      await migration.up(models);
      const durationMs = Date.now() - started;
      await models.schemaMigrations.create({
        _id: migration.version,
        name: migration.name,
        appliedAt: new Date(),
        durationMs,
        appliedBy: holder,
      });
      options.logger.info(
        { version: migration.version, name: migration.name, durationMs },
        'schema migration done',
      );
      ran.push(migration);
    }
    return ran;
  } finally {
    clearInterval(renewal);
    await models.settings.deleteOne({ _id: lockId, 'value.holder': holder });
  }
}

/**
 * The schema version the stored data is at: the highest migration recorded (0 for none). Read from the
 * database itself, not through a model, which would create collections and indexes in a store a tool
 * such as backup must only read.
 */
export async function storedSchemaVersion(db: Db): Promise<number> {
  const [newest] = await db
    .collection<{ _id: number }>(schemaMigrationsCollection)
    .find({}, { projection: { _id: 1 } })
    .sort({ _id: -1 })
    .limit(1)
    .toArray();
  return newest?._id ?? 0;
}

async function appliedVersions(models: Models): Promise<Set<number>> {
  const records = await models.schemaMigrations.find({}, { _id: 1 }).lean();
  return new Set(records.map((record) => record._id));
}

function pendingOf(migrations: readonly Migration[], applied: Set<number>): Migration[] {
  const known = migrations.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...applied);
  if (newest > known) throw new NewerSchemaError(newest, known);
  return migrations.filter((migration) => !applied.has(migration.version));
}

async function acquireLock(models: Models, holder: string, leaseMs: number): Promise<void> {
  for (;;) {
    if (await tryLock(models, holder, leaseMs)) return;
    await sleep(200);
  }
}

/** Takes the lease if it is free or run out; the unique `_id` makes two takers of a free one collide. */
async function tryLock(models: Models, holder: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  try {
    await models.settings.updateOne(
      { _id: lockId, $or: [{ 'value.until': { $lte: now } }, { 'value.holder': holder }] },
      { $set: { value: { holder, until: new Date(now.getTime() + leaseMs) } } },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return false;
    throw error;
  }
}

async function renewLock(models: Models, holder: string, leaseMs: number): Promise<void> {
  await models.settings
    .updateOne(
      { _id: lockId, 'value.holder': holder },
      { $set: { 'value.until': new Date(Date.now() + leaseMs) } },
    )
    .catch(() => undefined); // a missed renewal only shortens the lease; the next one tries again
}
