import { performance } from 'node:perf_hooks';

/** Milliseconds an async step takes. */
export async function timeMs(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return performance.now() - started;
}

/** The median of `repeat` timings of `step`, run one after another (the lower middle for an even count). */
export async function medianMs(repeat: number, step: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) times.push(await timeMs(step));
  return times.sort((a, b) => a - b)[Math.ceil(times.length / 2) - 1]!;
}

/**
 * Runs `count` operations with `concurrency` of them in flight at once (as a busy service's request
 * handlers would) and returns the elapsed milliseconds.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count) await operation(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** Operations per second, from a count and the milliseconds they took. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1_000) / elapsedMs : Infinity;
}

/**
 * The rate of a cheap in-process round (a Map baseline): a single round is too short for the clock
 * to measure well, so rounds repeat until at least `minimumMs` has passed.
 */
export async function repeatedRate(
  operationsPerRound: number,
  round: () => Promise<unknown> | unknown,
  minimumMs = 200,
): Promise<number> {
  let rounds = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    await round();
    rounds++;
    elapsed = performance.now() - started;
  } while (elapsed < minimumMs);
  return perSecond(rounds * operationsPerRound, elapsed);
}

export interface PhaseCost {
  elapsedMs: number;
  /** CPU the other process (the engine) used meanwhile. */
  otherCpuMs: number;
  /** CPU this process (mongoose and the driver, on the bench's side) used meanwhile. */
  ownCpuMs: number;
}

/**
 * Wall time of a step and the CPU each side spent on it, which says where the time went even when
 * other work on the machine slows the wall clock down.
 */
export async function phaseCost(
  readOtherCpuMs: () => Promise<number>,
  step: () => Promise<unknown>,
): Promise<PhaseCost> {
  const otherBefore = await readOtherCpuMs();
  const ownBefore = process.cpuUsage();
  const elapsedMs = await timeMs(step);
  const own = process.cpuUsage(ownBefore);
  return {
    elapsedMs,
    otherCpuMs: (await readOtherCpuMs()) - otherBefore,
    ownCpuMs: (own.user + own.system) / 1_000,
  };
}
