/**
 * Backup, restore and migration at 10k and 100k stories (~1 KB of words each; ~60% answered, with their
 * responses), each
 * beside the floor of what it does, measured in the same run on the same store:
 * - backup vs reading every document of every collection (a backup cannot be faster than reading it all);
 * - restore vs inserting the same documents with insertMany (it cannot be faster than writing them);
 * - migrate (the copy to an empty second engine) vs the same insertMany floor, and a second migrate with
 *   nothing changed: the pause a switch-over costs.
 * Stores are engines in processes of their own, journaled to disk, as in use. Flags: `--quick` (1k and 10k), `--sizes 10k,100k`.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { copyStore } from '../../server/backup/copy-store.js';
import { restoreBackup } from '../../server/backup/restore-backup.js';
import { takeBackup } from '../../server/backup/take-backup.js';
import { createModels, ensureIndexes } from '../../server/models/index.js';
import { currentSchemaVersion } from '../../server/models/migrations/index.js';
import { formatBytes, formatCount, formatMs, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchPart } from '../lib/part.js';
import { timeMs } from '../lib/timing.js';
import { spawnTypeScript, type TypeScriptChild } from '../lib/child-process.js';
import { seedReportStories } from './reports/seed.js';
import { makeStories } from '../lib/story-fixtures.js';

interface Stores {
  engines: TypeScriptChild<{ port: number }>[];
  open(name: string): Promise<Connection>;
}

/**
 * Each store an engine in a process of its own, journaling to disk: as the CLI's engine runs on a thread
 * of its own and a migration's target is another machine, the bench's own thread does only the work
 * of the backup, restore or copy.
 */
async function journaledStores(directory: string): Promise<Stores> {
  const engines: TypeScriptChild<{ port: number }>[] = [];
  return {
    engines,
    async open(name) {
      const engine = await spawnTypeScript<{ port: number }>('engine-process.ts', [join(directory, name)]);
      engines.push(engine);
      return mongoose.createConnection(`mongodb://127.0.0.1:${engine.ready.port}/careloop`).asPromise();
    },
  };
}

async function readEverything(connection: Connection): Promise<number> {
  let documents = 0;
  for (const { name } of await connection.db!.listCollections({}, { nameOnly: true }).toArray())
    for await (const _document of connection.db!.collection(name).find({}, { batchSize: 1000 }))
      documents += 1;
  return documents;
}

async function insertEverything(from: Connection, to: Connection): Promise<void> {
  for (const { name } of await from.db!.listCollections({}, { nameOnly: true }).toArray()) {
    const documents = await from.db!.collection(name).find({}).toArray();
    for (let i = 0; i < documents.length; i += 1000)
      await to.db!.collection(name).insertMany(documents.slice(i, i + 1000), { ordered: true });
  }
}

const part: BenchPart = {
  name: 'backup',
  description: 'backup, restore and migrate at 10k and 100k stories, each beside reading or writing it all',
  async run(options) {
    const sizes = chooseSizes(options, { normal: [10_000, 100_000], quick: [1_000, 10_000] });
    const rows: string[][] = [];
    const figures: Record<string, unknown>[] = [];
    for (const size of sizes) {
      const directory = await mkdtemp(join(tmpdir(), `careloop-bench-backup-${size}-`));
      const stores = await journaledStores(directory);
      try {
        const source = await stores.open('source');
        const models = createModels(source);
        await ensureIndexes(models);
        // Stories with a story's words (a ~1 KB body), so the archive's size is a real one.
        const words = makeStories(size, size);
        await seedReportStories(models, size, 'nhs-ayrshire-arran', new Date(), (i) => words[i]!);
        const documents = await readEverything(source);

        const readMs = await timeMs(() => readEverything(source));
        const file = join(directory, 'backup.jsonl.gz');
        const backupMs = await timeMs(() =>
          takeBackup(source, file, { careloopVersion: 'bench', schemaVersion: currentSchemaVersion }),
        );
        const archiveBytes = (await stat(file)).size;

        const floor = await stores.open('insert-floor');
        const insertMs = await timeMs(() => insertEverything(source, floor));
        const restored = await stores.open('restored');
        const restoreMs = await timeMs(() =>
          restoreBackup(restored, file, { knownSchemaVersion: currentSchemaVersion }),
        );
        const target = await stores.open('migrated');
        const migrateMs = await timeMs(() => copyStore(source.db!, target.db!));
        const rerunMs = await timeMs(() => copyStore(source.db!, target.db!));
        for (const connection of [source, floor, restored, target]) await connection.close();

        figures.push({
          stories: size,
          documents,
          archiveBytes,
          bytesPerDocument: archiveBytes / documents,
          readMs,
          backupMs,
          insertMs,
          restoreMs,
          migrateMs,
          migrateAgainMs: rerunMs,
          ratios: {
            backupVsRead: backupMs / readMs,
            restoreVsInsert: restoreMs / insertMs,
            migrateVsInsert: migrateMs / insertMs,
          },
        });
        rows.push([
          formatCount(size),
          formatCount(documents),
          formatBytes(archiveBytes),
          `${formatMs(backupMs)} (${formatRatio(backupMs / readMs)} read)`,
          `${formatMs(restoreMs)} (${formatRatio(restoreMs / insertMs)} insert)`,
          `${formatMs(migrateMs)} (${formatRatio(migrateMs / insertMs)} insert)`,
          formatMs(rerunMs),
        ]);
      } finally {
        await Promise.all(stores.engines.map((engine) => engine.stop()));
        await rm(directory, { recursive: true, force: true });
      }
    }
    console.log(
      formatTable(['stories', 'documents', 'archive', 'backup', 'restore', 'migrate', 'migrate again'], rows),
    );
    return { sizes: figures };
  },
};

export default part;
