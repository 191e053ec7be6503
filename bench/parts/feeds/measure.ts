import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { StaticBody } from '../../lib/bare-koa-process.js';
import { spawnTypeScript, type TypeScriptChild } from '../../lib/child-process.js';
import { onExit } from '../../lib/cleanup.js';
import { getOnce, measureLoad, type LoadFigures } from '../../lib/http-load.js';
import { cpuTimeMs } from '../../lib/proc.js';
import { coldBuildEnv, feedCases, type FeedCase } from './cases.js';
import type { SeededData } from './seed.js';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  /** Sent as Accept-Encoding on every request; undefined sends none (identity bodies). */
  encoding?: string;
  /** Only these cases (by name); undefined measures every one. */
  only?: string[];
}

/** One autocannon run and what the server process spent on it. */
export interface RunFigures extends LoadFigures {
  /** CPU time of the server process per response (from /proc): steadier than wall time on a busy machine. */
  serverCpuMsPerResponse: number;
}

export interface CaseFigures {
  name: string;
  path: string;
  contentType: string;
  bodyBytes: number;
  /** Items in the feed as served (RSS `<item>`s or JSON Feed `items`). */
  items: number;
  /** One request at a time (no queueing): how long a build takes, median and slowest of COLD_SERIAL. */
  coldSerialMs: { median: number; max: number };
  cold: RunFigures;
  warm: RunFigures;
  conditional: RunFigures;
  bareKoa: RunFigures;
}

export interface SizeFigures {
  publishedStories: number;
  seeded: SeededData;
  /** From spawn to listening: seeding (from empty), then each restart on the seeded data dir (recovery). */
  startMs: { seeding: number; cached: number; uncached: number };
  cases: CaseFigures[];
}

interface ServerReady {
  port: number;
  seeded?: SeededData;
  startMs: number;
}

export interface MeasureOptions {
  settings: LoadSettings;
  log(line: string): void;
  cpuProfileDir?: string;
}

/**
 * Seeds a store with `published` stories and measures every feed case on it: warm and conditional on a
 * server with its feed cache, cold on a restarted one without, each beside bare Koa serving the same
 * bytes. Every child process and temp dir is gone afterwards.
 */
export async function measureSize(published: number, options: MeasureOptions): Promise<SizeFigures> {
  const { settings, log } = options;
  const workDir = await mkdtemp(join(tmpdir(), 'careloop-bench-feeds-'));
  const forgetWorkDir = onExit(() => rmSync(workDir, { recursive: true, force: true }));
  const dataDir = join(workDir, 'data');
  const logFile = join(workDir, 'server.log');
  const nodeFlags = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  // Seeding writes about a thousand stories a second on a loaded machine; a restart reads them back.
  const readyTimeoutMs = Math.max(10 * 60_000, published * 5);
  const startServer = (seed: number | undefined, env: Record<string, string>) =>
    spawnTypeScript<ServerReady>(
      '../parts/feeds/server-process.ts',
      [JSON.stringify({ dataDir, logFile, seed, env })],
      nodeFlags,
      readyTimeoutMs,
    );
  const children = new Set<TypeScriptChild<unknown>>();
  const stop = async (child: TypeScriptChild<unknown>) => {
    children.delete(child);
    await child.stop();
  };
  const headers: Record<string, string> = settings.encoding ? { 'accept-encoding': settings.encoding } : {};
  const load = async (
    child: TypeScriptChild<unknown>,
    url: string,
    expectStatus: number,
    extraHeaders: Record<string, string> = {},
    amount?: number,
  ): Promise<RunFigures> => {
    const cpuBefore = await cpuTimeMs(child.pid);
    const figures = await measureLoad({
      url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmUpSeconds: amount ? 0 : settings.warmUpSeconds,
      amount,
      headers: { ...headers, ...extraHeaders },
      expectStatus,
      // Cold builds queue behind each other at 50 connections: a slow one is a figure, not a failure.
      timeoutSeconds: 120,
    });
    const cpuMs = (await cpuTimeMs(child.pid)) - cpuBefore;
    // The warm-up's CPU is in cpuMs too: spread it over its share of the responses.
    const runShare = amount
      ? 1
      : settings.durationSeconds / (settings.durationSeconds + settings.warmUpSeconds);
    return { ...figures, serverCpuMsPerResponse: (cpuMs * runShare) / figures.responses };
  };

  try {
    log(`seeding ${published.toLocaleString('en-GB')} published stories`);
    const seeding = await startServer(published, {});
    children.add(seeding);
    const seeded = seeding.ready.seeded;
    if (!seeded) throw new Error(`the store in ${dataDir} was not empty`);
    // A restart, so no compaction or other after-effect of seeding runs during the measurements.
    await stop(seeding);
    log(
      `seeded in ${(seeded.seedMs / 1_000).toFixed(1)} s: ${seeded.storedStories.toLocaleString('en-GB')} stories, ` +
        `${seeded.responses.toLocaleString('en-GB')} responses, ${seeded.replies.toLocaleString('en-GB')} replies; ` +
        'restarting with the feed cache on',
    );
    const cached = await startServer(undefined, {});
    children.add(cached);
    const cases = feedCases(seeded).filter((feed) => !settings.only || settings.only.includes(feed.name));
    const base = `http://127.0.0.1:${cached.ready.port}`;

    const bodies: StaticBody[] = [];
    const partial: Omit<CaseFigures, 'cold' | 'coldSerialMs' | 'bareKoa'>[] = [];
    for (const [index, feed] of cases.entries()) {
      const sample = await sampleFeed(`${base}${feed.path}`, headers, feed);
      const file = join(workDir, `body-${index}`);
      await writeFile(file, sample.body);
      bodies.push({
        path: `/${index}`,
        file,
        contentType: sample.contentType,
        contentEncoding: sample.contentEncoding,
      });
      log(`${feed.name}: warm, then conditional (${sample.body.length.toLocaleString('en-GB')} bytes)`);
      const warm = await load(cached, `${base}${feed.path}`, 200);
      const conditional = await load(cached, `${base}${feed.path}`, 304, { 'if-none-match': sample.etag });
      partial.push({
        name: feed.name,
        path: feed.path,
        contentType: sample.contentType,
        bodyBytes: sample.body.length,
        items: sample.items,
        warm,
        conditional,
      });
    }
    await stop(cached);

    log('bare Koa serving the same bodies');
    const bare = await spawnTypeScript<{ port: number }>('bare-koa-process.ts', [JSON.stringify({ bodies })]);
    children.add(bare);
    const bareKoa: RunFigures[] = [];
    for (const body of bodies) {
      bareKoa.push(await load(bare, `http://127.0.0.1:${bare.ready.port}${body.path}`, 200));
    }
    await stop(bare);

    log('restarting the server without its feed cache, for cold builds');
    const uncached = await startServer(undefined, coldBuildEnv);
    children.add(uncached);
    const coldBase = `http://127.0.0.1:${uncached.ready.port}`;
    const cold: RunFigures[] = [];
    const coldSerial: CaseFigures['coldSerialMs'][] = [];
    for (const feed of cases) {
      log(`${feed.name}: cold, one at a time, then under load`);
      coldSerial.push(await serialLatency(`${coldBase}${feed.path}`, headers));
      // A fixed number of requests, each waited for: a duration would drop the slowest builds unseen.
      cold.push(
        await load(
          uncached,
          `${coldBase}${feed.path}`,
          200,
          {},
          COLD_REQUESTS_PER_CONNECTION * settings.connections,
        ),
      );
    }
    await stop(uncached);

    return {
      publishedStories: published,
      seeded,
      startMs: { seeding: seeding.readyMs, cached: cached.readyMs, uncached: uncached.readyMs },
      cases: partial.map((figures, index) => ({
        ...figures,
        coldSerialMs: coldSerial[index]!,
        cold: cold[index]!,
        bareKoa: bareKoa[index]!,
      })),
    };
  } catch (error) {
    const tail = await readFile(logFile, 'utf8').catch(() => '');
    const errors = tail
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line))
      .slice(-3);
    if (errors.length) console.error(`server errors (last ${errors.length}):\n${errors.join('\n')}`);
    throw error;
  } finally {
    for (const child of children) await child.stop().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
    forgetWorkDir();
  }
}

/** Requests made one after another by serialLatency. */
const COLD_SERIAL = 5;
/** Cold runs under load: this many requests per connection. */
const COLD_REQUESTS_PER_CONNECTION = 2;

async function serialLatency(
  url: string,
  headers: Record<string, string>,
): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < COLD_SERIAL; i++) {
    const started = performance.now();
    const response = await getOnce(url, headers);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
}

interface FeedSample {
  body: Buffer;
  contentType: string;
  contentEncoding?: string;
  etag: string;
  items: number;
}

/** One GET of a feed: it must be a 200 with an ETag, and have items (an empty feed measures nothing). */
async function sampleFeed(url: string, headers: Record<string, string>, feed: FeedCase): Promise<FeedSample> {
  const response = await getOnce(url, headers);
  if (response.status !== 200)
    throw new Error(`${feed.name}: GET ${url} answered ${response.status}: ${response.body.toString()}`);
  const etag = response.headers.etag;
  if (!etag) throw new Error(`${feed.name}: GET ${url} has no ETag`);
  const contentEncoding = response.headers['content-encoding'];
  const plain = contentEncoding ? await getOnce(url) : response;
  const text = plain.body.toString('utf8');
  const items = feed.format === 'rss' ? text.split('<item>').length - 1 : countJsonItems(text);
  if (items === 0) throw new Error(`${feed.name}: GET ${url} has no items`);
  return {
    body: response.body,
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    contentEncoding,
    etag,
    items,
  };
}

function countJsonItems(text: string): number {
  const parsed = JSON.parse(text) as { items?: unknown[] };
  return parsed.items?.length ?? 0;
}
