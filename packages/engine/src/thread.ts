import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineOptions, RunningEngine } from './options.js';
import type { FromEngineThread, ToEngineThread } from './worker.js';

/**
 * Starts the engine on a thread of its own (worker.ts), for the service's embedded store: the engine's
 * work — matching documents, keeping indexes, encoding replies, writing the journal — then runs beside
 * the service's event loop instead of taking turns of it, so under load a request's store round trips
 * do not queue behind other requests' HTTP work, and both cores are used
 * (careloop's docs/decisions/2026-12-07-engine-on-its-own-thread.md). The engine and the service still share one
 * process: `kill -9` ends both, and the journal makes every acknowledged write survive it.
 *
 * If the thread fails after it started (an error the engine did not catch), the store is gone: the
 * error is thrown in the service's main thread, which ends the process loudly rather than serve
 * without its data; a supervisor restarts it on the journal.
 */
export async function startEngineThread(options: EngineOptions = {}): Promise<RunningEngine> {
  // The data directory's lock file holds the process's pid, which every thread shares; a second
  // engine thread of this process on the same directory is refused here, as another process is there.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined && threadsByDataDir.has(dataDir)) {
    throw new Error(`data directory ${options.dataDir} is in use by pid ${process.pid}`);
  }
  if (dataDir !== undefined) threadsByDataDir.add(dataDir);
  try {
    const engine = await startThread(options);
    const stop = engine.stop;
    return {
      ...engine,
      stop: () => stop().finally(() => dataDir !== undefined && threadsByDataDir.delete(dataDir)),
    };
  } catch (error) {
    if (dataDir !== undefined) threadsByDataDir.delete(dataDir);
    throw error;
  }
}

// The worker sits beside this module: worker.js in the build, worker.ts when run from the sources.
const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
const workerUrl = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);

/** Data directories (resolved) of this process's running engine threads. */
const threadsByDataDir = new Set<string>();

function startThread(options: EngineOptions): Promise<RunningEngine> {
  const worker = fromSources
    ? // Under tsx (a script that imports src/ rather than the build): Node 20 gives a worker no loader
      // hooks, so the worker registers tsx's own before it loads worker.ts.
      new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`,
        { eval: true, workerData: options },
      )
    : new Worker(workerUrl, { workerData: options });
  return new Promise<RunningEngine>((resolve, reject) => {
    let stopped: ((failure?: string) => void) | undefined;
    let stopping: Promise<void> | undefined;
    let started = false;
    worker.on('message', (message: FromEngineThread) => {
      if (message.kind === 'listening') {
        started = true;
        resolve({
          uri: message.uri,
          port: message.port,
          stop() {
            stopping ??= new Promise<void>((done, fail) => {
              stopped = (failure) => (failure ? fail(new Error(failure)) : done());
              worker.postMessage({ kind: 'stop' } satisfies ToEngineThread);
            });
            return stopping;
          },
        });
      } else if (message.kind === 'failed-to-start') {
        reject(Object.assign(new Error(message.message), { code: message.code }));
      } else if (message.kind === 'stopped') {
        stopped?.(message.failure);
      }
    });
    worker.on('error', (error) => {
      if (!started) return reject(error);
      // After start: the service has lost its store. Thrown where nothing catches it.
      process.nextTick(() => {
        throw new Error(`the embedded engine failed: ${error.message}`, { cause: error });
      });
    });
    worker.on('exit', (code) => {
      if (!started) reject(new Error(`the engine's thread exited (code ${code}) before it listened`));
      else if (!stopping) {
        process.nextTick(() => {
          throw new Error(`the embedded engine's thread exited unasked (code ${code})`);
        });
      }
      stopped?.();
    });
  });
}
