import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
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
 * page), in its default mobile emulation but without throttling, which only the performance score needs.
 */
export async function runLighthouse(url: string): Promise<LighthouseScores> {
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
      onlyCategories: [...lighthouseCategories],
      throttlingMethod: 'provided',
      disableFullPageScreenshot: true,
    });
    if (!result) throw new Error(`Lighthouse answered nothing for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${runtimeError.message}`);
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
  } finally {
    chrome.kill();
  }
}
