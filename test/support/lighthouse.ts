import { launch } from 'chrome-launcher';
import lighthouse, { type Flags, type RunnerResult } from 'lighthouse';
import { CHROMIUM_PATH } from './browser.js';

/** The categories careloop promises at 100 on the demo page; performance is left out (slow and noisy). */
export const lighthouseCategories = ['accessibility', 'best-practices', 'seo'] as const;

export interface LighthouseScores {
  /** Each category's score, 0–100. */
  scores: Record<string, number>;
  /** One line per audit that costs a category points: category, id, title and the first elements it names. */
  failures: string[];
}

/** What a failing audit's details name: an element, a resource, or a console message. */
interface FailingItem {
  node?: { selector?: string };
  url?: string;
  description?: string;
}

/**
 * Runs Lighthouse once over `url` in Debian's Chromium (no browser download, nothing fetched but the
 * page), with `flags` added to careloop's defaults.
 */
async function runOnce(url: string, flags: Flags): Promise<RunnerResult['lhr']> {
  const chrome = await launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      disableFullPageScreenshot: true,
      ...flags,
    });
    if (!result) throw new Error(`Lighthouse answered nothing for ${url}`);
    if (result.lhr.runtimeError)
      throw new Error(`Lighthouse could not audit ${url}: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

/**
 * Accessibility, best practices and SEO, in Lighthouse's default mobile emulation but without
 * throttling, which only the performance score needs.
 */
export async function runLighthouse(url: string): Promise<LighthouseScores> {
  const { categories, audits } = await runOnce(url, {
    onlyCategories: [...lighthouseCategories],
    throttlingMethod: 'provided',
  });
  const scores: Record<string, number> = {};
  const failures: string[] = [];
  for (const category of Object.values(categories)) {
    scores[category.id] = Math.round((category.score ?? 0) * 100);
    for (const reference of category.auditRefs) {
      const audit = audits[reference.id];
      if (!audit || reference.weight === 0 || audit.score === null || audit.score >= 1) continue;
      const items = (audit.details as { items?: FailingItem[] } | undefined)?.items ?? [];
      const where = items.slice(0, 3).map((item) => item.node?.selector ?? item.url ?? item.description);
      failures.push(
        `${category.id}: ${audit.id} (${audit.title}) ${where.filter(Boolean).join(', ')}`.trim(),
      );
    }
  }
  return { scores, failures };
}

/** Lighthouse's performance figures for one page load on its mobile profile. */
export interface LighthousePerformance {
  /** 0–100. */
  score: number;
  totalBlockingTimeMs: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  /** Main-thread tasks over 50 ms, as Lighthouse scales them to its 4× slower CPU, with the script they belong to. */
  longTasks: { url: string; durationMs: number; startMs: number }[];
}

/**
 * The performance category as Lighthouse scores it by default: a mid-range phone, simulated slow 4G
 * and a 4× CPU slowdown (its "simulate" throttling: the page loads at full speed and Lighthouse works
 * out from the trace how it would have gone on that phone).
 */
export async function runLighthousePerformance(url: string): Promise<LighthousePerformance> {
  const { categories, audits } = await runOnce(url, { onlyCategories: ['performance'] });
  const numeric = (id: string) => audits[id]?.numericValue ?? NaN;
  const longTaskItems =
    (audits['long-tasks']?.details as { items?: { url?: string; duration: number; startTime: number }[] })
      ?.items ?? [];
  return {
    score: Math.round((categories.performance?.score ?? 0) * 100),
    totalBlockingTimeMs: numeric('total-blocking-time'),
    firstContentfulPaintMs: numeric('first-contentful-paint'),
    largestContentfulPaintMs: numeric('largest-contentful-paint'),
    longTasks: longTaskItems.map((item) => ({
      url: item.url ?? '',
      durationMs: item.duration,
      startMs: item.startTime,
    })),
  };
}
