/**
 * careloop itself, as built in dist/ (the bench builds it first when stale), in a process of its own so the load generator never shares its event loop: the
 * embedded engine on `dataDir`, mongoose, `createApp` and a plain `node:http` server on 127.0.0.1, as
 * main.ts serves it (without the demo seed or the mail worker).
 *
 *   node --import tsx bench/parts/feeds/server-process.ts '<json settings>'
 *
 * Settings: `{ dataDir, logFile, seed?, env? }`. `env` is applied before any server module is loaded
 * (the switch that turns the feed cache off is read from the environment). With `seed`, an empty store
 * is first filled by seed.ts. Prints one JSON line once it listens: `{ port, seeded?, startMs }`; stops
 * cleanly, journal flushed, when its stdin closes or on SIGTERM/SIGINT. Request logs go to `logFile`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { stopWhenAsked } from '../../lib/stop-when-asked.js';

interface Settings {
  dataDir: string;
  logFile: string;
  seed?: number;
  env?: Record<string, string>;
}

const settings = JSON.parse(process.argv[2] ?? 'null') as Settings | null;
if (!settings?.dataDir || !settings.logFile) {
  console.error(`usage: node --import tsx bench/parts/feeds/server-process.ts '{"dataDir":…,"logFile":…}'`);
  process.exit(2);
}
Object.assign(process.env, settings.env ?? {});

const started = performance.now();
const { pino } = await import('pino');
// The service as users run it: the build in dist/ (`npm start`), not the sources through tsx.
const { createApp } = await built<typeof import('../../../server/app.js')>('app.js');
const { loadConfig } = await built<typeof import('../../../server/platform/config.js')>('platform/config.js');
const { createLogger } = await built<typeof import('../../../server/platform/log.js')>('platform/log.js');
const { createModels, ensureIndexes } =
  await built<typeof import('../../../server/models/index.js')>('models/index.js');
const { createServices } =
  await built<typeof import('../../../server/services/index.js')>('services/index.js');
const { connectStore } = await built<typeof import('../../../server/platform/store.js')>('platform/store.js');
const { seedFeedData } = await import('./seed.js');

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const config = loadConfig({
  ...process.env,
  PORT: String(port),
  CARELOOP_PUBLIC_URL: `http://127.0.0.1:${port}`,
  CARELOOP_DATA_DIR: settings.dataDir,
  CARELOOP_DEMO: 'false',
  MONGODB_URI: '',
  LOG_LEVEL: 'info',
});
const logger = createLogger({ level: 'info', destination: pino.destination({ dest: settings.logFile }) });
const store = await connectStore(config);
const models = createModels(store.connection);
const services = createServices({ config, logger, models });
await ensureIndexes(models);
const seeded =
  settings.seed !== undefined && (await models.stories.estimatedDocumentCount()) === 0
    ? await seedFeedData({ models, services }, settings.seed, (line) => console.error(`    ${line}`))
    : undefined;
const app = createApp({ config, logger, connection: store.connection, models, services });
server.on('request', app.callback());
process.stdout.write(`${JSON.stringify({ port, seeded, startMs: performance.now() - started })}\n`);

/** A module of the built service (dist/server/), typed as its source. */
async function built<Module>(path: string): Promise<Module> {
  return (await import(new URL(`../../../dist/server/${path}`, import.meta.url).href)) as Module;
}

stopWhenAsked('feed server', () => {
  server.closeAllConnections();
  server.close();
  return store.close();
});
