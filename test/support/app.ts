import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import mongoose, { type Connection } from 'mongoose';
import { createApp, type AppDeps } from '../../server/app.js';
import type { AppState } from '../../server/http/app-state.js';
import { loadConfig, type Config } from '../../server/platform/config.js';
import { createLogger } from '../../server/platform/log.js';
import { feedsOf } from '../../server/feeds/routes.js';
import { answerClientErrors } from '../../server/http/client-errors.js';
import { createModels, type Models } from '../../server/models/index.js';
import { createServices, type Services } from '../../server/services/index.js';
import { startTestStore, type TestStore } from '../../packages/engine/test/support/store.js';

export type LogLine = Record<string, unknown>;

export interface TestApp {
  /** `http://127.0.0.1:<port>`, the app served for real on an ephemeral port. */
  baseUrl: string;
  config: Config;
  connection: Connection;
  store: TestStore;
  /** Every line the app logged, parsed, oldest first. */
  logLines: LogLine[];
  /** The app's domain layer and models, for tests that drive a worker, move a clock or check a document. */
  services: Services;
  models: Models;
  /** Stops background work (mail worker, notifier, WebSub watch), closes the server, mongoose and the store. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Overrides on top of the defaults (PORT=0, the project's widget and examples directories). */
  config?: Partial<Config>;
  /** Changes to the deps createApp receives, e.g. a silent logger. */
  deps?: Partial<AppDeps>;
  /** Called after createApp and before serving: a test can append a middleware of its own. */
  extend?: (app: Koa<AppState>) => void;
  /**
   * Serve from this already running store (another test app's) instead of a fresh one, as a second
   * instance of the service would; closing this app then leaves the store running.
   */
  store?: TestStore;
}

/** Builds the app on a fresh test store and serves `app.callback()` on 127.0.0.1 with a free port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = options.store ?? (await startTestStore());
  const connection = await mongoose.createConnection(store.uri).asPromise();
  const logLines: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line) => void logLines.push(JSON.parse(line)) },
  });
  // Listen first so the public URL (used for absolute links in feeds and emails) is the real one.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const config: Config = { ...loadConfig({ PORT: '0', CARELOOP_PUBLIC_URL: baseUrl }), ...options.config };
  const models = options.deps?.models ?? createModels(connection);
  const services = options.deps?.services ?? createServices({ config, logger, models });
  const app = createApp({ config, logger, connection, models, services, ...options.deps });
  options.extend?.(app);
  const feeds = feedsOf(app);
  server.on('request', app.callback());
  answerClientErrors(server, logger);

  return {
    baseUrl,
    config,
    connection,
    store,
    logLines,
    services,
    models,
    async close() {
      await Promise.all([stopBackgroundWork(services), feeds?.stop()]);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await connection.close();
      if (!options.store) await store.stop();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (still compressed, if the answer was). */
  bytes: Buffer;
  /** The header lines as received, names in their own spelling and in order: name, value, name, … */
  rawHeaders: string[];
}

/**
 * A GET that sends `path` exactly as written. fetch() normalises `..` and friends away before sending,
 * which would hide exactly the requests a traversal test needs to make.
 */
export function rawGet(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'HEAD' = 'GET',
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          rawHeaders: response.rawHeaders,
          body: bytes.toString('utf8'),
          bytes,
        });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Waits for the log line a finished request writes (it is written as the response closes). */
export async function waitForLogLine(
  lines: LogLine[],
  matches: (line: LogLine) => boolean,
): Promise<LogLine> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const line = lines.find(matches);
    if (line) return line;
    if (Date.now() > deadline) throw new Error('expected log line never appeared');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Stops whatever background loops a test started (each service says how, once it has loops). */
async function stopBackgroundWork(services: Services): Promise<void> {
  const stoppable = [
    services.notifier,
    services.scheduledReports,
    services.idempotencySweeper,
    services.previews,
    services.retention,
    services.mail,
    services.webhooks,
    services.erasures,
  ] as unknown as Array<{
    stop?: () => unknown;
    stopWorker?: () => unknown;
  }>;
  for (const service of stoppable) {
    await service.stop?.();
    await service.stopWorker?.();
  }
}
