/**
 * The entry point (`npm start`, or `tsx server/main.ts`): loads the config, connects the store, listens,
 * and on SIGTERM/SIGINT stops accepting, lets requests in flight finish, closes the store and exits 0.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { careloopVersion, ConfigError, loadConfig, type Config } from './platform/config.js';
import { feedsOf } from './feeds/routes.js';
import { answerClientErrors } from './http/client-errors.js';
import { createLogger } from './platform/log.js';
import { connectStore } from './platform/store.js';
import { startupBanner } from './banner.js';
import { demoAccounts, seedDemo } from './demo/seed.js';
import { createModels, ensureIndexes } from './models/index.js';
import { runMigrations } from './models/migrations/runner.js';
import { ScheduledBackups } from './backup/scheduled-backups.js';
import { createServices } from './services/index.js';

/** Past this, connections still busy after a shutdown signal are cut so the process can exit. */
const shutdownGraceMs = 10_000;

const config = await withListeningPort(loadConfigOrExit());
// Readable lines at a terminal; JSON, one object a line, when piped to a file or a log collector.
const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });

const store = await connectStore(config).catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not connect to the store');
  process.exit(1);
});
logger.info(
  store.engineUri
    ? { store: 'embedded', uri: store.engineUri, dataDir: config.dataDir }
    : { store: 'mongodb', database: store.connection.name },
  'store connected',
);

const demoIdentity = await startDemoIdentity();
const models = createModels(store.connection);
const services = createServices({ config, logger, models });
const demo = await prepareData().catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not prepare the data');
  return store.close().finally(() => process.exit(1));
});

const app = createApp({ config, logger, connection: store.connection, models, services });
const server = createServer(app.callback());
answerClientErrors(server, logger);
let shuttingDown = false;

server.prependListener('request', (_request, response) => {
  // A keep-alive client sending one more request during shutdown gets its answer and a closed connection.
  if (shuttingDown && !response.headersSent) response.setHeader('Connection', 'close');
});
server.on('error', (error) => {
  logger.fatal({ err: error, port: config.port }, 'could not listen');
  void store.close().finally(() => process.exit(1));
});
// Background work: deliver queued email and webhooks, turn pending events into email (alerts, digests)
// and webhook deliveries, and take
// Idempotency-Key stamps off once their 24 hours are over.
services.mail.startWorker();
services.webhooks.startWorker();
services.notifier.start();
services.scheduledReports.start();
services.idempotencySweeper.start();
// Stories whose provider preview window has closed are published (unless a moderator held them).
services.previews.start();
services.retention.start();
// Scheduled backups, when CARELOOP_BACKUP_DIR is set: one instance takes each.
const scheduledBackups =
  config.backups &&
  new ScheduledBackups({
    connection: store.connection,
    models,
    logger,
    careloopVersion: careloopVersion(),
    ...config.backups,
  });
scheduledBackups?.start();

server.listen(config.port, () => {
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ port, url, publicUrl: config.publicUrl }, `careloop listening on ${url}`);
  // On the embedded store (a development machine) or at a terminal, say in words what to try; to stderr,
  // so stdout stays one JSON log line per event for log collectors.
  if (store.engineUri || process.stdout.isTTY) {
    console.error(
      startupBanner({
        url,
        engineUri: store.engineUri,
        dataDir: config.dataDir,
        demoAccounts: demo ? demoAccounts : [],
        demoIdentity: demoIdentity && { name: demoIdentity.config.name, people: demoIdentity.people },
      }),
    );
  }
});

/**
 * Demo mode with no identity provider configured: start the demo's own (oidc-provider on loopback) and
 * offer it, so a newcomer can try "Sign in with Demo NHS login". Imported only here, only then: a
 * production start never loads oidc-provider.
 */
async function startDemoIdentity() {
  if (!config.seedDemo || !store.engineUri || config.oidc.providers.length > 0) return undefined;
  try {
    const { startDemoIdentityProvider } = await import('./demo/demo-identity-provider.js');
    const demoIdentity = await startDemoIdentityProvider(config.publicUrl);
    // Before the services are built from the config: they read their providers once.
    config.oidc.providers.push(demoIdentity.config);
    logger.info({ issuer: demoIdentity.config.issuer }, 'demo identity provider listening');
    return demoIdentity;
  } catch (error) {
    logger.warn({ err: error }, 'the demo identity provider could not start: password sign-in only');
    return undefined;
  }
}

/**
 * Before serving: every index exists (unique ones guard the data), the configured admin exists, and an
 * empty embedded store gets the demo. Returns whether the demo accounts are there to announce.
 */
async function prepareData(): Promise<boolean> {
  // Shapes first (a migration may clear what a new unique index would refuse), then the indexes.
  await runMigrations(models, { logger });
  await ensureIndexes(models);
  if (config.bootstrapAdmin) {
    await services.accounts.ensureAdmin(config.bootstrapAdmin.email, config.bootstrapAdmin.password);
    logger.info({ role: 'admin' }, 'admin account from CARELOOP_ADMIN_EMAIL is ready');
  }
  if (!config.seedDemo || !store.engineUri) return false;
  await seedDemo({ services, models, logger, publicUrl: config.publicUrl });
  return (await models.users.exists({ email: demoAccounts[0]!.email })) !== null;
}

process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);

function shutDown(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    logger.warn({ signal }, 'second signal during shutdown: exiting now');
    process.exit(1);
  }
  shuttingDown = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');

  // server.close() only drops the connections idle at that moment; keep-alive connections whose
  // request finishes later become idle later.
  const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  const forceClose = setTimeout(() => {
    logger.warn({ graceMs: shutdownGraceMs }, 'requests still in flight: closing their connections');
    server.closeAllConnections();
  }, shutdownGraceMs);
  server.close(() => {
    clearInterval(closeIdle);
    clearTimeout(forceClose);
    // Let a send in flight finish (it is marked sent, not sent twice after a restart), and the WebSub
    // watch's look at the store, then close.
    Promise.all([
      feedsOf(app)?.stop(),
      services.notifier.stop(),
      services.scheduledReports.stop(),
      services.idempotencySweeper.stop(),
      services.previews.stop(),
      services.retention.stop(),
      services.mail.stopWorker(),
      services.webhooks.stopWorker(),
      demoIdentity?.running.close(),
      services.erasures.stop(),
      scheduledBackups?.stop(),
    ])
      .then(() => store.close())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'the store did not close cleanly');
          process.exit(1);
        },
      );
  });
  server.closeIdleConnections();
}

/**
 * PORT=0 asks for any free port. Links in emails and feeds are built from the public URL before the
 * server listens, so the port is chosen up front and, when CARELOOP_PUBLIC_URL is not set, the
 * default public URL names it rather than port 0.
 */
async function withListeningPort(loaded: Config): Promise<Config> {
  if (loaded.port !== 0) return loaded;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const publicUrl = process.env.CARELOOP_PUBLIC_URL?.trim() ? loaded.publicUrl : `http://localhost:${port}`;
  return { ...loaded, port, publicUrl };
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`careloop: ${error.message}\n`);
    process.exit(1);
  }
}
