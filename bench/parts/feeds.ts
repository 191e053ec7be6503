/**
 * Feeds under load: careloop (in a child process, on the embedded engine) seeded with 1k and then 100k
 * published stories (and 1M with `--full`), each feed (and the widget's board list and word search, cached and built the same
 * way) requested by autocannon at 50 connections: warm (a cached 200) and
 * conditional (a 304 for If-None-Match) for 5 s each, and cold (the feed cache off: every request builds
 * the feed) as 100 requests, every one waited for, after 5 made one at a time — beside a bare Koa app
 * serving the very same bytes in the same run. Prints throughput and p99 as ratios to bare Koa, how they
 * change from the smaller store to the larger, and whether the targets are met: warm throughput ≥ 0.8×
 * bare Koa, and cold p99 growing ≤ 1.5× from the smallest store to the largest.
 *
 * Flags: `--quick` (1k and 10k stories, 2 s runs), `--full` (1k, 100k and 1M stories: seeding the million
 * takes about 20 minutes and 14 GB), `--sizes 10k,100k`, `--duration 5`,
 * `--connections 50`, `--feeds 'board RSS,tag RSS'`, `--encoding br` (send Accept-Encoding and compare
 * compressed bodies), `--cpu-prof` (the servers write V8 CPU profiles to bench/results/cpu-profiles/).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatBytes, formatCount, formatMs, formatRate, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchOptions, type BenchPart } from '../lib/part.js';
import type { BenchRatios } from '../lib/regression.js';
import { measureSize, type CaseFigures, type LoadSettings, type SizeFigures } from './feeds/measure.js';

const DEFAULT_SIZES = [1_000, 100_000];
const QUICK_SIZES = [1_000, 10_000];
const FULL_SIZES = [1_000, 100_000, 1_000_000];
const CONNECTIONS = 50;
const DURATION_SECONDS = 5;
const QUICK_DURATION_SECONDS = 2;
const WARM_TARGET = 0.8;
const COLD_P99_GROWTH_TARGET = 1.5;
const CPU_PROFILE_DIR = new URL('../results/cpu-profiles/', import.meta.url);

function positiveNumber(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got '${text}'`);
  return value;
}

function chosenSettings(options: BenchOptions): { sizes: number[]; load: LoadSettings } {
  const { flags, quick } = options;
  const durationSeconds = positiveNumber(
    flags.get('duration'),
    quick ? QUICK_DURATION_SECONDS : DURATION_SECONDS,
    'duration',
  );
  return {
    sizes: chooseSizes(options, { normal: DEFAULT_SIZES, quick: QUICK_SIZES, full: FULL_SIZES }),
    load: {
      connections: positiveNumber(flags.get('connections'), CONNECTIONS, 'connections'),
      durationSeconds,
      warmUpSeconds: Math.min(1, durationSeconds),
      encoding: flags.get('encoding'),
      only: flags
        .get('feeds')
        ?.split(',')
        .map((name) => name.trim()),
    },
  };
}

function ratiosOf(figures: CaseFigures) {
  const { cold, warm, conditional, bareKoa } = figures;
  return {
    throughput: {
      cold: cold.requestsPerSecond / bareKoa.requestsPerSecond,
      warm: warm.requestsPerSecond / bareKoa.requestsPerSecond,
      conditional: conditional.requestsPerSecond / bareKoa.requestsPerSecond,
    },
    p99: {
      cold: cold.latencyMs.p99 / bareKoa.latencyMs.p99,
      warm: warm.latencyMs.p99 / bareKoa.latencyMs.p99,
      conditional: conditional.latencyMs.p99 / bareKoa.latencyMs.p99,
    },
  };
}

const runs = ['cold', 'warm', 'conditional', 'bareKoa'] as const;
const runLabels = {
  cold: 'cold (no cache)',
  warm: 'warm (cached 200)',
  conditional: '304',
  bareKoa: 'bare Koa',
};

function printSize(size: SizeFigures, load: LoadSettings): void {
  const { seeded } = size;
  console.log(
    `\nfeeds · ${formatCount(size.publishedStories)} published stories (${formatCount(seeded.storedStories)} stored, ` +
      `${formatCount(seeded.responses)} responses, ${formatCount(seeded.replies)} replies; seeded in ` +
      `${formatMs(seeded.seedMs)}; a restart on it ${formatMs(size.startMs.cached)} to listening)`,
  );
  console.log(
    `  board ${seeded.busiestBoard.id} (${seeded.busiestBoard.services} services, ${formatCount(seeded.busiestBoard.stories)} stories), ` +
      `constituency ${seeded.busiestConstituency.name} (${formatCount(seeded.busiestConstituency.stories)}), ` +
      `tag '${seeded.commonestTag.tag}' (${formatCount(seeded.commonestTag.stories)})`,
  );
  for (const feed of size.cases) {
    const ratios = ratiosOf(feed);
    console.log(
      `\n  ${feed.name} · GET ${feed.path} · ${formatBytes(feed.bodyBytes)}` +
        `${load.encoding ? ` (${load.encoding})` : ''}, ${feed.items} items; cold, one request at a time: ` +
        `${formatMs(feed.coldSerialMs.median)} median, ${formatMs(feed.coldSerialMs.max)} slowest\n`,
    );
    const ratio = (run: (typeof runs)[number], of: 'throughput' | 'p99') =>
      run === 'bareKoa' ? '1×' : formatRatio(ratios[of][run]);
    console.log(
      formatTable(
        ['', 'req/s', '× bare', 'p50', 'p99', '× bare', 'server CPU/req'],
        runs.map((run) => {
          const figures = feed[run];
          return [
            `  ${runLabels[run]}`,
            formatRate(figures.requestsPerSecond),
            ratio(run, 'throughput'),
            formatMs(figures.latencyMs.p50),
            formatMs(figures.latencyMs.p99),
            ratio(run, 'p99'),
            `${figures.serverCpuMsPerResponse.toFixed(2)} ms`,
          ];
        }),
      ),
    );
  }
}

interface TargetCheck {
  feed: string;
  target: string;
  value: number;
  met: boolean;
}

function printGrowthAndTargets(all: SizeFigures[]): TargetCheck[] {
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const checks: TargetCheck[] = [];
  for (const size of all) {
    for (const feed of size.cases) {
      const value = ratiosOf(feed).throughput.warm;
      checks.push({
        feed: `${feed.name} @ ${formatCount(size.publishedStories)}`,
        target: `warm throughput ≥ ${WARM_TARGET}× bare Koa`,
        value,
        met: value >= WARM_TARGET,
      });
    }
  }
  if (all.length > 1) {
    console.log(
      `\nfeeds · how it changes from ${formatCount(first.publishedStories)} to ${formatCount(last.publishedStories)} ` +
        `published stories (×${formatCount(last.publishedStories / first.publishedStories)})\n`,
    );
    const rows: string[][] = [];
    for (const feed of first.cases) {
      const later = last.cases.find((other) => other.name === feed.name);
      if (!later) continue;
      const change = (pick: (figures: CaseFigures) => number, format: (value: number) => string) => [
        format(pick(feed)),
        format(pick(later)),
        formatRatio(pick(later) / pick(feed)),
      ];
      rows.push([feed.name]);
      rows.push(['  cold p99', ...change((f) => f.cold.latencyMs.p99, formatMs)]);
      rows.push(['  cold p50', ...change((f) => f.cold.latencyMs.p50, formatMs)]);
      rows.push(['  cold, one at a time (median)', ...change((f) => f.coldSerialMs.median, formatMs)]);
      rows.push(['  cold req/s', ...change((f) => f.cold.requestsPerSecond, formatRate)]);
      rows.push([
        '  cold server CPU/req',
        ...change(
          (f) => f.cold.serverCpuMsPerResponse,
          (value) => `${value.toFixed(2)} ms`,
        ),
      ]);
      rows.push(['  warm req/s × bare', ...change((f) => ratiosOf(f).throughput.warm, formatRatio)]);
      rows.push(['  304 req/s × bare', ...change((f) => ratiosOf(f).throughput.conditional, formatRatio)]);
      rows.push(['  warm p99', ...change((f) => f.warm.latencyMs.p99, formatMs)]);
      const growth = later.cold.latencyMs.p99 / feed.cold.latencyMs.p99;
      checks.push({
        feed: feed.name,
        target: `cold p99 growth ${formatCount(first.publishedStories)} → ${formatCount(last.publishedStories)} ≤ ${COLD_P99_GROWTH_TARGET}×`,
        value: growth,
        met: growth <= COLD_P99_GROWTH_TARGET,
      });
    }
    console.log(
      formatTable(
        ['', formatCount(first.publishedStories), formatCount(last.publishedStories), 'change'],
        rows.map((row) => (row.length === 1 ? [row[0]!, '', '', ''] : row)),
      ),
    );
  }
  console.log('\nfeeds · targets\n');
  console.log(
    formatTable(
      ['', 'target', 'measured', ''],
      checks.map((check) => [
        check.feed,
        check.target,
        formatRatio(check.value),
        check.met ? 'met' : 'MISSED',
      ]),
    ),
  );
  return checks;
}

/** The 1-, 5- and 15-minute load averages: how busy the machine was, which the figures depend on. */
function loadAverage(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return os.loadavg();
  }
}

/** What `--check` compares with its reference: throughput against bare Koa, and growth between sizes. */
function regressionRatios(all: SizeFigures[]): BenchRatios {
  const ratios: BenchRatios = {};
  for (const size of all) {
    for (const feed of size.cases) {
      const { throughput } = ratiosOf(feed);
      const at = `${feed.name} @ ${formatCount(size.publishedStories)}`;
      ratios[`${at}: warm req/s × bare Koa`] = { value: throughput.warm, better: 'higher' };
      ratios[`${at}: 304 req/s × bare Koa`] = { value: throughput.conditional, better: 'higher' };
      ratios[`${at}: cold req/s × bare Koa`] = { value: throughput.cold, better: 'higher' };
    }
  }
  const [first, last] = [all[0], all.at(-1)];
  if (first && last && first !== last) {
    for (const feed of first.cases) {
      const later = last.cases.find((other) => other.name === feed.name);
      if (later)
        ratios[`${feed.name}: cold p99 growth`] = {
          value: later.cold.latencyMs.p99 / feed.cold.latencyMs.p99,
          better: 'lower',
        };
    }
  }
  return ratios;
}

const feedsPart: BenchPart = {
  name: 'feeds',
  description:
    'feeds and the public list and search (cold, warm, 304) at 1k and 100k stories (--full: and 1M) vs bare Koa serving the same body',
  async run(options) {
    const { sizes, load } = chosenSettings(options);
    const loadBefore = loadAverage();
    console.log(
      `feeds: sizes ${sizes.map(formatCount).join(', ')}; autocannon, ${load.connections} connections, ` +
        `${load.durationSeconds} s a run after ${load.warmUpSeconds} s of warm-up; careloop and bare Koa each ` +
        `in a child process.\n${os.cpus().length} CPUs; load average before: ${loadBefore.join(', ')}` +
        '\n× bare: below 1× is slower (req/s) and above 1× is slower (p99).',
    );
    const cpuProfileDir = options.flags.has('cpu-prof') ? fileURLToPath(CPU_PROFILE_DIR) : undefined;
    if (cpuProfileDir) console.log(`the careloop servers write CPU profiles to ${cpuProfileDir}`);
    const measured: SizeFigures[] = [];
    for (const size of sizes) {
      const figures = await measureSize(size, {
        settings: load,
        cpuProfileDir,
        log: (line) => console.log(`  [${formatCount(size)}] ${line}`),
      });
      printSize(figures, load);
      measured.push(figures);
    }
    const targets = printGrowthAndTargets(measured);
    const loadAfter = loadAverage();
    console.log(`\nload average after: ${loadAfter.join(', ')}`);
    return {
      ratios: regressionRatios(measured),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      settings: load,
      sizes: measured.map((size) => ({
        ...size,
        cases: size.cases.map((feed) => ({ ...feed, ratiosToBareKoa: ratiosOf(feed) })),
      })),
      targets,
    };
  },
};

export default feedsPart;
