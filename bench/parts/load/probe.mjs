/**
 * Loaded into the measured service with `node --expose-gc --import <this file> dist/server/main.js`: the
 * bench's eyes inside the process, without changing careloop's code. Every 250 ms it appends one JSON
 * line to CARELOOP_BENCH_PROBE_FILE: the time, resident and heap memory, and the event-loop delay seen
 * since the previous line (perf_hooks.monitorEventLoopDelay: how late a 10 ms timer fired, i.e. how long
 * a request arriving then would have waited before any of its code ran). On SIGUSR2 it runs a full
 * garbage collection (when --expose-gc is given) and writes a line at once.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.CARELOOP_BENCH_PROBE_FILE;
const intervalMs = 250;
const nanosecondsPerMs = 1e6;

if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const writeSample = (event) => {
    const memory = process.memoryUsage();
    const sample = {
      at: Date.now(),
      event,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      // Which of V8's spaces holds the committed heap (only on a GC line: a leak or a space kept grown).
      spaces:
        event === 'gc'
          ? Object.fromEntries(
              getHeapSpaceStatistics().map((space) => [
                space.space_name,
                { used: space.space_used_size, committed: space.physical_space_size },
              ]),
            )
          : undefined,
      loopDelayMs:
        delay.count > 0
          ? {
              p50: delay.percentile(50) / nanosecondsPerMs,
              p99: delay.percentile(99) / nanosecondsPerMs,
              max: delay.max / nanosecondsPerMs,
            }
          : null,
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(sample)}\n`);
  };
  setInterval(() => writeSample('tick'), intervalMs).unref();
  process.on('SIGUSR2', () => {
    if (typeof globalThis.gc === 'function') globalThis.gc();
    writeSample('gc');
  });
}
