import { resolve } from 'node:path';
import type { Connection } from 'mongoose';
import { currentSchemaVersion } from '../models/migrations/index.js';
import { runMigrations, storedSchemaVersion } from '../models/migrations/runner.js';
import { createModels, ensureIndexes } from '../models/index.js';
import { silentLogger } from '../platform/log.js';
import { careloopVersion } from '../platform/config.js';
import { takeBackup } from '../backup/take-backup.js';
import { backupFileName } from '../backup/scheduled-backups.js';
import { ArchiveError, verifyArchive } from '../backup/read-archive.js';
import { restoreBackup, TargetNotEmptyError } from '../backup/restore-backup.js';
import { CommandFailed, UsageError } from './usage.js';
import type { CommandOptions } from './commands.js';

/** Commands on the store as a whole: they see it exactly as it is, before any migration or index. */
export interface StoreCommandContext {
  connection: Connection;
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

  async restore({ connection, options, positionals, print }) {
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
};

export const storeCommandPositionals: Record<string, number> = { backup: 1, restore: 1 };

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
