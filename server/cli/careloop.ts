/**
 * The operator's command line: `npm run careloop -- <command>` (see usage.ts). It works on the real
 * store: MONGODB_URI, or the embedded engine on CARELOOP_DATA_DIR, which only one process may hold.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../platform/config.js';
import { silentLogger } from '../platform/log.js';
import { createModels, ensureIndexes } from '../models/index.js';
import { runMigrations } from '../models/migrations/runner.js';
import { createServices } from '../services/index.js';
import { runningEngineUri } from '@careloop/engine';
import { connectStore, embeddedDatabaseName, type Store } from '../platform/store.js';
import { commands, positionalCounts, type CommandOptions } from './commands.js';
import { storeCommandPositionals, storeCommands } from './store-commands.js';
import { PasswordInputError, readPassword } from './password-input.js';
import { CommandFailed, UsageError, usage } from './usage.js';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`careloop: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  let store: Store | undefined;
  try {
    const config = loadConfig();
    store = await openStore(config.mongodbUri, config.dataDir);
    if (parsed.command in storeCommands) {
      await storeCommands[parsed.command]!({
        connection: store.connection,
        config,
        options: parsed.options,
        positionals: parsed.positionals,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      return 0;
    }
    const models = createModels(store.connection);
    await runMigrations(models, { logger: silentLogger() });
    await ensureIndexes(models);
    const services = createServices({ config, logger: silentLogger(), models });
    await commands[parsed.command]({
      services,
      options: parsed.options,
      positionals: parsed.positionals,
      password: (prompt) => readPasswordOrFail(prompt, parsed.command !== 'users list'),
      print: (line) => process.stdout.write(`${line}\n`),
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`careloop: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`careloop: ${error.message}\n`);
      return 1;
    }
    if (error instanceof CommandFailed) {
      process.stderr.write(
        `careloop: ${error.message}\n${error.details.map((line) => `  ${line}\n`).join('')}`,
      );
      return 1;
    }
    process.stderr.write(`careloop: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

type ParsedCommandLine = { command: string; options: CommandOptions; positionals: string[] };

function parseCommandLine(argv: string[]): ParsedCommandLine | 'help' {
  let values: CommandOptions & { help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'job-title': { type: 'string' },
        service: { type: 'string', multiple: true },
        constituency: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean' },
        'retire-missing': { type: 'boolean' },
        replace: { type: 'boolean' },
        'verify-only': { type: 'boolean' },
        to: { type: 'string' },
        board: { type: 'string' },
        scope: { type: 'string', multiple: true },
        expires: { type: 'string' },
        'requests-per-minute': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help || positionals[0] === 'help') return 'help';
  if (positionals.length === 0) throw new UsageError('no command given');
  // Store commands are one word (`backup <file>`); the others two (`users add`).
  const words = positionals[0]! in storeCommands ? 1 : 2;
  const command = positionals.slice(0, words).join(' ');
  if (!(command in commands) && !(command in storeCommands))
    throw new UsageError(`unknown command: ${command}`);
  const rest = positionals.slice(words);
  const allowed = positionalCounts[command] ?? storeCommandPositionals[command] ?? 0;
  if (rest.length > allowed) throw new UsageError(`unexpected argument: ${rest[allowed]}`);
  return { command, options: values, positionals: rest };
}

async function openStore(mongodbUri: string | undefined, dataDir: string): Promise<Store> {
  try {
    return await connectStore({ mongodbUri, dataDir });
  } catch (error) {
    const message = (error as Error).message ?? '';
    const owner = /is in use by pid (\d+)/.exec(message)?.[1];
    if (owner) return openRunningEngine(dataDir, owner);
    // A MONGODB_URI may hold credentials: never echo it, only what went wrong.
    throw new CommandFailed(
      mongodbUri
        ? `could not connect to MONGODB_URI: ${message}`
        : `could not open the embedded store in ${dataDir}: ${message}`,
    );
  }
}

/** The data directory is held by a running service: its engine names its address, so go through it. */
async function openRunningEngine(dataDir: string, owner: string): Promise<Store> {
  const uri = await runningEngineUri(dataDir);
  if (uri) {
    const store = await connectStore({ mongodbUri: `${uri}${embeddedDatabaseName}`, dataDir }).catch(
      () => undefined,
    );
    if (store) return store;
  }
  throw new CommandFailed(
    `the data directory ${dataDir} is in use by another careloop process (pid ${owner}), which does not say where its store listens.`,
    ['Stop that process first, or run the command against the service’s database with MONGODB_URI.'],
  );
}

async function readPasswordOrFail(prompt: string, confirm: boolean): Promise<string> {
  try {
    const password = await readPassword(prompt, { confirm });
    if (password === '')
      throw new UsageError('no password given (use --password, a terminal, or standard input)');
    return password;
  } catch (error) {
    if (error instanceof PasswordInputError) throw new CommandFailed(`no password: ${error.message}`);
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
