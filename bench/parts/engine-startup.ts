/**
 * The embedded engine's start-up and how it grows with the stories it holds: from spawning the engine
 * process to a client's first answered command, and its resident memory, at each size, beside two
 * baselines measured in the same run: an empty data dir's start-up and reading the snapshot file's
 * bytes. Then the first queries after the restart (a board's page, a two-word search), so that what
 * start-up leaves for later is on the table too. Sizes: 1k, 10k and 100k stories; `--quick` 1k and 10k;
 * `--full` adds 1M (seeding alone takes about ten minutes, the snapshot is about 2.3 GB, and the search
 * every story matches decodes them all: expect about 12 GB resident); `--sizes 1000,50k` (or
 * BENCH_STARTUP_SIZES) for others; `--cpu-prof` profiles the measured restarts.
 */
import { fileURLToPath } from 'node:url';
import { formatBytes, formatCount, formatMs, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchOptions, type BenchPart } from '../lib/part.js';
import { measureStartup, type StartupFigures } from './engine/startup.js';

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
const QUICK_SIZES = [1_000, 10_000];
const FULL_SIZES = [...DEFAULT_SIZES, 1_000_000];
const CPU_PROFILE_DIR = new URL('../results/cpu-profiles/', import.meta.url);

function chosenSizes(options: BenchOptions): number[] {
  const given = options.flags.get('sizes') ?? process.env.BENCH_STARTUP_SIZES;
  return chooseSizes(options, { normal: DEFAULT_SIZES, quick: QUICK_SIZES, full: FULL_SIZES }, given);
}

function ratiosOf(figures: StartupFigures) {
  return {
    firstAnswerOverEmpty: figures.restart.toFirstAnswerMs / figures.empty.toFirstAnswerMs,
    engineStartOverReadingSnapshot: figures.restart.engineStartMs / figures.readSnapshotMs,
    residentMemoryOverEmpty: figures.restart.rssAfterStartBytes / figures.empty.rssAfterStartBytes,
  };
}

function printSize(figures: StartupFigures): void {
  const { empty, restart } = figures;
  const ratios = ratiosOf(figures);
  const perStory = (bytes: number) => formatBytes((bytes - empty.rssAfterStartBytes) / figures.stories);
  console.log(
    `\nengine start-up · ${formatCount(figures.stories)} stories, snapshot ${formatBytes(figures.snapshotBytes)}` +
      ` (seeded in ${formatMs(figures.seedMs)})\n`,
  );
  console.log(
    formatTable(
      ['', 'restart', 'baseline', 'restart/baseline'],
      [
        [
          'spawn → first answer (ping, findOne by _id)',
          formatMs(restart.toFirstAnswerMs),
          `${formatMs(empty.toFirstAnswerMs)} empty`,
          formatRatio(ratios.firstAnswerOverEmpty),
        ],
        ['spawn → port', formatMs(restart.toPortMs), `${formatMs(empty.toPortMs)} empty`, ''],
        [
          'startEngine (reading the data dir)',
          formatMs(restart.engineStartMs),
          `${formatMs(figures.readSnapshotMs)} reading the file`,
          formatRatio(ratios.engineStartOverReadingSnapshot),
        ],
        [
          'resident memory after start',
          formatBytes(restart.rssAfterStartBytes),
          `${formatBytes(empty.rssAfterStartBytes)} empty`,
          formatRatio(ratios.residentMemoryOverEmpty),
        ],
        ['  per story above empty', perStory(restart.rssAfterStartBytes), '', ''],
        ['first board page after restart', formatMs(restart.firstBoardPageMs), '', ''],
        ['  another board’s page', formatMs(restart.secondBoardPageMs), '', ''],
        ['first search, a rare word (page + total)', formatMs(restart.rareWordSearchMs), '', ''],
        ['then two words every story holds', formatMs(restart.firstWordSearchMs), '', ''],
        ['  two other such words', formatMs(restart.secondWordSearchMs), '', ''],
        ['resident memory after those', formatBytes(restart.rssAfterQueriesBytes), '', ''],
        ['  per story above empty', perStory(restart.rssAfterQueriesBytes), '', ''],
      ],
    ),
  );
}

function printGrowth(all: StartupFigures[]): void {
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const rows: [string, (figures: StartupFigures) => number, (value: number) => string][] = [
    ['spawn → first answer', (f) => f.restart.toFirstAnswerMs, formatMs],
    ['  over an empty start', (f) => ratiosOf(f).firstAnswerOverEmpty, formatRatio],
    ['resident memory after start', (f) => f.restart.rssAfterStartBytes, formatBytes],
    ['first board page', (f) => f.restart.firstBoardPageMs, formatMs],
    ['first search, a rare word', (f) => f.restart.rareWordSearchMs, formatMs],
    ['then two words every story holds', (f) => f.restart.firstWordSearchMs, formatMs],
    ['resident memory after those', (f) => f.restart.rssAfterQueriesBytes, formatBytes],
  ];
  console.log(
    `\nengine start-up · how it grows from ${formatCount(first.stories)} to ${formatCount(last.stories)} stories\n`,
  );
  console.log(
    formatTable(
      ['', formatCount(first.stories), formatCount(last.stories), 'change'],
      rows.map(([label, figure, format]) => [
        label,
        format(figure(first)),
        format(figure(last)),
        formatRatio(figure(last) / figure(first)),
      ]),
    ),
  );
}

const engineStartupPart: BenchPart = {
  name: 'engine-startup',
  description:
    'the engine restarting on 1k–100k stories (1M with --full): time to first answer, memory, first queries',
  async run(options) {
    const sizes = chosenSizes(options);
    console.log(
      `engine-startup: sizes ${sizes.map(formatCount).join(', ')}; the engine runs in a child process; ` +
        'each size is seeded through the wire protocol, compacted, and restarted.',
    );
    const cpuProfileDir = options.flags.has('cpu-prof') ? fileURLToPath(CPU_PROFILE_DIR) : undefined;
    const measured: StartupFigures[] = [];
    for (const size of sizes) {
      const figures = await measureStartup(size, {
        log: (line) => console.log(`  [${formatCount(size)}] ${line}`),
        cpuProfileDir,
      });
      printSize(figures);
      measured.push(figures);
    }
    if (measured.length > 1) printGrowth(measured);
    return { sizes: measured.map((figures) => ({ ...figures, ratios: ratiosOf(figures) })) };
  },
};

export default engineStartupPart;
