import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { spawnTypeScript, type TypeScriptChild } from '../../lib/child-process.js';
import { onExit } from '../../lib/cleanup.js';
import { residentMemory } from '../../lib/proc.js';
import { makeStories } from '../../lib/story-fixtures.js';

const SEED_BATCH = 1_000;
/** Seeding restarts the engine after this many stories, so it never holds more than that decoded. */
const SEED_ROUND = 100_000;
const PAGE = 20;
/**
 * Two common words (the fixture's vocabulary is small: nearly every story holds both, so the search
 * reads and sorts every story, its worst case), and a rare word that about one story in a thousand
 * holds (each story is given one of a thousand place names), a search's usual case.
 */
const COMMON_WORDS = ['nurse', 'pharmacy'];
const PLACES = 1_000;
const RARE_WORD = 'place7';

interface EngineReady {
  port: number;
  engineStartMs: number;
}

/** One start of the engine process and what it took to answer. */
export interface StartMeasure {
  /** Spawn until the process printed its port (node and tsx start-up included). */
  toPortMs: number;
  /** `startEngine` alone, inside the process: reading the data dir. */
  engineStartMs: number;
  /** Spawn until a new client had `ping` and a findOne by `_id` answered: "healthy". */
  toFirstAnswerMs: number;
  rssAfterStartBytes: number;
}

export interface StartupFigures {
  stories: number;
  snapshotBytes: number;
  /** Reading the snapshot file's bytes in the bench's process: the floor for any start that reads it. */
  readSnapshotMs: number;
  empty: StartMeasure;
  restart: StartMeasure & {
    /** The first page of one board's stories, newest first, right after the restart. */
    firstBoardPageMs: number;
    /** The same for a second board: the index parts the first built now serve it. */
    secondBoardPageMs: number;
    /** A rare word's search, first page and total, right after the board pages. */
    rareWordSearchMs: number;
    /** A two-word search that nearly every story matches, first page and total, after that. */
    firstWordSearchMs: number;
    secondWordSearchMs: number;
    rssAfterQueriesBytes: number;
  };
  seedMs: number;
}

/** The careloop story's shape for this bench: the fixture plus the search terms the service keeps. */
function storyDocuments(count: number, seed: number): Document[] {
  return makeStories(count, seed, `s${seed}`).map((story, index) => ({
    ...story,
    searchTerms: [
      ...new Set(`${story.title} ${story.body}`.toLowerCase().match(/[a-z]+/g) ?? []),
      `place${(seed + index) % PLACES}`,
    ],
    updatedAt: story.createdAt,
  }));
}

async function startEngineProcess(
  dataDir: string,
  nodeFlags: string[],
): Promise<{ child: TypeScriptChild<EngineReady>; client: MongoClient; measure: StartMeasure }> {
  const child = await spawnTypeScript<EngineReady>('engine-process.ts', [dataDir], nodeFlags);
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${child.ready.port}/careloop`);
  await client.db('admin').command({ ping: 1 });
  await client
    .db()
    .collection('stories')
    .findOne({ _id: 'none' as never });
  const toFirstAnswerMs = performance.now() - child.spawnedAt;
  const memory = await residentMemory(child.pid);
  return {
    child,
    client,
    measure: {
      toPortMs: child.readyMs,
      engineStartMs: child.ready.engineStartMs,
      toFirstAnswerMs,
      rssAfterStartBytes: memory.rssBytes,
    },
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Seeds `stories` stories (in rounds of SEED_ROUND, each ending in a compaction and a restart),
 * then restarts the engine and measures start-up and the first queries.
 */
export async function measureStartup(
  stories: number,
  { log, cpuProfileDir }: { log(line: string): void; cpuProfileDir?: string },
): Promise<StartupFigures> {
  const nodeFlags = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const dataDir = await mkdtemp(join(tmpdir(), 'careloop-bench-startup-'));
  const forgetDataDir = onExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const running: Array<{ child: TypeScriptChild<EngineReady>; client: MongoClient }> = [];
  const stop = async () => {
    for (const { child, client } of running.splice(0)) {
      await client.close();
      await child.stop();
    }
  };
  try {
    const empty = await startEngineProcess(dataDir, []);
    running.push(empty);
    const seedStarted = performance.now();
    for (let round = 0; round * SEED_ROUND < stories; round++) {
      const { client } = running.length ? running[0]! : await startRunning(dataDir, running);
      const collection = client.db().collection('stories');
      if (round === 0) await createIndexes(collection);
      const count = Math.min(SEED_ROUND, stories - round * SEED_ROUND);
      log(`seeding ${count.toLocaleString('en-GB')} stories (round ${round + 1})`);
      for (let start = 0; start < count; start += SEED_BATCH) {
        await collection.insertMany(
          storyDocuments(Math.min(SEED_BATCH, count - start), round * 1_000 + start),
        );
      }
      await client.db().command({ compact: 'stories' });
      await stop();
    }
    const seedMs = performance.now() - seedStarted;
    const snapshotPath = join(dataDir, 'snapshot.bson');
    const snapshotBytes = (await stat(snapshotPath)).size;
    const readSnapshotMs = await timed(() => readFile(snapshotPath));

    log('restarting on the seeded data dir');
    const restarted = await startEngineProcess(dataDir, nodeFlags);
    running.push(restarted);
    const collection = restarted.client.db().collection('stories');
    const boardPage = (service: string) =>
      collection.find({ services: service }).sort({ createdAt: -1, _id: -1 }).limit(PAGE).toArray();
    const wordSearch = async (words: string[]) => {
      const filter = { searchTerms: { $all: words } };
      await collection.find(filter).sort({ createdAt: -1, _id: -1 }).limit(PAGE).toArray();
      await collection.countDocuments(filter);
    };
    const firstBoardPageMs = await timed(() => boardPage('royal-infirmary-ward-7'));
    const secondBoardPageMs = await timed(() => boardPage('gp-out-of-hours'));
    const rareWordSearchMs = await timed(() => wordSearch([RARE_WORD]));
    const firstWordSearchMs = await timed(() => wordSearch(COMMON_WORDS));
    const secondWordSearchMs = await timed(() => wordSearch(['kind', 'corridor']));
    const rssAfterQueriesBytes = (await residentMemory(restarted.child.pid)).rssBytes;
    await stop();
    return {
      stories,
      snapshotBytes,
      readSnapshotMs,
      empty: empty.measure,
      restart: {
        ...restarted.measure,
        firstBoardPageMs,
        secondBoardPageMs,
        rareWordSearchMs,
        firstWordSearchMs,
        secondWordSearchMs,
        rssAfterQueriesBytes,
      },
      seedMs,
    };
  } finally {
    await stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    forgetDataDir();
  }
}

async function startRunning(
  dataDir: string,
  running: Array<{ child: TypeScriptChild<EngineReady>; client: MongoClient }>,
): Promise<{ client: MongoClient }> {
  const started = await startEngineProcess(dataDir, []);
  running.push(started);
  return started;
}

/** The indexes the service's story list and search read (server/models/story.ts), reduced. */
async function createIndexes(collection: Collection): Promise<void> {
  await collection.createIndex({ storyId: 1 }, { unique: true });
  await collection.createIndex({ services: 1, createdAt: -1, _id: -1 });
  await collection.createIndex({ searchTerms: 1 });
  await collection.createIndex({ updatedAt: -1 });
}
