/**
 * HTTP load for the service benches: autocannon driving a server in another process (the load
 * generator must not share the server's event loop), and a plain single GET to look at one response.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Instead of a duration: this many requests in all, every one waited for (for slow responses). */
  amount?: number;
  headers?: Record<string, string>;
  /** The status every response should have; a run where more than 1% differ fails. */
  expectStatus: number;
  /** A shorter unmeasured run first, so both sides are warm (JIT, sockets, caches). */
  warmUpSeconds?: number;
  /** Seconds a response may take before it counts as a timeout (autocannon's default is 10). */
  timeoutSeconds?: number;
}

export interface LoadFigures {
  /** Responses per second over the whole run. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  responses: number;
  /** Responses with a status other than the expected one, and connection errors/timeouts. */
  unexpected: number;
  errors: number;
  bytesPerSecond: number;
}

function run(options: LoadOptions, durationSeconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: durationSeconds }),
    headers: options.headers,
    timeout: options.timeoutSeconds ?? 10,
  });
}

export async function measureLoad(options: LoadOptions): Promise<LoadFigures> {
  if (options.warmUpSeconds) await run(options, options.warmUpSeconds);
  const result = await run(options, options.durationSeconds);
  const byClass = Math.floor(options.expectStatus / 100);
  const inClass = result[`${byClass}xx` as '2xx' | '3xx' | '4xx' | '5xx'];
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const exact = Number(result.statusCodeStats?.[`${options.expectStatus}`]?.count ?? inClass);
  const unexpected = responses - exact;
  if (responses === 0 || unexpected + result.errors > responses * 0.01) {
    const statuses = JSON.stringify(result.statusCodeStats ?? {});
    throw new Error(
      `${options.url}: expected ${options.expectStatus} from every response; got ${statuses}, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    requestsPerSecond: responses / result.duration,
    latencyMs: latencyOf(result),
    responses,
    unexpected,
    errors: result.errors,
    bytesPerSecond: result.throughput.mean,
  };
}

export interface SimpleResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent: not decompressed. */
  body: Buffer;
}

/** One GET with exactly these headers (fetch would add Accept-Encoding and decompress). */
export function getOnce(url: string, headers: Record<string, string> = {}): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** autocannon's latency percentiles, in milliseconds, as every bench figure names them. */
export function latencyOf(result: autocannon.Result): LoadFigures['latencyMs'] {
  const { p50, p90, p99, max, mean } = result.latency;
  return { p50, p90, p99, max, mean };
}
