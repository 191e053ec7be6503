/**
 * Under load, the slow path stays short: the built service (`dist/server/main.js`, rebuilt first) on a
 * fresh data dir with the demo and a few thousand more stories, read by 300 connections over the
 * busiest board's RSS and JSON feeds, its story list and a story thread, while 20 more connections
 * submit stories. Beside it, in the same run, bare Koa serves the very same bodies to the same mix.
 * Prints reader p50/p99 as ratios to bare Koa, submission p99 under load against submission p99 with
 * no readers, errors, the service's memory (at rest after warm-up, peak, and at rest after load stops)
 * and its event-loop delay, and whether the targets are met.
 *
 * "At rest" is the resident memory after the service has sat idle for a while (45 s; 30 s with
 * `--quick`), with no GC forced: V8 gives back the heap it grew under load only when its memory reducer
 * sees the process idle, which takes 10-30 s, so a reading straight after a forced GC would count heap
 * V8 is about to return. The V8 heap still in use after a full GC is printed beside it: that is the
 * figure a leak would grow (the service's main thread; the embedded engine runs on a thread of its own,
 * whose heap holds the data).
 *
 * Every story told under load stays in the embedded engine's memory, so the memory target compares the
 * process at rest after load with a fresh start of the service on the data the load left, warmed up and
 * rested the same way: what is left beyond that is what the load left, not the data.
 *
 * Flags: `--quick` (2,000 stories, shorter runs), `--stories 5000`, `--duration 20` (seconds under load),
 * `--rest 45` (seconds idle before each memory reading),
 * `--readers 300`, `--submitters 20`, `--cpu-prof` (the service writes a V8 CPU profile to
 * bench/results/cpu-profiles/, summarised by bench/lib/profile-summary.ts).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { StaticBody } from '../lib/bare-koa-process.js';
import { spawnTypeScript } from '../lib/child-process.js';
import { onExit } from '../lib/cleanup.js';
import { formatBytes, formatCount, formatMs, formatRate, formatRatio, formatTable } from '../lib/format.js';
import { getOnce } from '../lib/http-load.js';
import type { BenchPart } from '../lib/part.js';
import type { SeededData } from './feeds/seed.js';
import { runMix, type MixFigures, type ReaderPath, type StreamFigures } from './load/mix.js';
import { startService, type RunningService } from './load/service.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const CPU_PROFILE_DIR = new URL('../results/cpu-profiles/', import.meta.url);
const TIMEOUT_SECONDS = 30;
const TARGETS = { submissionP99: 3, readerP99: 3, memoryReturn: 0.1 };

interface Settings {
  stories: number;
  readers: number;
  submitters: number;
  durationSeconds: number;
  idleSeconds: number;
  warmUpSeconds: number;
  restSeconds: number;
}

function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got '${text}'`);
  return value;
}

function chosenSettings(quick: boolean, flags: ReadonlyMap<string, string>): Settings {
  const durationSeconds = positive(flags.get('duration'), quick ? 6 : 20, 'duration');
  return {
    stories: positive(flags.get('stories'), quick ? 2_000 : 5_000, 'stories'),
    readers: positive(flags.get('readers'), 300, 'readers'),
    submitters: positive(flags.get('submitters'), 20, 'submitters'),
    durationSeconds,
    idleSeconds: Math.max(2, Math.round(durationSeconds / 2)),
    warmUpSeconds: quick ? 2 : 5,
    restSeconds: positive(flags.get('rest'), quick ? 30 : 45, 'rest'),
  };
}

/** One probe line (see load/probe.mjs). */
interface ProbeSample {
  at: number;
  event: 'tick' | 'gc';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  loopDelayMs: { p50: number; p99: number; max: number } | null;
  /** GC lines only: each V8 space's bytes in use and committed. */
  spaces?: Record<string, { used: number; committed: number }>;
}

async function probeSamples(file: string, from: number, to = Infinity): Promise<ProbeSample[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeSample)
    .filter((sample) => sample.at >= from && sample.at <= to);
}

/** A full GC in the service, then its resident memory as the probe saw it straight after. */
async function memoryAfterGc(service: RunningService, probeFile: string): Promise<ProbeSample> {
  const asked = Date.now();
  service.collectGarbage();
  for (let attempt = 0; attempt < 50; attempt++) {
    await sleep(100);
    const gc = (await probeSamples(probeFile, asked)).find((sample) => sample.event === 'gc');
    if (gc) return gc;
  }
  throw new Error('the service did not answer the request for a GC');
}

interface RestingMemory {
  /** Resident memory after sitting idle, no GC forced (the median of the last two seconds' samples). */
  rss: number;
  /** V8's heap after a full GC that follows: what is really held, and what stays committed. */
  heap: { used: number; committed: number; external: number };
  /** Each V8 space's committed bytes after that GC: where a heap kept grown is kept. */
  committedBySpace: Record<string, number>;
}

/** The service's memory once it has been left alone for `seconds` (see the header: "at rest"). */
async function memoryAtRest(
  service: RunningService,
  probeFile: string,
  seconds: number,
): Promise<RestingMemory> {
  await sleep(seconds * 1_000);
  const now = Date.now();
  const recent = (await probeSamples(probeFile, now - 2_000, now)).map((sample) => sample.rss);
  recent.sort((a, b) => a - b);
  const rss = recent[Math.floor(recent.length / 2)];
  if (rss === undefined) throw new Error('the probe wrote no sample in the last two seconds');
  const gc = await memoryAfterGc(service, probeFile);
  const committedBySpace = Object.fromEntries(
    Object.entries(gc.spaces ?? {}).map(([name, space]) => [name, space.committed]),
  );
  return {
    rss,
    heap: { used: gc.heapUsed, committed: gc.heapTotal, external: gc.external },
    committedBySpace,
  };
}

interface LoopDelay {
  p99: number;
  max: number;
}

function loopDelayOf(samples: ProbeSample[]): LoopDelay {
  const delays = samples.flatMap((sample) => (sample.loopDelayMs ? [sample.loopDelayMs] : []));
  return {
    // The worst quarter-second window's p99: how long a request could wait before any of its code ran.
    p99: Math.max(0, ...delays.map((delay) => delay.p99)),
    max: Math.max(0, ...delays.map((delay) => delay.max)),
  };
}

const storySubmission = JSON.stringify({
  title: 'Waited a long time in the emergency department',
  body:
    'My mother waited most of the night on a trolley in the corridor. The nurses were kind and ' +
    'explained what was happening, but nobody could tell us when a bed would be free. '.repeat(6),
  nickname: 'A carer',
  authorRole: 'carer',
  services: ['nhs-highland'],
  tags: { improve: ['waiting time'], good: ['kind staff'] },
  consent: true,
});
/** The part's mix against `baseUrl`: these readers (none: submitters alone) beside the submitters. */
function runLoadMix(
  baseUrl: string,
  readers: ReaderPath[],
  settings: { readers: number; submitters: number },
  seconds: number,
): Promise<MixFigures> {
  return runMix(baseUrl, {
    readers: { paths: readers, connections: settings.readers },
    submitters: {
      submission: { path: '/api/v1/stories', body: storySubmission },
      connections: settings.submitters,
    },
    durationSeconds: seconds,
    timeoutSeconds: TIMEOUT_SECONDS,
  });
}

interface SideFigures {
  idleSubmissions: StreamFigures;
  underLoad: MixFigures;
}

interface ServiceFigures extends SideFigures {
  memory: {
    afterWarmUp: number;
    peak: number;
    afterLoad: number;
    /** At rest, a fresh start of the service on the data as the load left it, after the same warm-up. */
    freshOnSameData: number;
    /** V8's heap after a full GC following each rest (used, committed) and Buffers: the leak check. */
    heapAfterWarmUp: { used: number; committed: number; external: number };
    heapAfterLoad: { used: number; committed: number; external: number };
    /** Each V8 space's committed bytes after those GCs. */
    committedBySpace: { afterWarmUp: Record<string, number>; afterLoad: Record<string, number> };
  };
  loopDelayMs: { idle: LoopDelay; underLoad: LoopDelay };
}

function buildServer(): void {
  console.log('building the server (npm run build:server)');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: repositoryRoot, stdio: 'inherit' });
}

async function sampleBodies(baseUrl: string, readers: ReaderPath[], workDir: string): Promise<StaticBody[]> {
  const bodies: StaticBody[] = [];
  for (const [index, reader] of readers.entries()) {
    const response = await getOnce(`${baseUrl}${reader.path}`);
    if (response.status !== 200)
      throw new Error(`${reader.name}: GET ${reader.path} answered ${response.status}: ${response.body}`);
    const file = join(workDir, `body-${index}`);
    await writeFile(file, response.body);
    bodies.push({
      path: reader.path.replace(/\?.*/, ''),
      file,
      contentType: response.headers['content-type'] ?? 'application/octet-stream',
    });
  }
  return bodies;
}

async function measureService(
  settings: Settings,
  workDir: string,
  cpuProfileDir: string | undefined,
  log: (line: string) => void,
): Promise<{ service: ServiceFigures; readers: ReaderPath[]; seeded: SeededData; bodies: StaticBody[] }> {
  const dataDir = join(workDir, 'data');
  const probeFile = join(workDir, 'probe.jsonl');
  const env = {
    // Twenty submitters from one address: the hourly limit would otherwise answer 429 after ten.
    CARELOOP_SUBMISSIONS_PER_HOUR: '999999999',
    CARELOOP_DEMO: 'true',
  };

  log('first start on an empty data dir: the demo is seeded');
  const first = await startService({ dataDir, logFile: join(workDir, 'seeding.log'), env });
  await first.stop();
  log(`adding ${formatCount(settings.stories)} published stories (and their responses and replies)`);
  const seeder = await spawnTypeScript<SeededData>('../parts/load/seed-process.ts', [
    JSON.stringify({ dataDir, stories: settings.stories }),
  ]);
  const seeded = seeder.ready;
  await seeder.stop();

  log('starting the service on it');
  const service = await startService({
    dataDir,
    logFile: join(workDir, 'service.log'),
    probeFile,
    env,
    nodeFlags: cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [],
  });
  try {
    const board = encodeURIComponent(seeded.busiestBoard.id);
    const readers: ReaderPath[] = [
      { name: 'board RSS', path: `/feeds/services/${board}.rss` },
      { name: 'board JSON', path: `/feeds/services/${board}.json` },
      { name: 'story list', path: `/api/v1/stories?service=${board}` },
      { name: 'story thread', path: `/api/v1/stories/${seeded.threadStoryId}` },
    ];
    const bodies = await sampleBodies(service.baseUrl, readers, workDir);
    const mix = (withReaders: boolean, seconds: number, baseUrl = service.baseUrl) =>
      runLoadMix(baseUrl, withReaders ? readers : [], settings, seconds);

    log(`warm-up: ${settings.warmUpSeconds} s of the whole mix`);
    await mix(true, settings.warmUpSeconds);
    log(`at rest for ${settings.restSeconds} s`);
    const warm = await memoryAtRest(service, probeFile, settings.restSeconds);

    log(`${settings.submitters} submitters alone for ${settings.idleSeconds} s`);
    const idleStarted = Date.now();
    const idle = await mix(false, settings.idleSeconds);
    const idleLoop = loopDelayOf(await probeSamples(probeFile, idleStarted));

    log(
      `${settings.readers} readers and ${settings.submitters} submitters for ${settings.durationSeconds} s`,
    );
    const loadStarted = Date.now();
    const underLoad = await mix(true, settings.durationSeconds);
    const loadEnded = Date.now();
    const loadSamples = await probeSamples(probeFile, loadStarted, loadEnded + 500);

    log(`load stopped: at rest for ${settings.restSeconds} s`);
    const after = await memoryAtRest(service, probeFile, settings.restSeconds);

    // The embedded engine keeps the data in the service's memory, and every story told under load stays:
    // what the load itself left behind is the difference from a fresh start holding the same data.
    await service.stop();
    log('a fresh start on the data the load left, warmed up and rested as the first');
    const freshProbeFile = join(workDir, 'probe-fresh.jsonl');
    const fresh = await startService({
      dataDir,
      logFile: join(workDir, 'service-fresh.log'),
      probeFile: freshProbeFile,
      env,
    });
    let freshAtRest: RestingMemory;
    try {
      await mix(true, settings.warmUpSeconds, fresh.baseUrl);
      freshAtRest = await memoryAtRest(fresh, freshProbeFile, settings.restSeconds);
    } finally {
      await fresh.stop();
    }

    return {
      readers,
      seeded,
      bodies,
      service: {
        idleSubmissions: idle.submitters!,
        underLoad,
        memory: {
          afterWarmUp: warm.rss,
          peak: Math.max(...loadSamples.map((sample) => sample.rss)),
          afterLoad: after.rss,
          freshOnSameData: freshAtRest.rss,
          heapAfterWarmUp: warm.heap,
          heapAfterLoad: after.heap,
          committedBySpace: { afterWarmUp: warm.committedBySpace, afterLoad: after.committedBySpace },
        },
        loopDelayMs: { idle: idleLoop, underLoad: loopDelayOf(loadSamples) },
      },
    };
  } catch (error) {
    const lines = (await readFile(join(workDir, 'service.log'), 'utf8').catch(() => '')).split('\n');
    const errors = lines.filter((line) => /"level":(50|60)/.test(line)).slice(-3);
    if (errors.length) console.error(`service errors (last ${errors.length}):\n${errors.join('\n')}`);
    throw error;
  } finally {
    await service.stop().catch(() => undefined);
  }
}

async function measureBareKoa(
  settings: Settings,
  readers: ReaderPath[],
  bodies: StaticBody[],
  workDir: string,
): Promise<SideFigures> {
  const receipt = join(workDir, 'receipt');
  await writeFile(
    receipt,
    JSON.stringify({ id: '0'.repeat(24), status: 'submitted', authorKey: 'x'.repeat(40) }),
  );
  const bare = await spawnTypeScript<{ port: number }>('bare-koa-process.ts', [
    JSON.stringify({
      bodies: [...bodies, { path: '/api/v1/stories', file: receipt, contentType: 'application/json' }],
    }),
  ]);
  try {
    const baseUrl = `http://127.0.0.1:${bare.ready.port}`;
    const mix = (withReaders: boolean, seconds: number) =>
      runLoadMix(baseUrl, withReaders ? readers : [], settings, seconds);
    await mix(true, settings.warmUpSeconds);
    const idle = await mix(false, settings.idleSeconds);
    const underLoad = await mix(true, settings.durationSeconds);
    return { idleSubmissions: idle.submitters!, underLoad };
  } finally {
    await bare.stop();
  }
}

interface TargetCheck {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

function printFigures(service: ServiceFigures, bare: SideFigures, settings: Settings): TargetCheck[] {
  const rows: string[][] = [];
  // No response in the whole run: its latency is longer than the run, not 0 ms.
  const latency = (figures: StreamFigures, value: number) => (figures.responses ? formatMs(value) : '> run');
  const readerRow = (ours: StreamFigures, theirs: StreamFigures | undefined) => [
    `  ${ours.name}`,
    formatRate(ours.requestsPerSecond),
    latency(ours, ours.latencyMs.p50),
    latency(ours, ours.latencyMs.p99),
    latency(ours, ours.latencyMs.max),
    theirs ? formatMs(theirs.latencyMs.p50) : '',
    theirs ? formatMs(theirs.latencyMs.p99) : '',
    theirs && ours.responses ? formatRatio(ours.latencyMs.p50 / theirs.latencyMs.p50) : '–',
    theirs && ours.responses ? formatRatio(ours.latencyMs.p99 / theirs.latencyMs.p99) : '–',
    formatCount(ours.errors),
  ];
  for (const reader of service.underLoad.readers) {
    rows.push(
      readerRow(
        reader,
        bare.underLoad.readers.find((other) => other.name === reader.name),
      ),
    );
  }
  rows.push(readerRow(service.underLoad.allReaders, bare.underLoad.allReaders));
  rows.push(readerRow(service.underLoad.submitters!, bare.underLoad.submitters));
  rows.push(readerRow({ ...service.idleSubmissions, name: 'submissions, no readers' }, bare.idleSubmissions));
  console.log(
    `\nload · ${settings.readers} readers + ${settings.submitters} submitters, ${settings.durationSeconds} s; ` +
      'careloop beside bare Koa serving the same bodies\n',
  );
  console.log(
    formatTable(
      ['', 'req/s', 'p50', 'p99', 'max', 'bare p50', 'bare p99', 'p50 × bare', 'p99 × bare', 'errors'],
      rows,
    ),
  );
  const { memory, loopDelayMs } = service;
  console.log(
    `\n  memory (RSS): ${formatBytes(memory.afterWarmUp)} at rest after warm-up, ${formatBytes(memory.peak)} peak under ` +
      `load, ${formatBytes(memory.afterLoad)} at rest after load (${settings.restSeconds} s idle), ` +
      `${formatBytes(memory.freshOnSameData)} at rest for a fresh start on the data the load left; ` +
      `after a full GC, V8 heap used ${formatBytes(memory.heapAfterWarmUp.used)} → ${formatBytes(memory.heapAfterLoad.used)}, ` +
      `committed ${formatBytes(memory.heapAfterWarmUp.committed)} → ${formatBytes(memory.heapAfterLoad.committed)}; ` +
      `Buffers ${formatBytes(memory.heapAfterWarmUp.external)} → ${formatBytes(memory.heapAfterLoad.external)}`,
  );
  const { afterWarmUp: spacesBefore, afterLoad: spacesAfter } = memory.committedBySpace;
  const grownSpaces = Object.keys(spacesAfter)
    .filter((name) => Math.abs((spacesAfter[name] ?? 0) - (spacesBefore[name] ?? 0)) >= 1024 * 1024)
    .map(
      (name) => `${name} ${formatBytes(spacesBefore[name] ?? 0)} → ${formatBytes(spacesAfter[name] ?? 0)}`,
    );
  if (grownSpaces.length)
    console.log(`  committed heap by V8 space (a change of 1 MB or more): ${grownSpaces.join(', ')}`);
  console.log(
    `  event-loop delay: p99 ${formatMs(loopDelayMs.idle.p99)} (max ${formatMs(loopDelayMs.idle.max)}) with ` +
      `submitters alone; p99 ${formatMs(loopDelayMs.underLoad.p99)} (max ${formatMs(loopDelayMs.underLoad.max)}) ` +
      'under load (worst quarter-second window)',
  );

  // A run in which no submission was answered at all has no p99: it is the worst case, not 0×.
  const submissionRatio = service.underLoad.submitters!.responses
    ? service.underLoad.submitters!.latencyMs.p99 / service.idleSubmissions.latencyMs.p99
    : Infinity;
  const worstReader = Math.max(
    ...service.underLoad.readers.map((reader) => {
      const theirs = bare.underLoad.readers.find((other) => other.name === reader.name)!;
      return reader.responses ? reader.latencyMs.p99 / theirs.latencyMs.p99 : Infinity;
    }),
  );
  const errors =
    service.underLoad.allReaders.errors +
    service.underLoad.submitters!.errors +
    service.idleSubmissions.errors;
  const memoryChange = memory.afterLoad / memory.freshOnSameData - 1;
  const checks: TargetCheck[] = [
    { what: 'errors', target: '0', measured: formatCount(errors), met: errors === 0 },
    {
      what: 'submission p99 under load',
      target: `≤ ${TARGETS.submissionP99}× with no readers`,
      measured: formatRatio(submissionRatio),
      met: submissionRatio <= TARGETS.submissionP99,
    },
    {
      what: 'reader p99 (worst path)',
      target: `≤ ${TARGETS.readerP99}× bare Koa`,
      measured: formatRatio(worstReader),
      met: worstReader <= TARGETS.readerP99,
    },
    {
      what: 'memory at rest after load',
      target: `≤ ${TARGETS.memoryReturn * 100}% above a fresh start on the same data`,
      measured: `${memoryChange >= 0 ? '+' : ''}${(memoryChange * 100).toFixed(0)}%`,
      // Below the start is back too: only growth that stays counts against the target.
      met: memoryChange <= TARGETS.memoryReturn,
    },
  ];
  console.log('\nload · targets\n');
  console.log(
    formatTable(
      ['', 'target', 'measured', ''],
      checks.map((check) => [check.what, check.target, check.measured, check.met ? 'met' : 'MISSED']),
    ),
  );
  return checks;
}

const loadPart: BenchPart = {
  name: 'load',
  description:
    '300 feed and story readers + 20 submitters on the built service vs bare Koa; memory, loop delay',
  async run(options) {
    const settings = chosenSettings(options.quick, options.flags);
    console.log(
      `load: ${formatCount(settings.stories)} stories over the demo; ${settings.readers} readers and ` +
        `${settings.submitters} submitters (autocannon); ${os.cpus().length} CPUs, load average ` +
        `${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(', ')}`,
    );
    buildServer();
    const cpuProfileDir = options.flags.has('cpu-prof') ? fileURLToPath(CPU_PROFILE_DIR) : undefined;
    const workDir = await mkdtemp(join(tmpdir(), 'careloop-bench-load-'));
    const forget = onExit(() => rmSync(workDir, { recursive: true, force: true }));
    const log = (line: string) => console.log(`  ${line}`);
    try {
      const profilesBefore = cpuProfileDir
        ? new Set(await readdir(cpuProfileDir).catch(() => []))
        : new Set();
      const measured = await measureService(settings, workDir, cpuProfileDir, log);
      log('bare Koa serving the same bodies to the same mix');
      const bare = await measureBareKoa(settings, measured.readers, measured.bodies, workDir);
      const targets = printFigures(measured.service, bare, settings);
      if (cpuProfileDir) {
        const written = (await readdir(cpuProfileDir)).filter((file) => !profilesBefore.has(file));
        console.log(`\nCPU profile: ${written.map((file) => join(cpuProfileDir, file)).join(', ')}`);
      }
      console.log(
        `\nload average after: ${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(', ')}`,
      );
      return { settings, seeded: measured.seeded, careloop: measured.service, bareKoa: bare, targets };
    } finally {
      await rm(workDir, { recursive: true, force: true });
      forget();
    }
  },
};

export default loadPart;
