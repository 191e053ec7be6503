/**
 * The engine in a process of its own, so the bench can read its resident memory and time its start-up
 * from outside:
 *
 *   node --import tsx bench/lib/engine-process.ts <dataDir>
 *
 * Prints one JSON line once it listens: `{"port":…,"engineStartMs":…}` (engineStartMs: how long
 * `startEngine` took, i.e. recovery of the data dir). Stops cleanly, journal flushed, when its stdin
 * closes (so it cannot outlive the bench) or on SIGTERM/SIGINT.
 */
import { performance } from 'node:perf_hooks';
import { startEngine } from '@careloop/engine';
import { stopWhenAsked } from './stop-when-asked.js';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node --import tsx bench/lib/engine-process.ts <dataDir>');
  process.exit(2);
}

const started = performance.now();
const engine = await startEngine({ dataDir });
const engineStartMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ port: engine.port, engineStartMs })}\n`);

stopWhenAsked('engine-process', () => engine.stop());
