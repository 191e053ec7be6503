/**
 * The widget in headless Chromium, on the demo board page served by the real service (embedded store,
 * 20 published stories): the time from the stories API answering (its `responseEnd`) to the frame in
 * which all 20 stories are on screen, and the layout shift of the host page while the widget loads
 * (target: 0). Beside it, in the same run and browser, a baseline: a plain page with no framework that
 * fetches the same 20 stories from the same API and renders them with `textContent`.
 *
 * Then Lighthouse's performance audit of the same page on its mobile profile (simulated slow 4G and a
 * 4× slower CPU): score, total blocking time, and the long tasks (over 50 ms) in the widget's scripts.
 * Targets: score ≥ 98, blocking time ≤ 100 ms, no long task of the widget's.
 *
 * Then the same page in Chromium with its CPU slowed 4× (Lighthouse's slowdown, but real rather than
 * simulated): the longest main-thread task, how many are over 50 ms, their blocking time and the frame
 * that first shows a story, beside the demo page without the widget (the host page's own tasks) and the
 * plain page (its first story), and any request the widget page made twice (target: none). Last, each
 * task's CPU time × 4 from unthrottled traces: Lighthouse's scaling, without a busy machine's wall time.
 *
 * Flags: `--quick` (3 runs instead of 15, one Lighthouse run instead of 3), `--runs 15`, `--lighthouse 0`
 * (how many Lighthouse runs; 0 skips it), `--trace <file>` (one more load of the widget at 4× recorded
 * as a Chromium trace, for DevTools' Performance panel, its tasks over 50 ms printed with what they did).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { runLighthousePerformance, type LighthousePerformance } from '../../test/support/lighthouse.js';
import { loadScotlandServices, publishedStory } from '../../test/support/stories.js';
import { formatMs, formatRatio, formatTable } from '../lib/format.js';
import type { BenchOptions, BenchPart } from '../lib/part.js';
import {
  CPU_SLOWDOWN,
  LONG_TASK_MS,
  measureSlowLoad,
  summariseTrace,
  type SlowCpuLoad,
  type SlowCpuPage,
} from './widget/slow-cpu.js';

const STORIES = 20;
const RUNS = 15;
const QUICK_RUNS = 3;
/** How long after the last story appears the page is watched for late shifts. */
const SETTLE_MS = 500;
const WIDGET_ENTRY = fileURLToPath(new URL('../../dist/widget/careloop.js', import.meta.url));
const DEMO_PAGE = fileURLToPath(new URL('../../examples/index.html', import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const titleOf = (index: number) => `Bench story ${String(index + 1).padStart(2, '0')}`;

/** What one page load measured. */
interface LoadFigures {
  /** From the stories API's responseEnd to the frame that showed the last of the 20. */
  answerToPaintMs: number;
  /** From navigation start to that frame. */
  navigationToPaintMs: number;
  /** From navigation start to the frame that showed the first story. */
  navigationToFirstPaintMs: number;
  /** Cumulative layout shift of the page (shifts without recent input) until it settled. */
  layoutShift: number;
  /** The elements that moved, for finding the cause (`host >>> element` inside a shadow root). */
  movers: string[];
}

interface Summary {
  runs: number;
  answerToPaintMs: { median: number; p90: number };
  navigationToPaintMs: { median: number };
  navigationToFirstPaintMs: { median: number };
  layoutShift: { max: number };
}

/**
 * The plain baseline page: one module (served beside it, so no inline script) that fetches the stories
 * and appends one article per story, as a hand-written page with no framework would.
 */
const baselinePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>baseline</title>
<link rel="stylesheet" href="/board.css"><script type="module" src="/bench-baseline.js"></script></head>
<body><main class="container page"><div class="page__content"><h1>Baseline</h1>
<section id="stories" aria-label="Stories"></section><h2>What happens next</h2><p>Below the list.</p></div></main></body></html>`;

const baselineScript = `
const list = document.getElementById('stories');
const response = await fetch('/api/v1/stories?service=nhs-highland&limit=${STORIES}');
const page = await response.json();
for (const story of page.items) {
  const article = document.createElement('article');
  const title = document.createElement('h3');
  title.textContent = story.title;
  const excerpt = document.createElement('p');
  excerpt.textContent = story.body.slice(0, 200);
  const meta = document.createElement('p');
  meta.textContent = story.nickname + ' · ' + new Date(story.publishedAt).toLocaleDateString('en-GB');
  article.append(title, excerpt, meta);
  list.append(article);
}
`;

/**
 * Runs in the page before anything else: records layout shifts, and from the first frame on looks,
 * once a frame (in every open shadow root too), for the 20 titles; the rAF timestamp of the frame that
 * first holds them all is the paint time. Plain source, not a function: tsx would wrap a function's
 * inner helpers in a `__name` call the page does not have.
 */
const watchPage = (titles: string[]) => `(() => {
  const titles = ${JSON.stringify(titles)};
  const state = { shifts: 0, paintedAt: 0, firstPaintedAt: 0, movers: [] };
  window.careloopBench = state;
  function describe(node) {
    if (!node || node.nodeType !== Node.ELEMENT_NODE) return node ? node.nodeName : '?';
    const root = node.getRootNode();
    const where = root instanceof ShadowRoot ? root.host.localName + ' >>> ' : '';
    return where + node.localName + (node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\\s+/).join('.') : '');
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      state.shifts += entry.value;
      for (const source of entry.sources || []) state.movers.push(describe(source.node));
    }
  }).observe({ type: 'layout-shift', buffered: true });
  function shownText(node) {
    let all = '';
    (function walk(current) {
      if (current.nodeType === Node.TEXT_NODE) all += current.textContent + '\\n';
      if (current.shadowRoot) walk(current.shadowRoot);
      for (const child of current.childNodes) walk(child);
    })(node);
    return all;
  }
  function look(time) {
    if (document.body) {
      const shown = shownText(document.body);
      if (!state.firstPaintedAt && titles.some((title) => shown.includes(title))) state.firstPaintedAt = time;
      if (titles.every((title) => shown.includes(title))) {
        state.paintedAt = time;
        return;
      }
    }
    requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();`;

async function measureLoad(browser: Browser, url: string): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page: Page = await context.newPage();
  try {
    await page.addInitScript({ content: watchPage(Array.from({ length: STORIES }, (_, i) => titleOf(i))) });
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { careloopBench: { paintedAt: number } }).careloopBench.paintedAt > 0,
      undefined,
      { timeout: 30_000, polling: 50 },
    );
    await page.waitForTimeout(SETTLE_MS);
    return await page.evaluate(() => {
      const state = (
        window as unknown as {
          careloopBench: { shifts: number; paintedAt: number; firstPaintedAt: number; movers: string[] };
        }
      ).careloopBench;
      const answers = performance
        .getEntriesByType('resource')
        .filter((entry) => /\/api\/v1\/stories(\?|$)/.test(entry.name)) as PerformanceResourceTiming[];
      const answered = answers.find((entry) => entry.responseEnd <= state.paintedAt) ?? answers[0];
      if (!answered) throw new Error('the page never asked for the stories');
      return {
        answerToPaintMs: state.paintedAt - answered.responseEnd,
        navigationToPaintMs: state.paintedAt,
        navigationToFirstPaintMs: state.firstPaintedAt,
        layoutShift: state.shifts,
        movers: [...new Set(state.movers)],
      };
    });
  } finally {
    await context.close();
  }
}

function summarise(loads: LoadFigures[]): Summary {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const at = (values: number[], fraction: number) =>
    sorted(values)[Math.min(values.length - 1, Math.floor(fraction * values.length))] ?? NaN;
  const answer = loads.map((load) => load.answerToPaintMs);
  return {
    runs: loads.length,
    answerToPaintMs: { median: at(answer, 0.5), p90: at(answer, 0.9) },
    navigationToPaintMs: {
      median: at(
        loads.map((load) => load.navigationToPaintMs),
        0.5,
      ),
    },
    navigationToFirstPaintMs: {
      median: at(
        loads.map((load) => load.navigationToFirstPaintMs),
        0.5,
      ),
    },
    layoutShift: { max: Math.max(...loads.map((load) => load.layoutShift)) },
  };
}

async function seed(app: TestApp): Promise<void> {
  await loadScotlandServices(app);
  const now = Date.now();
  for (let i = 0; i < STORIES; i++) {
    await publishedStory(
      app,
      {
        title: titleOf(i),
        body: `Story ${i + 1} of the widget benchmark: the ward was busy, the staff kind, and the wait long enough to notice. `.repeat(
          3,
        ),
        nickname: `Reader ${i + 1}`,
        services: ['raigmore-hospital'],
        tags: { good: ['kindness'], improve: ['waiting times'], feelings: ['reassured'] },
      },
      new Date(now - (i + 1) * 3_600_000),
    );
  }
}

/** The widget's own long tasks: those Lighthouse attributes to a script the service serves under /widget/. */
function widgetLongTasks(audit: LighthousePerformance) {
  return audit.longTasks.filter((task) => task.url.includes('/widget/'));
}

function printLighthouse(audits: LighthousePerformance[]): void {
  console.log(`\nLighthouse, mobile profile (slow 4G, 4× slower CPU), ${audits.length} run(s)\n`);
  console.log(
    formatTable(
      [
        'run',
        'score',
        'blocking time',
        'first paint',
        'largest paint',
        'widget long tasks (ms)',
        'other long tasks',
      ],
      audits.map((audit, index) => [
        String(index + 1),
        String(audit.score),
        formatMs(audit.totalBlockingTimeMs),
        formatMs(audit.firstContentfulPaintMs),
        formatMs(audit.largestContentfulPaintMs),
        widgetLongTasks(audit)
          .map((task) => Math.round(task.durationMs))
          .join(', ') || 'none',
        String(audit.longTasks.length - widgetLongTasks(audit).length),
      ]),
    ),
  );
  const worst = (pick: (audit: LighthousePerformance) => number) => Math.max(...audits.map(pick));
  const lowestScore = Math.min(...audits.map((audit) => audit.score));
  const longestWidgetTask = worst((audit) =>
    Math.max(0, ...widgetLongTasks(audit).map((task) => task.durationMs)),
  );
  console.log(
    `\ntargets: score ≥ 98 (${lowestScore >= 98 ? 'met' : 'MISSED'}: lowest ${lowestScore}), blocking time ≤ 100 ms ` +
      `(${worst((audit) => audit.totalBlockingTimeMs) <= 100 ? 'met' : 'MISSED'}: worst ${formatMs(worst((audit) => audit.totalBlockingTimeMs))}), ` +
      `no widget task over 50 ms (${longestWidgetTask === 0 ? 'met' : `MISSED: longest ${formatMs(longestWidgetTask)}`})`,
  );
}

/** The demo board page as it is, with the widget's script and elements taken out: the host page alone. */
function withoutWidget(page: string): string {
  return page
    .replace(/<script type="module" src="\/widget\/careloop.js"><\/script>/, '')
    .replace(/<careloop-(stories|badge)\b[^>]*><\/careloop-\1>/g, '');
}

interface SlowSummary {
  runs: number;
  longestTaskMs: { median: number; max: number };
  longTasks: { median: number; max: number };
  blockingMs: { median: number; max: number };
  firstStoryPaintMs: { median: number; p90: number };
  fetchedTwice: string[];
}

function summariseSlow(loads: SlowCpuLoad[]): SlowSummary {
  const at = (values: number[], fraction: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(fraction * values.length))] ??
    NaN;
  const longest = loads.map((load) => Math.max(0, ...load.longTasks.map((task) => task.durationMs)));
  const counts = loads.map((load) => load.longTasks.length);
  const blocking = loads.map((load) => load.blockingMs);
  const painted = loads.map((load) => load.firstStoryPaintMs);
  return {
    runs: loads.length,
    longestTaskMs: { median: at(longest, 0.5), max: Math.max(...longest) },
    longTasks: { median: at(counts, 0.5), max: Math.max(...counts) },
    blockingMs: { median: at(blocking, 0.5), max: Math.max(...blocking) },
    firstStoryPaintMs: { median: at(painted, 0.5), p90: at(painted, 0.9) },
    fetchedTwice: [...new Set(loads.flatMap((load) => load.fetchedTwice))],
  };
}

/** The pages measured at a 4× slower CPU, and how each tells that its first story is there. */
function slowPages(pages: { widget: string; host: string; baseline: string }) {
  return {
    widget: {
      url: pages.widget,
      firstStory: `document.querySelector('careloop-stories')?.shadowRoot?.querySelector('article')`,
    },
    host: { url: pages.host },
    baseline: { url: pages.baseline, firstStory: `document.querySelector('#stories article')` },
  } satisfies Record<string, SlowCpuPage>;
}

async function measureSlowCpu(
  browser: Browser,
  pages: ReturnType<typeof slowPages>,
  runs: number,
  tracePath?: string,
) {
  const loads: Record<keyof typeof pages, SlowCpuLoad[]> = { widget: [], host: [], baseline: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of ['widget', 'host', 'baseline'] as const)
      loads[name].push(await measureSlowLoad(browser, pages[name]));
  }
  const widget = summariseSlow(loads.widget);
  const host = summariseSlow(loads.host);
  const baseline = summariseSlow(loads.baseline);
  console.log(
    `\nChromium with a ${CPU_SLOWDOWN}× slower CPU (CDP throttling, real rather than simulated), loopback, ${runs} loads each\n`,
  );
  const orNone = (ms: number) => (ms === 0 ? 'none' : formatMs(ms));
  console.log(
    formatTable(
      [
        'page',
        'longest task (median)',
        'max',
        `tasks > ${LONG_TASK_MS} ms (median)`,
        'max',
        'blocking time (median)',
        'first story painted (median)',
        'p90',
      ],
      [
        ['careloop widget', widget] as const,
        ['the same page without the widget', host] as const,
        ['plain page, no framework', baseline] as const,
      ].map(([label, summary]) => [
        label,
        orNone(summary.longestTaskMs.median),
        orNone(summary.longestTaskMs.max),
        String(summary.longTasks.median),
        String(summary.longTasks.max),
        formatMs(summary.blockingMs.median),
        summary === host ? '–' : formatMs(summary.firstStoryPaintMs.median),
        summary === host ? '–' : formatMs(summary.firstStoryPaintMs.p90),
      ]),
    ),
  );
  const ratios = {
    longestTaskVsHostPage: widget.longestTaskMs.median / Math.max(host.longestTaskMs.median, LONG_TASK_MS),
    firstStoryVsPlainPage: widget.firstStoryPaintMs.median / baseline.firstStoryPaintMs.median,
  };
  console.log(
    `\nwidget page ÷ the page without it, longest task (a task under ${LONG_TASK_MS} ms counts as ${LONG_TASK_MS}): ` +
      `${formatRatio(ratios.longestTaskVsHostPage)}\n` +
      `widget ÷ plain page, navigation → first story painted: ${formatRatio(ratios.firstStoryVsPlainPage)}`,
  );
  const withLongTask = loads.widget.filter((load) => load.longTasks.length > 0).length;
  console.log(
    `targets: no task over ${LONG_TASK_MS} ms on the widget page ` +
      (withLongTask === 0
        ? '(met)'
        : `(MISSED in ${withLongTask} of ${runs} loads: longest ${formatMs(widget.longestTaskMs.max)})`) +
      `, no request made twice (${widget.fetchedTwice.length === 0 ? 'met' : `MISSED: ${widget.fetchedTwice.join(', ')}`})`,
  );

  const scaled = await measureScaledCpu(browser, pages, runs);

  let traced;
  if (tracePath) {
    await measureSlowLoad(browser, pages.widget, tracePath);
    traced = summariseTrace(readFileSync(tracePath, 'utf8'), LONG_TASK_MS / 2);
    console.log(
      `\ntrace of one more widget load at ${CPU_SLOWDOWN}× in ${tracePath}; its main-thread tasks over ${LONG_TASK_MS / 2} ms:\n`,
    );
    console.log(
      formatTable(
        ['starts at', 'task', 'of it on the CPU', 'what it did (own time, ms)'],
        traced.map((task) => [
          formatMs(task.startMs),
          formatMs(task.durationMs),
          formatMs(task.cpuMs),
          task.work.map((work) => `${work.what} ${Math.round(work.ms)}`).join(', '),
        ]),
      ),
    );
  }
  return { cpuSlowdown: CPU_SLOWDOWN, runs, widget, host, baseline, ratios, loads, scaled, traced };
}

/**
 * Lighthouse's way (a task's time on this machine × 4), but from each task's CPU time in a trace of an
 * unthrottled load rather than its wall time, which other processes on a busy machine lengthen: the
 * longest task and the tasks reaching 50 ms, on the widget page and on the page without it.
 */
async function measureScaledCpu(browser: Browser, pages: ReturnType<typeof slowPages>, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'careloop-bench-trace-'));
  const scaled = { widget: [] as number[][], host: [] as number[][] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const name of ['widget', 'host'] as const) {
        const path = join(dir, `${name}-${run}.json`);
        await measureSlowLoad(browser, pages[name], path, 1);
        const tasks = summariseTrace(readFileSync(path, 'utf8'), LONG_TASK_MS / CPU_SLOWDOWN / 4, 'cpu');
        scaled[name].push(tasks.map((task) => task.cpuMs * CPU_SLOWDOWN));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const summary = (loads: number[][]) => {
    const longest = loads.map((tasks) => Math.max(0, ...tasks));
    const counts = loads.map((tasks) => tasks.filter((ms) => ms >= LONG_TASK_MS).length);
    return {
      longestMs: { median: median(longest), max: Math.max(...longest) },
      longTasks: { median: median(counts), max: Math.max(...counts) },
    };
  };
  const widget = summary(scaled.widget);
  const host = summary(scaled.host);
  console.log(
    `\nunthrottled, each main-thread task's CPU time × ${CPU_SLOWDOWN} (Lighthouse's scaling, but of CPU time, ` +
      `which a busy machine does not lengthen), ${runs} loads each\n`,
  );
  console.log(
    formatTable(
      ['page', 'longest task (median)', 'max', `tasks ≥ ${LONG_TASK_MS} ms (median)`, 'max'],
      [['careloop widget', widget] as const, ['the same page without the widget', host] as const].map(
        ([label, figures]) => [
          label,
          formatMs(figures.longestMs.median),
          formatMs(figures.longestMs.max),
          String(figures.longTasks.median),
          String(figures.longTasks.max),
        ],
      ),
    ),
  );
  return { widget, host, loads: scaled };
}

const widgetPart: BenchPart = {
  name: 'widget',
  description:
    'headless Chromium: API answer → 20 stories painted, and host-page layout shift, vs a plain page',
  async run(options: BenchOptions) {
    if (!existsSync(WIDGET_ENTRY))
      throw new Error('dist/widget/careloop.js is missing: run `npm run build:widget`');
    const runs = Number(options.flags.get('runs') ?? (options.quick ? QUICK_RUNS : RUNS));
    if (!(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs must be a positive whole number`);
    const lighthouseRuns = Number(options.flags.get('lighthouse') ?? (options.quick ? 1 : 3));
    if (!(Number.isInteger(lighthouseRuns) && lighthouseRuns >= 0))
      throw new Error(`--lighthouse must be a whole number`);

    const app = await startTestApp({
      config: { submissionsPerHour: 1000 },
      extend: (koa) =>
        koa.use(async (ctx, next) => {
          if (ctx.path === '/bench-widget.html') {
            // The demo board page as it is, asking for a page of 20 stories.
            ctx.type = 'text/html; charset=utf-8';
            ctx.body = readFileSync(DEMO_PAGE, 'utf8').replace(
              '<careloop-stories service="nhs-highland">',
              `<careloop-stories service="nhs-highland" page-size="${STORIES}">`,
            );
          } else if (ctx.path === '/bench-host.html') {
            ctx.type = 'text/html; charset=utf-8';
            ctx.body = withoutWidget(readFileSync(DEMO_PAGE, 'utf8'));
          } else if (ctx.path === '/bench-baseline.html') {
            ctx.type = 'text/html; charset=utf-8';
            ctx.body = baselinePage;
          } else if (ctx.path === '/bench-baseline.js') {
            ctx.type = 'text/javascript; charset=utf-8';
            ctx.body = baselineScript;
          } else await next();
        }),
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      await seed(app);
      const pages = {
        widget: `${app.baseUrl}/bench-widget.html`,
        baseline: `${app.baseUrl}/bench-baseline.html`,
        host: `${app.baseUrl}/bench-host.html`,
      };
      // One unmeasured load of each warms the service and the browser's code caches alike.
      await measureLoad(browser, pages.widget);
      await measureLoad(browser, pages.baseline);
      const loads: Record<'widget' | 'baseline', LoadFigures[]> = { widget: [], baseline: [] };
      for (let run = 0; run < runs; run++) {
        // Alternate, so drift in the machine's load touches both alike.
        loads.widget.push(await measureLoad(browser, pages.widget));
        loads.baseline.push(await measureLoad(browser, pages.baseline));
      }
      const widget = summarise(loads.widget);
      const baseline = summarise(loads.baseline);

      console.log(`\nwidget · ${STORIES} stories, ${runs} loads each, headless Chromium\n`);
      console.log(
        formatTable(
          [
            'page',
            'answer → painted (median)',
            'p90',
            'navigation → first story',
            'navigation → all painted',
            'layout shift (max)',
          ],
          [
            ['careloop widget', widget, 'careloop'] as const,
            ['plain page, no framework', baseline, 'plain'] as const,
          ].map(([label, summary]) => [
            label,
            formatMs(summary.answerToPaintMs.median),
            formatMs(summary.answerToPaintMs.p90),
            formatMs(summary.navigationToFirstPaintMs.median),
            formatMs(summary.navigationToPaintMs.median),
            summary.layoutShift.max.toFixed(4),
          ]),
        ),
      );
      const ratio = widget.answerToPaintMs.median / baseline.answerToPaintMs.median;
      console.log(`\nwidget ÷ plain page, answer → painted: ${formatRatio(ratio)}`);
      console.log(
        `host-page layout shift while the widget loads: ${widget.layoutShift.max.toFixed(4)} ` +
          (widget.layoutShift.max === 0 ? '(target 0: met)' : '(target 0: NOT MET)'),
      );
      const movers = [...new Set(loads.widget.flatMap((load) => load.movers))];
      if (movers.length > 0) console.log(`elements that moved: ${movers.join(', ')}`);

      const trace = options.flags.get('trace');
      const slowCpu = await measureSlowCpu(browser, slowPages(pages), runs, trace && resolve(trace));

      const audits: LighthousePerformance[] = [];
      for (let run = 0; run < lighthouseRuns; run++)
        audits.push(await runLighthousePerformance(pages.widget));
      if (audits.length) printLighthouse(audits);
      return {
        stories: STORIES,
        runs,
        widget,
        baseline,
        ratio,
        loads,
        slowCpu,
        lighthouse: audits,
        ratios: {
          answerToPaintVsPlainPage: { value: ratio, better: 'lower' },
          longestTaskAt4xVsHostPage: { value: slowCpu.ratios.longestTaskVsHostPage, better: 'lower' },
          firstStoryAt4xVsPlainPage: { value: slowCpu.ratios.firstStoryVsPlainPage, better: 'lower' },
        },
      };
    } finally {
      await browser.close();
      await app.close();
    }
  },
};

export default widgetPart;
