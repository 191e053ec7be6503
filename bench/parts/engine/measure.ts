import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { type Connection, type Types } from 'mongoose';
import { spawnTypeScript, type TypeScriptChild } from '../../lib/child-process.js';
import { onExit } from '../../lib/cleanup.js';
import { cpuTimeMs, directorySize, residentMemory, type ResidentMemory } from '../../lib/proc.js';
import { benchStoryModel, benchStorySchema } from '../../lib/story-model.js';
import { makeStories, seededRandom, type StoryFixture } from '../../lib/story-fixtures.js';
import { perSecond, phaseCost, repeatedRate, runConcurrently, type PhaseCost } from '../../lib/timing.js';

export const INSERT_BATCH = 1_000;
export const SINGLE_CREATES = 1_000;
export const LOOKUPS = 2_000;
export const IN_FLIGHT = 16;
const WARM_UP_STORIES = 400;

export interface StartFigures {
  /** From spawning the engine process until it printed its port (node + tsx start-up included). */
  toPortMs: number;
  /** `startEngine` alone, measured inside the process: opening and recovering the data dir. */
  engineStartMs: number;
  memory: ResidentMemory;
}

export interface SizeFigures {
  /** Stories loaded with insertMany; SINGLE_CREATES more are created one by one. */
  documents: number;
  storedDocuments: number;
  engine: {
    insertManyPerSecond: number;
    createPerSecond: number;
    findByStoryIdPerSecond: number;
    findByIdPerSecond: number;
    /** Wall time and each side's CPU time for each of the four phases above. */
    costs: Record<'insertMany' | 'create' | 'findByStoryId' | 'findById', PhaseCost>;
    emptyStart: StartFigures;
    /** Resident memory after loading every story and running the lookups. */
    loaded: ResidentMemory;
    stopMs: number;
    dataDirBytes: number;
    recovery: StartFigures & {
      /** From spawn until a new mongoose connection had its first findOne answered. */
      toFirstFindMs: number;
    };
  };
  map: {
    insertPerSecond: number;
    setPerSecond: number;
    getPerSecond: number;
    memory: ResidentMemory;
  };
}

interface EngineReady {
  port: number;
  engineStartMs: number;
}

export interface MeasureOptions {
  log(line: string): void;
  /** Where the engine processes write V8 CPU profiles (`node --cpu-prof`), if anywhere. */
  cpuProfileDir?: string;
}

/** Measures the engine and the Map baseline at one size; every temp dir and child is gone afterwards. */
export async function measureSize(
  documents: number,
  { log, cpuProfileDir }: MeasureOptions,
): Promise<SizeFigures> {
  const engineFlags = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const stories = makeStories(documents + SINGLE_CREATES);
  const loaded = stories.slice(0, documents);
  const createdOneByOne = stories.slice(documents);
  const random = seededRandom(documents);
  const lookupOrder = Array.from({ length: LOOKUPS }, () => Math.floor(random() * stories.length));

  const dataDir = await mkdtemp(join(tmpdir(), 'careloop-bench-engine-'));
  const forgetDataDir = onExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const children: TypeScriptChild<unknown>[] = [];
  const connections: Connection[] = [];
  try {
    log('starting the engine on an empty data dir');
    const first = await spawnTypeScript<EngineReady>('engine-process.ts', [dataDir], engineFlags);
    children.push(first);
    const emptyStart = await startFigures(first);
    const connection = await connect(first.ready.port, connections);
    const Story = benchStoryModel(connection);
    await Story.init();
    log('warming up both processes on a scratch collection');
    await warmUp(connection);

    log(`insertMany: ${documents.toLocaleString('en-GB')} stories in batches of ${INSERT_BATCH}`);
    const ids: Types.ObjectId[] = [];
    const engineCpuMs = () => cpuTimeMs(first.pid);
    const insertMany = await phaseCost(engineCpuMs, async () => {
      for (let start = 0; start < loaded.length; start += INSERT_BATCH) {
        const inserted = await Story.insertMany(loaded.slice(start, start + INSERT_BATCH));
        for (const doc of inserted) ids.push(doc._id);
      }
    });
    expectEqual('stories returned by insertMany', ids.length, documents);

    log(`create: ${SINGLE_CREATES} stories one by one, ${IN_FLIGHT} in flight`);
    const create = await phaseCost(engineCpuMs, () =>
      runConcurrently(SINGLE_CREATES, IN_FLIGHT, async (index) => {
        const created = await Story.create(createdOneByOne[index]);
        ids[documents + index] = created._id;
      }),
    );
    expectEqual('stories counted after loading', await Story.countDocuments(), stories.length);

    log(`findOne: ${LOOKUPS} by storyId, then ${LOOKUPS} by _id, ${IN_FLIGHT} in flight`);
    let missing = 0;
    const findByStoryId = await phaseCost(engineCpuMs, () =>
      runConcurrently(LOOKUPS, IN_FLIGHT, async (index) => {
        const wanted = stories[lookupOrder[index]];
        const found = await Story.findOne({ storyId: wanted.storyId }).lean();
        if (found?.storyId !== wanted.storyId) missing++;
      }),
    );
    const findById = await phaseCost(engineCpuMs, () =>
      runConcurrently(LOOKUPS, IN_FLIGHT, async (index) => {
        const wanted = stories[lookupOrder[index]];
        const found = await Story.findById(ids[lookupOrder[index]]).lean();
        if (found?.storyId !== wanted.storyId) missing++;
      }),
    );
    expectEqual('lookups that did not find their story', missing, 0);

    const loadedMemory = await residentMemory(first.pid);
    await closeAll(connections);
    const stopMs = await first.stop();
    children.splice(children.indexOf(first), 1);
    const dataDirBytes = await directorySize(dataDir);

    log('restarting the engine on the same data dir (recovery)');
    const second = await spawnTypeScript<EngineReady>('engine-process.ts', [dataDir], engineFlags);
    children.push(second);
    const recoveryStart = await startFigures(second);
    const recovered = await connect(second.ready.port, connections, { autoIndex: false });
    const RecoveredStory = benchStoryModel(recovered);
    const sample = stories[lookupOrder[0]];
    const firstFound = await RecoveredStory.findOne({ storyId: sample.storyId }).lean();
    const toFirstFindMs = performance.now() - second.spawnedAt;
    await checkRecovered(RecoveredStory, firstFound, sample, stories.length);
    await closeAll(connections);
    await second.stop();
    children.splice(children.indexOf(second), 1);

    log('Map baseline');
    const map = await measureMap(loaded, createdOneByOne, stories, lookupOrder);

    return {
      documents,
      storedDocuments: stories.length,
      engine: {
        insertManyPerSecond: perSecond(documents, insertMany.elapsedMs),
        createPerSecond: perSecond(SINGLE_CREATES, create.elapsedMs),
        findByStoryIdPerSecond: perSecond(LOOKUPS, findByStoryId.elapsedMs),
        findByIdPerSecond: perSecond(LOOKUPS, findById.elapsedMs),
        costs: { insertMany, create, findByStoryId, findById },
        emptyStart,
        loaded: loadedMemory,
        stopMs,
        dataDirBytes,
        recovery: { ...recoveryStart, toFirstFindMs },
      },
      map,
    };
  } finally {
    await closeAll(connections).catch(() => undefined);
    for (const child of children) await child.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    forgetDataDir();
  }
}

/**
 * Runs each measured operation a few hundred times on a scratch collection, then drops it, so the
 * figures measure the engine rather than V8 compiling it (and mongoose) on the first calls. The
 * scratch writes (~150 KB) stay in the journal, so they count in the data dir and its recovery.
 */
async function warmUp(connection: Connection): Promise<void> {
  const Scratch = connection.model('BenchWarmUp', benchStorySchema, 'warmup');
  await Scratch.init();
  // Short bodies: the same code paths, but little left behind in the journal the recovery replays.
  const stories = makeStories(WARM_UP_STORIES, 2, 'warm').map((story) => ({
    ...story,
    body: story.body.slice(0, 100),
  }));
  const ids: Types.ObjectId[] = [];
  for (let start = 0; start < WARM_UP_STORIES / 2; start += 100) {
    for (const doc of await Scratch.insertMany(stories.slice(start, start + 100))) ids.push(doc._id);
  }
  await runConcurrently(WARM_UP_STORIES / 2, IN_FLIGHT, async (index) => {
    ids.push((await Scratch.create(stories[WARM_UP_STORIES / 2 + index]))._id);
  });
  await runConcurrently(WARM_UP_STORIES, IN_FLIGHT, async (index) => {
    await Scratch.findOne({ storyId: stories[index].storyId }).lean();
    await Scratch.findById(ids[index]).lean();
  });
  await Scratch.collection.drop();
  connection.deleteModel('BenchWarmUp');
}

async function startFigures(child: TypeScriptChild<EngineReady>): Promise<StartFigures> {
  return {
    toPortMs: child.readyMs,
    engineStartMs: child.ready.engineStartMs,
    memory: await residentMemory(child.pid),
  };
}

async function connect(
  port: number,
  connections: Connection[],
  options: { autoIndex?: boolean } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(`mongodb://127.0.0.1:${port}/bench`, options);
  connections.push(connection);
  return connection.asPromise();
}

async function closeAll(connections: Connection[]): Promise<void> {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
}

/** What a restarted engine must give back: every story, both indexes, and the stories' contents. */
async function checkRecovered(
  Story: ReturnType<typeof benchStoryModel>,
  found: unknown,
  expected: StoryFixture,
  stored: number,
): Promise<void> {
  expectEqual('stories counted after recovery', await Story.countDocuments(), stored);
  const indexes = (await Story.listIndexes()) as { key: Record<string, unknown>; unique?: boolean }[];
  const storyIdIndex = indexes.find((index) => Object.keys(index.key).join() === 'storyId');
  expectEqual('unique storyId index after recovery', storyIdIndex?.unique === true, true);
  expectEqual(
    'status index after recovery',
    indexes.some((index) => 'status' in index.key),
    true,
  );
  const recovered = (found ?? {}) as Record<string, unknown>;
  const fields = [...Object.keys(expected)] as (keyof StoryFixture)[];
  const differing = fields.filter(
    (field) => JSON.stringify(recovered[field]) !== JSON.stringify(expected[field]),
  );
  expectEqual('recovered story fields that differ from what was written', differing.join(', '), '');
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(`engine misbehaved: ${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/**
 * The same operations on a Map in this process: the floor the engine is compared with. The concurrent
 * ones go through the same 16-in-flight runner as the engine's, so the runner's cost is on both sides.
 */
async function measureMap(
  loaded: StoryFixture[],
  createdOneByOne: StoryFixture[],
  stories: StoryFixture[],
  lookupOrder: number[],
): Promise<SizeFigures['map']> {
  const insertPerSecond = await repeatedRate(loaded.length, () => {
    const map = new Map<string, StoryFixture>();
    for (const story of loaded) map.set(story.storyId, story);
  });
  const setPerSecond = await repeatedRate(SINGLE_CREATES, () => {
    const map = new Map<string, StoryFixture>();
    return runConcurrently(SINGLE_CREATES, IN_FLIGHT, async (index) => {
      map.set(createdOneByOne[index].storyId, createdOneByOne[index]);
    });
  });
  const full = new Map(stories.map((story) => [story.storyId, story]));
  let missing = 0;
  const getPerSecond = await repeatedRate(LOOKUPS, () =>
    runConcurrently(LOOKUPS, IN_FLIGHT, async (index) => {
      const wanted = stories[lookupOrder[index]];
      if (full.get(wanted.storyId) !== wanted) missing++;
    }),
  );
  if (missing) throw new Error(`the Map baseline lost ${missing} lookups`);

  const mapProcess = await spawnTypeScript<{ stored: number }>('map-process.ts', [String(stories.length)]);
  try {
    return { insertPerSecond, setPerSecond, getPerSecond, memory: await residentMemory(mapProcess.pid) };
  } finally {
    await mapProcess.stop();
  }
}
