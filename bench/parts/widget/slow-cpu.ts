/**
 * A page load in Chromium with its CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`, the slowdown
 * Lighthouse's mobile profile assumes), loopback network: the page's long tasks (over 50 ms, from a
 * `longtask` PerformanceObserver), the frame in which the first story is on screen, and any URL the page
 * asked for twice. Optionally a Chromium trace of the load, summarised by `summariseTrace`.
 */
import type { Browser } from 'playwright-core';

/** Lighthouse's mobile profile: a mid-range phone's CPU, 4× slower than the machine running it. */
export const CPU_SLOWDOWN = 4;
/** A task this long or longer blocks input: the web's definition of a long task. */
export const LONG_TASK_MS = 50;
/** How long after the first story appears the page is watched for more long tasks (slowed time). */
const SETTLE_MS = 2_000;

export interface SlowCpuLoad {
  /** Each long task's start (from navigation) and duration, in order. */
  longTasks: { startMs: number; durationMs: number }[];
  /** From navigation start to the frame that first showed a story (the first contentful paint without one). */
  firstStoryPaintMs: number;
  /** Σ (task − 50 ms) over the long tasks: the blocking time as Lighthouse defines it. */
  blockingMs: number;
  /** Paths with their query the page fetched more than once (should be none). */
  fetchedTwice: string[];
}

/**
 * Runs in the page before anything else. `firstStory` is an expression that is truthy once a story is
 * in the DOM; it is checked once a frame (rAF callbacks run before that frame's paint) and must be
 * cheap, or it would lengthen the very tasks measured.
 */
const watchSlowPage = (firstStory: string) => `(() => {
  const state = { longTasks: [], firstStoryAt: 0, firstPaintAt: 0 };
  window.careloopSlowBench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      state.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') state.firstPaintAt = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  function look(time) {
    if (${firstStory}) state.firstStoryAt = time;
    else requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();`;

export interface SlowCpuPage {
  url: string;
  /** See `watchSlowPage`; omitted for a page with no stories (its first contentful paint is used). */
  firstStory?: string;
}

/**
 * Loads `page` at a 4× CPU slowdown (or `cpuSlowdown`: 1 shows the tasks as Lighthouse observes them
 * before scaling them); with `tracePath`, records a Chromium trace of the load there.
 */
export async function measureSlowLoad(
  browser: Browser,
  { url, firstStory }: SlowCpuPage,
  tracePath?: string,
  cpuSlowdown = CPU_SLOWDOWN,
): Promise<SlowCpuLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    const requested = new Map<string, number>();
    page.on('request', (request) => {
      const { pathname, search } = new URL(request.url());
      requested.set(pathname + search, (requested.get(pathname + search) ?? 0) + 1);
    });
    await page.addInitScript({ content: watchSlowPage(firstStory ?? 'false') });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    if (tracePath)
      await browser.startTracing(page, {
        path: tracePath,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-devtools.timeline.frame',
          'v8.execute',
          'v8',
          'blink.user_timing',
          'loading',
          'toplevel',
        ],
      });
    await page.goto(url);
    await page.waitForFunction(
      (storied) => {
        const state = (
          window as unknown as { careloopSlowBench: { firstStoryAt: number; firstPaintAt: number } }
        ).careloopSlowBench;
        return storied ? state.firstStoryAt > 0 : state.firstPaintAt > 0;
      },
      Boolean(firstStory),
      { timeout: 60_000, polling: 100 },
    );
    await page.waitForTimeout(SETTLE_MS);
    if (tracePath) await browser.stopTracing();
    const state = await page.evaluate(
      () =>
        (
          window as unknown as {
            careloopSlowBench: {
              longTasks: { startMs: number; durationMs: number }[];
              firstStoryAt: number;
              firstPaintAt: number;
            };
          }
        ).careloopSlowBench,
    );
    const longTasks = [...state.longTasks].sort((a, b) => a.startMs - b.startMs);
    return {
      longTasks,
      firstStoryPaintMs: firstStory ? state.firstStoryAt : state.firstPaintAt,
      blockingMs: longTasks.reduce((sum, task) => sum + Math.max(0, task.durationMs - LONG_TASK_MS), 0),
      fetchedTwice: [...requested].filter(([, count]) => count > 1).map(([path]) => path),
    };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike `dur`, not lengthened by other processes taking the CPU. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; frame?: string } };
}

/** One main-thread task of a trace: when, how long, and what its time went on (slowed ms). */
export interface TracedTask {
  startMs: number;
  durationMs: number;
  /** The CPU time the main thread spent on it (a busy machine lengthens `durationMs`, not this). */
  cpuMs: number;
  /** The task's largest kinds of work (script evaluation, style, layout, …), with their total ms. */
  work: { what: string; ms: number }[];
}

/** What a trace event's time is spent on, in words a reader of the bench knows. */
function workOf(event: TraceEvent): string | undefined {
  const url = event.args?.data?.url ? ` ${new URL(event.args.data.url).pathname}` : '';
  switch (event.name) {
    case 'v8.compile':
    case 'v8.compileModule':
    case 'v8.parseOnBackground':
      return `compile${url}`;
    case 'v8.evaluateModule':
    case 'EvaluateScript':
      return `evaluate${url}`;
    case 'FunctionCall':
      return `script${url}${event.args?.data?.functionName ? ` ${event.args.data.functionName}()` : ''}`;
    case 'FireAnimationFrame':
      return 'animation frame';
    case 'TimerFire':
      return 'timer';
    case 'EventDispatch':
      return 'event';
    case 'ParseHTML':
      return 'parse HTML';
    case 'ParseAuthorStyleSheet':
      return 'parse CSS';
    case 'UpdateLayoutTree':
      return 'style';
    case 'Layout':
      return 'layout';
    case 'PrePaint':
    case 'Paint':
    case 'Layerize':
    case 'UpdateLayer':
    case 'Commit':
      return 'paint';
    case 'RunMicrotasks':
    case 'V8.RunMicrotasks':
      return 'microtasks';
    default:
      return undefined;
  }
}

/**
 * The renderer main thread's tasks of at least `minimumMs` (of wall time, or of CPU time) in a Chromium trace (Chromium writes the
 * JSON), each with the named work inside it: a phase's own time, not counting a named phase inside it
 * (script that forces a layout counts the layout as layout).
 */
export function summariseTrace(
  traceJson: string,
  minimumMs = LONG_TASK_MS,
  measure: 'wall' | 'cpu' = 'wall',
): TracedTask[] {
  const { traceEvents } = JSON.parse(traceJson) as { traceEvents: TraceEvent[] };
  // The page's renderer: of the renderers' main threads (about:blank may have had one), the busiest.
  const busy = new Map<string, number>();
  for (const event of traceEvents)
    if (event.ph === 'X')
      busy.set(`${event.pid}:${event.tid}`, (busy.get(`${event.pid}:${event.tid}`) ?? 0) + 1);
  const mainThread = traceEvents
    .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
    .sort((a, b) => (busy.get(`${b.pid}:${b.tid}`) ?? 0) - (busy.get(`${a.pid}:${a.tid}`) ?? 0))[0];
  if (!mainThread) return [];
  const navigation = traceEvents.find((event) => event.name === 'navigationStart');
  const origin = navigation?.ts ?? 0;
  const onMain = traceEvents
    .filter(
      (event) =>
        event.pid === mainThread.pid && event.tid === mainThread.tid && event.ph === 'X' && event.dur,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const lengthMs = (event: TraceEvent) =>
    ((measure === 'cpu' ? (event.tdur ?? event.dur) : event.dur) ?? 0) / 1000;
  const tasks = onMain.filter((event) => event.name === 'RunTask' && lengthMs(event) >= minimumMs);
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    // Events on one thread nest: a stack of the named phases still open gives each its own time, its
    // duration less that of the named phases directly inside it.
    const totals = new Map<string, number>();
    const open: { what: string; end: number; selfUs: number }[] = [];
    const close = (until: number) => {
      while (open.length && open[open.length - 1].end <= until) {
        const done = open.pop()!;
        totals.set(done.what, (totals.get(done.what) ?? 0) + done.selfUs / 1000);
      }
    };
    for (const event of onMain) {
      if (event.ts < task.ts || event === task) continue;
      if (event.ts >= end) break;
      const what = workOf(event);
      if (!what) continue;
      close(event.ts);
      if (open.length) open[open.length - 1].selfUs -= event.dur ?? 0;
      open.push({ what, end: event.ts + (event.dur ?? 0), selfUs: event.dur ?? 0 });
    }
    close(Infinity);
    return {
      startMs: (task.ts - origin) / 1000,
      durationMs: (task.dur ?? 0) / 1000,
      cpuMs: (task.tdur ?? task.dur ?? 0) / 1000,
      work: [...totals]
        .map(([what, ms]) => ({ what, ms }))
        .filter((item) => item.ms >= 1)
        .sort((a, b) => b.ms - a.ms),
    };
  });
}
