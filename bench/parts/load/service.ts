/**
 * The measured service as it is deployed: `node dist/server/main.js` (the built entry point: config,
 * store, demo seed, mail worker, notifier, graceful shutdown) in a process of its own, its JSON log
 * lines going to a file as they would to a log collector, with probe.mjs loaded beside it for memory
 * and event-loop delay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { onExit } from '../../lib/cleanup.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entryPoint = fileURLToPath(new URL('../../../dist/server/main.js', import.meta.url));
const probe = fileURLToPath(new URL('./probe.mjs', import.meta.url));
const READY_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

export interface ServiceOptions {
  dataDir: string;
  logFile: string;
  /** Where probe.mjs writes its samples; none when undefined. */
  probeFile?: string;
  env?: Record<string, string>;
  /** Node flags before the entry point (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
}

export interface RunningService {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** Asks the probe for a full garbage collection and a sample. */
  collectGarbage(): void;
  /** SIGTERM, as a process manager stops it; resolves once it has exited (0 expected). */
  stop(): Promise<void>;
}

interface LogLine {
  msg?: string;
  port?: number;
  level?: number;
}

/** Starts the built service on a free port and waits for its "listening" log line. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const output = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      ['--expose-gc', '--import', probe, ...(options.nodeFlags ?? []), entryPoint],
      {
        cwd: repositoryRoot,
        stdio: ['ignore', output, output],
        env: {
          ...process.env,
          PORT: '0',
          CARELOOP_DATA_DIR: options.dataDir,
          LOG_LEVEL: 'info',
          MONGODB_URI: '',
          ...(options.probeFile ? { CARELOOP_BENCH_PROBE_FILE: options.probeFile } : {}),
          ...options.env,
        },
      },
    );
  } finally {
    closeSync(output);
  }
  const forget = onExit(() => child.kill('SIGKILL'));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : null);
      forget();
      resolve(exitCode);
    }),
  );

  const started = Date.now();
  let port: number | undefined;
  while (port === undefined) {
    if (exitCode !== undefined) throw new Error(`the service exited (code ${exitCode}) before it listened`);
    if (Date.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error('the service did not listen in time');
    }
    await sleep(100);
    port = listeningPort(await readFile(options.logFile, 'utf8'));
  }

  return {
    pid: child.pid!,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    collectGarbage: () => child.kill('SIGUSR2'),
    async stop() {
      if (exitCode !== undefined) throw new Error(`the service had already exited (code ${exitCode})`);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the service exited with code ${code} when stopped`);
    },
  };
}

/** The port in the last "careloop listening" line of the log (a log file may hold earlier runs). */
function listeningPort(log: string): number | undefined {
  let port: number | undefined;
  for (const line of log.split('\n')) {
    if (!line.includes('careloop listening')) continue;
    try {
      const parsed = JSON.parse(line) as LogLine;
      if (typeof parsed.port === 'number') port = parsed.port;
    } catch {
      // A partial line still being written: the next poll reads it whole.
    }
  }
  return port;
}
