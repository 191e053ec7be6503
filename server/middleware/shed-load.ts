import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';
import { httpProblem } from '../http/problem.js';

/** How often the gauge looks at the event loop: a timer this often, and how late it fired. */
const sampleEveryMs = 20;
/** The gauge remembers this many samples: about a second, more when the loop runs late. */
const samplesKept = 50;
/**
 * Lag counts once this many of the kept samples show it: one long job (start-up, a big import, a slow
 * GC) is one late sample and sheds nothing; a loop that keeps running late is late at every sample.
 */
const lateSamplesNeeded = 3;

export class EventLoopLag {
  private readonly recent = new Float64Array(samplesKept);
  private next = 0;
  private expectedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Starts sampling (once; later calls do nothing). */
  start(): this {
    if (this.timer) return this;
    this.expectedAt = performance.now() + sampleEveryMs;
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
    this.timer.unref();
    return this;
  }

  /**
   * How late the loop has kept running, in milliseconds: the `lateSamplesNeeded`-th worst lateness of
   * the kept samples (the lateness building up right now counts as one). 0 before enough samples.
   */
  get lagMs(): number {
    const worst = new Array<number>(lateSamplesNeeded).fill(0);
    const consider = (late: number) => {
      if (late <= worst[lateSamplesNeeded - 1]!) return;
      worst[lateSamplesNeeded - 1] = late;
      worst.sort((a, b) => b - a);
    };
    if (this.timer) consider(Math.max(0, performance.now() - this.expectedAt));
    for (const late of this.recent) consider(late);
    return worst[lateSamplesNeeded - 1]!;
  }

  private sample(): void {
    const now = performance.now();
    this.recent[this.next] = Math.max(0, now - this.expectedAt);
    this.next = (this.next + 1) % samplesKept;
    this.expectedAt = now + sampleEveryMs;
  }
}

let processLag: EventLoopLag | undefined;

/** The process's event-loop gauge, started on first use. */
export function eventLoopLag(): EventLoopLag {
  processLag ??= new EventLoopLag().start();
  return processLag;
}

const readMethods = new Set(['GET', 'HEAD']);

export interface ShedLoadOptions {
  /** A read that would wait longer than this (event loop or read queue) gets 503; 0 never sheds. */
  thresholdMs: number;
  /**
   * Reads worked on in one turn of the event loop, or still unfinished from earlier turns; more wait
   * their turn, in order. Writes never wait here.
   */
  maxReadsInFlight: number;
  /** The event-loop gauge (tests may pass their own); the process's one by default. */
  lag?: EventLoopLag;
}

/**
 * Keeps the slow path short for the people writing. Reads (GET, HEAD) are worked on at most
 * `maxReadsInFlight` at a time and the rest wait here, in order, where waiting costs nothing; so a
 * story being told (any other method: writes never wait and are never turned away) finds the store's
 * connections and the event loop ahead of it almost empty, however many are reading.
 *
 * A read holds its slot until the turn of the event loop it ran in has ended, even when it finished
 * at once (an answer from a cache): so one turn works on at most `maxReadsInFlight` reads. Without
 * that, 300 readers of cached pages made each turn 300 answers long, and a story, which needs a turn
 * for each of its half-dozen store queries, waited seconds behind them.
 *
 * When a read would wait more than `thresholdMs` — the event loop keeps running that late (see
 * EventLoopLag), or the read has queued that long — it gets a quick `503` problem with `Retry-After`
 * rather than a slow answer. Mount it after the liveness route (`/healthz` means "up", not "quiet")
 * and after the request log (shed requests are logged).
 */
export function shedLoad(options: ShedLoadOptions): Middleware<AppState> {
  const { thresholdMs, maxReadsInFlight } = options;
  const lag = thresholdMs > 0 ? (options.lag ?? eventLoopLag()) : undefined;
  let readsInFlight = 0;
  const waiting: { queuedAt: number; admit: (admitted: boolean) => void }[] = [];

  // Slots of reads that finished this turn, given back (and queued reads let in) once it has ended:
  // a turn's check phase, after the I/O it ran, so the store's replies to a write come first.
  let finishedThisTurn = 0;
  let endOfTurnScheduled = false;
  const endOfTurn = () => {
    endOfTurnScheduled = false;
    readsInFlight -= finishedThisTurn;
    finishedThisTurn = 0;
    while (waiting.length > 0 && readsInFlight < maxReadsInFlight) {
      const next = waiting.shift()!;
      const waitedMs = performance.now() - next.queuedAt;
      if (thresholdMs > 0 && waitedMs > thresholdMs) {
        next.admit(false);
        continue;
      }
      readsInFlight += 1;
      next.admit(true);
    }
  };
  const release = () => {
    finishedThisTurn += 1;
    if (!endOfTurnScheduled) {
      endOfTurnScheduled = true;
      setImmediate(endOfTurn);
    }
  };

  return async function shedLoad(ctx, next) {
    if (!readMethods.has(ctx.method)) return next();
    if (lag && lag.lagMs > thresholdMs) throw busy(lag.lagMs);
    // Behind anyone already waiting, even when a slot has just freed: first come, first served.
    if (readsInFlight >= maxReadsInFlight || waiting.length > 0) {
      const queuedAt = performance.now();
      const admitted = await new Promise<boolean>((admit) => waiting.push({ queuedAt, admit }));
      if (!admitted) throw busy(performance.now() - queuedAt);
    } else {
      readsInFlight += 1;
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}

/** 503 with a Retry-After long enough for the backlog to clear: a second, more the further behind. */
function busy(behindMs: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil((2 * behindMs) / 1_000));
  return httpProblem(503, {
    detail: 'The service is very busy just now. Please try again in a moment.',
    headers: { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' },
  });
}
