import { resolve } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { copyStore } from '../backup/copy-store.js';
import { currentSchemaVersion } from '../models/migrations/index.js';
import { runMigrations, storedSchemaVersion } from '../models/migrations/runner.js';
import { createModels, ensureIndexes } from '../models/index.js';
import { silentLogger } from '../platform/log.js';
import { careloopVersion, type Config } from '../platform/config.js';
import { embeddedDatabaseName } from '../platform/store.js';
import { createServices } from '../services/index.js';
import type { ReplacedErasure } from '../services/erasures.js';
import { takeBackup } from '../backup/take-backup.js';
import { backupFileName } from '../backup/scheduled-backups.js';
import { ArchiveError, verifyArchive } from '../backup/read-archive.js';
import { restoreBackup, TargetNotEmptyError } from '../backup/restore-backup.js';
import { CommandFailed, UsageError } from './usage.js';
import type { CommandOptions } from './commands.js';

/** Commands on the store as a whole: they see it exactly as it is, before any migration or index. */
export interface StoreCommandContext {
  connection: Connection;
  config: Config;
  options: CommandOptions;
  positionals: string[];
  print: (line: string) => void;
}

export const storeCommands: Record<string, (context: StoreCommandContext) => Promise<void>> = {
  async backup({ connection, positionals, print }) {
    const file = resolve(positionals[0] ?? backupFileName(new Date()));
    const summary = await takeBackup(connection, file, {
      careloopVersion: careloopVersion(),
      schemaVersion: await storedSchemaVersion(connection.db!),
      onCollection: (name, totals) => print(`  ${name}: ${totals.documents} documents`),
    });
    print(
      `backed up ${summary.documents} documents in ${Object.keys(summary.collections).length} collections ` +
        `to ${summary.file} (${formatBytes(summary.bytes)}, ${(summary.ms / 1000).toFixed(1)} s)`,
    );
  },

  async restore({ connection, config, options, positionals, print }) {
    const file = positionals[0];
    if (!file) throw new UsageError('restore needs the archive: restore <file>');
    try {
      if (options['verify-only']) {
        const { header, manifest } = await verifyArchive(resolve(file), currentSchemaVersion);
        const documents = Object.values(manifest.collections).reduce((sum, c) => sum + c.documents, 0);
        print(
          `${file} is whole: ${documents} documents in ${Object.keys(manifest.collections).length} collections, ` +
            `taken ${header.takenAt} by careloop ${header.careloopVersion} (schema version ${header.schemaVersion})`,
        );
        return;
      }
      const summary = await restoreBackup(connection, resolve(file), {
        knownSchemaVersion: currentSchemaVersion,
        replace: options.replace,
        onCollection: (name, documents) => print(`  ${name}: ${documents} documents`),
      });
      // An archive from an older careloop is brought up to this one's shapes and indexes.
      const models = createModels(connection);
      const migrated = await runMigrations(models, { logger: silentLogger() });
      await ensureIndexes(models);
      for (const migration of migrated)
        print(`  ran schema migration ${migration.version}, ${migration.name}`);
      if (summary.replacedErasures.length > 0) {
        const { erasures } = createServices({ config, logger: silentLogger(), models });
        const again = await erasures.reapply(summary.replacedErasures as ReplacedErasure[]);
        await erasures.stop(); // the store's files are rewritten before the command ends
        if (again > 0) print(`  made again ${again} erasure(s) made after the backup was taken`);
      }
      print(
        `restored ${summary.documents} documents in ${Object.keys(summary.collections).length} collections ` +
          `from the backup taken ${summary.header.takenAt} (${(summary.ms / 1000).toFixed(1)} s)`,
      );
    } catch (error) {
      if (error instanceof ArchiveError)
        throw new CommandFailed(`the archive was refused: ${error.message}`, ['Nothing was restored.']);
      if (error instanceof TargetNotEmptyError)
        throw new CommandFailed(error.message, ['Nothing was restored.']);
      throw error;
    }
  },

  async migrate({ connection, options, print }) {
    const to = options.to;
    if (!to) throw new UsageError('migrate needs the target: migrate --to mongodb://…');
    let client: InstanceType<typeof mongoose.mongo.MongoClient>;
    try {
      client = new mongoose.mongo.MongoClient(to, { serverSelectionTimeoutMS: 10_000 });
    } catch (error) {
      // The URI may hold a password: say what is wrong with it, never echo it.
      throw new UsageError(`--to is not a MongoDB connection string: ${(error as Error).message}`);
    }
    try {
      await client.connect();
      const target = client.db(databaseNamedIn(to) ?? embeddedDatabaseName);
      const source = connection.db!;
      if (sameDeployment(connection, client) && target.databaseName === source.databaseName)
        throw new CommandFailed('--to names the store careloop already uses: nothing to migrate.');
      print(`migrating to database ${target.databaseName} on ${client.options.hosts.length} host(s)`);
      let lastPrinted = 0;
      const summary = await copyStore(source, target, (progress) => {
        const done = progress.read === progress.total;
        if (!done && progress.read - lastPrinted < 10_000) return;
        lastPrinted = done ? 0 : progress.read;
        print(
          `  ${progress.collection}: ${progress.read}/${progress.total} read, ${progress.written} written` +
            (progress.deleted ? `, ${progress.deleted} deleted` : ''),
        );
      });
      for (const check of summary.collections.filter(
        (check) => check.sourceDocuments !== check.targetDocuments || check.indexDifferences.length > 0,
      ))
        print(
          `  MISMATCH ${check.collection}: ${check.sourceDocuments} documents here, ${check.targetDocuments} there` +
            (check.indexDifferences.length
              ? `; indexes missing or different: ${check.indexDifferences.join(', ')}`
              : ''),
        );
      if (!summary.verified)
        throw new CommandFailed(
          'the copy does not match (see above): run migrate again with the service stopped.',
        );
      print(
        `migrated ${summary.documents} documents in ${summary.collections.length} collections ` +
          `(${summary.written} written, ${summary.deleted} deleted, ${(summary.ms / 1000).toFixed(1)} s); ` +
          'verified: every collection has the same count and the same indexes',
      );
    } finally {
      await client.close();
    }
  },
};

/**
 * The database a connection string names in its path, if it names one (the driver itself falls back to
 * `test`, which is not where careloop's data belongs).
 */
function databaseNamedIn(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/** Whether the target's hosts are the source's own (a mistaken --to that would copy a store onto itself). */
function sameDeployment(
  connection: Connection,
  client: InstanceType<typeof mongoose.mongo.MongoClient>,
): boolean {
  const sourceHosts = connection.getClient().options.hosts.map(String).sort().join(',');
  return sourceHosts === client.options.hosts.map(String).sort().join(',');
}

export const storeCommandPositionals: Record<string, number> = { backup: 1, restore: 1, migrate: 0 };

/** careloop-backup-2026-12-07T19-30-00Z.jsonl.gz: sorts by time, and is safe on every file system. */
export function defaultBackupName(takenAt: Date): string {
  return `careloop-backup-${takenAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.jsonl.gz`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
