#!/usr/bin/env node
/**
 * Runs the embedded engine on its own, so MongoDB's tools (mongosh, Compass, mongodump) and scripts can
 * inspect a deployment's embedded data:
 *
 *   npm run engine -- --port 27017 --data-dir ./data
 *
 * It listens on 127.0.0.1 only and stops cleanly (journal flushed, lock released) on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { startEngine } from './index.js';

const usage = 'usage: npm run engine -- [--port <port>] [--data-dir <dir>] (without --data-dir: in memory)';

async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number (0-65535), got '${values.port}'\n${usage}`);

  let engine;
  try {
    engine = await startEngine({ port, dataDir: values['data-dir'] });
  } catch (error) {
    fail(`could not start the engine: ${(error as Error).message}`);
  }
  const where = values['data-dir'] ? `data in ${values['data-dir']}` : 'in memory (no --data-dir)';
  console.log(`careloop engine listening on ${engine.uri} (${where}); stop with Ctrl+C`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = true;
    console.log(`${signal}: stopping the engine`);
    engine.stop().then(
      () => process.exit(0),
      (error: Error) => fail(`error while stopping: ${error.message}`),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

await main();
