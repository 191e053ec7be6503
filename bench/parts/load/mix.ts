/**
 * The load bench's traffic: readers (one autocannon instance per reader path, the connections shared
 * between them) and submitters (POSTs of a story), all started together against one base URL and run
 * for the same time. Every request counts: a response with another status than expected, a connection
 * error and a timeout are all errors, reported rather than thrown, because under load they are a finding.
 */
import autocannon from 'autocannon';
import { latencyOf } from '../../lib/http-load.js';

export interface ReaderPath {
  name: string;
  path: string;
}

export interface Submission {
  path: string;
  body: string;
}

export interface MixSettings {
  readers: { paths: ReaderPath[]; connections: number };
  submitters?: { submission: Submission; connections: number };
  durationSeconds: number;
  /** A response slower than this counts as a timeout (an error), not a latency. */
  timeoutSeconds: number;
}

export interface StreamFigures {
  name: string;
  responses: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Responses outside 2xx, connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
}

export interface MixFigures {
  readers: StreamFigures[];
  /** Every reader response together: the percentiles of all of them (autocannon's merged histograms). */
  allReaders: StreamFigures;
  submitters?: StreamFigures;
}

function figuresOf(name: string, result: autocannon.Result): StreamFigures {
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = Number(stats.count ?? 0);
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    name,
    responses,
    requestsPerSecond: responses / result.duration,
    latencyMs: latencyOf(result),
    errors: result.non2xx + result.errors + result.timeouts,
    statuses,
  };
}

/**
 * The percentiles of several runs together. autocannon gives each run's percentiles, not its samples,
 * so this weights each run's percentile by its responses: exact for p50 when runs are alike, and for
 * p99 it is the slowest run's p99 when one run dominates the tail (the figure that matters).
 */
function combined(name: string, streams: StreamFigures[]): StreamFigures {
  const responses = streams.reduce((sum, stream) => sum + stream.responses, 0);
  const weighted = (pick: (stream: StreamFigures) => number) =>
    streams.reduce((sum, stream) => sum + pick(stream) * stream.responses, 0) / Math.max(responses, 1);
  const statuses: Record<string, number> = {};
  for (const stream of streams)
    for (const [code, count] of Object.entries(stream.statuses))
      statuses[code] = (statuses[code] ?? 0) + count;
  return {
    name,
    responses,
    requestsPerSecond: streams.reduce((sum, stream) => sum + stream.requestsPerSecond, 0),
    latencyMs: {
      p50: weighted((stream) => stream.latencyMs.p50),
      p90: weighted((stream) => stream.latencyMs.p90),
      p99: Math.max(...streams.map((stream) => stream.latencyMs.p99)),
      max: Math.max(...streams.map((stream) => stream.latencyMs.max)),
    },
    errors: streams.reduce((sum, stream) => sum + stream.errors, 0),
    statuses,
  };
}

/** Runs readers and submitters against `baseUrl` at once and waits for all of them to finish. */
export async function runMix(baseUrl: string, settings: MixSettings): Promise<MixFigures> {
  const { paths, connections } = settings.readers;
  const perPath = paths.map(
    (_, index) => Math.floor(connections / paths.length) + (index < connections % paths.length ? 1 : 0),
  );
  const readerRuns = paths.map((reader, index) =>
    perPath[index]! > 0
      ? autocannon({
          url: `${baseUrl}${reader.path}`,
          connections: perPath[index]!,
          duration: settings.durationSeconds,
          timeout: settings.timeoutSeconds,
        })
      : undefined,
  );
  const submitters = settings.submitters;
  const submitterRun = submitters
    ? autocannon({
        url: `${baseUrl}${submitters.submission.path}`,
        connections: submitters.connections,
        duration: settings.durationSeconds,
        timeout: settings.timeoutSeconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: submitters.submission.body,
      })
    : undefined;
  const readerResults = await Promise.all(readerRuns);
  const readers = readerResults.flatMap((result, index) =>
    result ? [figuresOf(paths[index]!.name, result)] : [],
  );
  return {
    readers,
    allReaders: combined('all readers', readers),
    submitters: submitterRun ? figuresOf('submissions', await submitterRun) : undefined,
  };
}
