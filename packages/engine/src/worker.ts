/**
 * The engine's thread (see thread.ts): starts the engine with the options it was given, says where it
 * listens, and stops it (journal flushed, data directory released) when asked, then lets the thread end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEngine } from './engine.js';
import type { EngineOptions } from './options.js';

/** What the engine's thread tells the thread that started it. */
export type FromEngineThread =
  | { kind: 'listening'; uri: string; port: number }
  | { kind: 'failed-to-start'; message: string; code?: string }
  | { kind: 'stopped'; failure?: string };

/** What the engine's thread is told. */
export type ToEngineThread = { kind: 'stop' };

const port = parentPort;
if (!port) throw new Error("the engine's worker.ts runs as a worker thread (startEngineThread)");

try {
  const engine = await startEngine(workerData as EngineOptions);
  port.on('message', (message: ToEngineThread) => {
    if (message.kind !== 'stop') return;
    const stopped = (error?: unknown) => {
      const failure = error === undefined ? undefined : (error as Error).message;
      port.postMessage({ kind: 'stopped', failure } satisfies FromEngineThread);
      port.close();
    };
    engine.stop().then(() => stopped(), stopped);
  });
  port.postMessage({ kind: 'listening', uri: engine.uri, port: engine.port } satisfies FromEngineThread);
} catch (error) {
  const { message, code } = error as Error & { code?: unknown };
  port.postMessage({
    kind: 'failed-to-start',
    message,
    code: typeof code === 'string' ? code : undefined,
  } satisfies FromEngineThread);
  port.close();
}
