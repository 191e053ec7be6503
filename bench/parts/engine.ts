/**
 * The cost of the embedded engine and how it grows: inserts/s and indexed finds/s through mongoose
 * beside the same operations on a plain Map, the engine's resident memory, its start-up (recovery)
 * time and its data dir, at each size. Sizes: 1k and 100k stories; `--quick` 1k and 10k;
 * `--sizes 1000,50k` (or BENCH_ENGINE_SIZES) for others; `--cpu-prof` to profile the engine processes.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatBytes, formatCount, formatMs, formatRate, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchOptions, type BenchPart } from '../lib/part.js';
import type { PhaseCost } from '../lib/timing.js';
import {
  IN_FLIGHT,
  INSERT_BATCH,
  LOOKUPS,
  SINGLE_CREATES,
  measureSize,
  type SizeFigures,
} from './engine/measure.js';

const DEFAULT_SIZES = [1_000, 100_000];
const QUICK_SIZES = [1_000, 10_000];
/** `--cpu-prof`: each engine process writes a V8 CPU profile here (open it in Chrome DevTools). */
const CPU_PROFILE_DIR = new URL('../results/cpu-profiles/', import.meta.url);

function chosenSizes(options: BenchOptions): number[] {
  const given = options.flags.get('sizes') ?? process.env.BENCH_ENGINE_SIZES;
  return chooseSizes(options, { normal: DEFAULT_SIZES, quick: QUICK_SIZES }, given);
}

function ratiosOf(figures: SizeFigures) {
  const { engine, map } = figures;
  return {
    insertMany: engine.insertManyPerSecond / map.insertPerSecond,
    create: engine.createPerSecond / map.setPerSecond,
    findByStoryId: engine.findByStoryIdPerSecond / map.getPerSecond,
    findById: engine.findByIdPerSecond / map.getPerSecond,
    residentMemory: engine.loaded.rssBytes / map.memory.rssBytes,
  };
}

function printSize(figures: SizeFigures): void {
  const { engine, map } = figures;
  const ratios = ratiosOf(figures);
  const stored = formatCount(figures.storedDocuments);
  console.log(
    `\nengine · ${formatCount(figures.documents)} stories by insertMany + ${formatCount(SINGLE_CREATES)} by create` +
      ` = ${stored} stored\n`,
  );
  const row = (label: string, engineValue: string, mapValue = '', ratio = '') => [
    label,
    engineValue,
    mapValue,
    ratio,
  ];
  console.log(
    formatTable(
      ['', 'engine', 'Map', 'engine/Map'],
      [
        row(
          `inserts/s (insertMany, batches of ${formatCount(INSERT_BATCH)})`,
          formatRate(engine.insertManyPerSecond),
          formatRate(map.insertPerSecond),
          formatRatio(ratios.insertMany),
        ),
        row(
          `inserts/s (create, ${IN_FLIGHT} in flight)`,
          formatRate(engine.createPerSecond),
          formatRate(map.setPerSecond),
          formatRatio(ratios.create),
        ),
        row(
          `finds/s (findOne by storyId, ${IN_FLIGHT} in flight)`,
          formatRate(engine.findByStoryIdPerSecond),
          formatRate(map.getPerSecond),
          formatRatio(ratios.findByStoryId),
        ),
        row(
          `finds/s (findById, ${IN_FLIGHT} in flight)`,
          formatRate(engine.findByIdPerSecond),
          formatRate(map.getPerSecond),
          formatRatio(ratios.findById),
        ),
        row(
          `resident memory, ${stored} stories`,
          formatBytes(engine.loaded.rssBytes),
          formatBytes(map.memory.rssBytes),
          formatRatio(ratios.residentMemory),
        ),
        row(
          '  peak while loading',
          formatBytes(engine.loaded.peakRssBytes),
          formatBytes(map.memory.peakRssBytes),
        ),
        row('  empty engine', formatBytes(engine.emptyStart.memory.rssBytes)),
        row('  after recovery', formatBytes(engine.recovery.memory.rssBytes)),
        row('start-up, empty data dir (spawn → port)', formatMs(engine.emptyStart.toPortMs)),
        row('  of which startEngine', formatMs(engine.emptyStart.engineStartMs)),
        row(`start-up, recovering ${stored} (spawn → port)`, formatMs(engine.recovery.toPortMs)),
        row('  of which startEngine (recovery)', formatMs(engine.recovery.engineStartMs)),
        row('  spawn → first findOne answered', formatMs(engine.recovery.toFirstFindMs)),
        row('stop (journal flushed)', formatMs(engine.stopMs)),
        row('data dir on disk', formatBytes(engine.dataDirBytes)),
      ],
    ),
  );
}

/** Per operation: wall time, and the CPU the engine process and the bench's mongoose side each spent. */
function printCosts(figures: SizeFigures): void {
  const { costs } = figures.engine;
  const operations: [string, PhaseCost, number][] = [
    ['insertMany (per story)', costs.insertMany, figures.documents],
    ['create', costs.create, SINGLE_CREATES],
    ['findOne by storyId', costs.findByStoryId, LOOKUPS],
    ['findById', costs.findById, LOOKUPS],
  ];
  const micros = (ms: number, count: number) => `${formatCount((ms * 1_000) / count)} µs`;
  console.log('\n  where the time goes, per operation (CPU from /proc and process.cpuUsage)\n');
  console.log(
    formatTable(
      ['', 'wall', 'engine CPU', 'mongoose CPU'],
      operations.map(([label, cost, count]) => [
        label,
        micros(cost.elapsedMs, count),
        micros(cost.otherCpuMs, count),
        micros(cost.ownCpuMs, count),
      ]),
    ),
  );
}

/** How each figure changed from the smallest size to the largest. */
function printGrowth(all: SizeFigures[]): void {
  const first = all[0];
  const last = all[all.length - 1];
  const perStory = (figures: SizeFigures) =>
    (figures.engine.recovery.memory.rssBytes - figures.engine.emptyStart.memory.rssBytes) /
    figures.storedDocuments;
  const rows: [string, (figures: SizeFigures) => number, (value: number) => string][] = [
    ['inserts/s (insertMany)', (f) => f.engine.insertManyPerSecond, formatRate],
    ['inserts/s (create)', (f) => f.engine.createPerSecond, formatRate],
    ['finds/s (by storyId)', (f) => f.engine.findByStoryIdPerSecond, formatRate],
    ['finds/s (by _id)', (f) => f.engine.findByIdPerSecond, formatRate],
    ['resident memory, loaded', (f) => f.engine.loaded.rssBytes, formatBytes],
    ['resident memory, after recovery', (f) => f.engine.recovery.memory.rssBytes, formatBytes],
    ['  per story (after recovery − empty)', perStory, formatBytes],
    ['Map process resident memory', (f) => f.map.memory.rssBytes, formatBytes],
    ['startEngine (recovery)', (f) => f.engine.recovery.engineStartMs, formatMs],
    ['spawn → first findOne answered', (f) => f.engine.recovery.toFirstFindMs, formatMs],
    ['data dir on disk', (f) => f.engine.dataDirBytes, formatBytes],
    ['  per story', (f) => f.engine.dataDirBytes / f.storedDocuments, formatBytes],
  ];
  console.log(
    `\nengine · how it grows from ${formatCount(first.documents)} to ${formatCount(last.documents)} stories by insertMany` +
      ` (${formatCount(first.storedDocuments)} → ${formatCount(last.storedDocuments)} stored, ` +
      `×${formatCount(last.storedDocuments / first.storedDocuments)})\n`,
  );
  console.log(
    formatTable(
      ['', formatCount(first.storedDocuments), formatCount(last.storedDocuments), 'change'],
      rows.map(([label, figure, format]) => [
        label,
        format(figure(first)),
        format(figure(last)),
        formatRatio(figure(last) / figure(first)),
      ]),
    ),
  );
}

/** Which engine was measured: the commit, and whether packages/engine had uncommitted changes. */
function engineVersion(): { commit: string; uncommittedChanges: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: 'pipe' }).trim();
    return {
      commit: git('rev-parse', 'HEAD'),
      uncommittedChanges: git('status', '--porcelain', 'packages/engine') !== '',
    };
  } catch {
    return undefined; // not a git checkout: the figures still stand, only unlabelled
  }
}

const enginePart: BenchPart = {
  name: 'engine',
  description: 'the embedded engine through mongoose vs a Map: inserts/s, finds/s, memory, recovery time',
  async run(options) {
    const sizes = chosenSizes(options);
    console.log(
      `engine: sizes ${sizes.map(formatCount).join(', ')}; ${LOOKUPS} lookups and ${SINGLE_CREATES} creates` +
        ` each, ${IN_FLIGHT} in flight; the engine runs in a child process with a fsynced journal.` +
        '\nengine/Map below 1× means slower (rates); above 1× means bigger (memory).',
    );
    const cpuProfileDir = options.flags.has('cpu-prof') ? fileURLToPath(CPU_PROFILE_DIR) : undefined;
    if (cpuProfileDir) console.log(`engine processes write CPU profiles to ${cpuProfileDir}`);
    const measured: SizeFigures[] = [];
    for (const size of sizes) {
      const figures = await measureSize(size, {
        log: (line) => console.log(`  [${formatCount(size)}] ${line}`),
        cpuProfileDir,
      });
      printSize(figures);
      printCosts(figures);
      measured.push(figures);
    }
    if (measured.length > 1) printGrowth(measured);
    return {
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      engine: engineVersion(),
      settings: {
        insertBatch: INSERT_BATCH,
        singleCreates: SINGLE_CREATES,
        lookups: LOOKUPS,
        inFlight: IN_FLIGHT,
      },
      sizes: measured.map((figures) => ({ ...figures, ratios: ratiosOf(figures) })),
    };
  },
};

export default enginePart;
