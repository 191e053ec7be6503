import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { animationsFinished, nextFrames } from './axe.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The committed baselines, one PNG per state and viewport. */
export const baselineDirectory = join(root, 'test/widget/screenshots');
/** Where a failed comparison leaves what it saw and the difference (git-ignored). */
export const artefactDirectory = join(root, 'test-artifacts/screenshots');

/**
 * How far a screenshot may stray from its baseline and still pass. pixelmatch leaves anti-aliased pixels
 * out of its count and, with `threshold` 0.1 (the YIQ colour distance under which two pixels count as the
 * same), shade noise too; of what is left, at most half a percent of the pixels and never more than
 * 250 may differ. Screenshots of a tall widget have a million pixels, so the ratio alone would let a
 * button move: moved by 2 px, the "Staff sign in" button alone changes about 630 pixels. Runs on the same
 * kind of machine differ by no pixel at all, so the margin is for fonts hinted a hair differently.
 */
export const tolerance = { threshold: 0.1, maxDifferingRatio: 0.005, maxDifferingPixels: 250 };

/** `UPDATE_SCREENSHOTS=1`: write what the browser shows as the new baselines instead of comparing. */
export const updatingBaselines = process.env.UPDATE_SCREENSHOTS === '1';

/**
 * Makes a page paint the same way on every run: no motion, no text caret, web fonts loaded. (What the
 * page shows is waited for by each test: a wait for network idle would cost half a second a shot.) Only the test's own page is changed (the caret through the CSSOM, which a strict CSP
 * allows), never the product's styles; caret-color is inherited, so it reaches into shadow roots too.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    document.documentElement.style.caretColor = 'transparent';
    await document.fonts.ready;
  });
  await animationsFinished(page);
  await nextFrames(page);
}

/**
 * Screenshots `target` and compares it with the baseline `<name>.png`. On a mismatch (or a missing
 * baseline) it throws, naming the actual and diff PNGs it wrote under test-artifacts/screenshots/.
 */
export async function expectScreenshot(target: Locator, name: string): Promise<void> {
  await settle(target.page());
  const actual = await target.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
  const baselinePath = join(baselineDirectory, `${name}.png`);
  if (updatingBaselines) {
    mkdirSync(baselineDirectory, { recursive: true });
    writeFileSync(baselinePath, actual);
    return;
  }
  const problem = existsSync(baselinePath)
    ? compare(PNG.sync.read(readFileSync(baselinePath)), PNG.sync.read(actual))
    : { message: 'there is no baseline yet', diff: undefined };
  if (!problem) return;

  mkdirSync(artefactDirectory, { recursive: true });
  const actualPath = join(artefactDirectory, `${name}.actual.png`);
  writeFileSync(actualPath, actual);
  const written = [actualPath];
  if (problem.diff) {
    const diffPath = join(artefactDirectory, `${name}.diff.png`);
    writeFileSync(diffPath, PNG.sync.write(problem.diff));
    written.push(diffPath);
  }
  throw new Error(
    `${name}: ${problem.message} (baseline ${relative(root, baselinePath)}; wrote ` +
      `${written.map((path) => relative(root, path)).join(' and ')}). If the change is meant, ` +
      'run the file again with UPDATE_SCREENSHOTS=1 and commit the new baselines.',
  );
}

/** Answers why `actual` is not `baseline` within the tolerance, or undefined when it is. */
function compare(baseline: PNG, actual: PNG): { message: string; diff?: PNG } | undefined {
  if (baseline.width !== actual.width || baseline.height !== actual.height) {
    return {
      message: `it is ${actual.width}×${actual.height} px, its baseline ${baseline.width}×${baseline.height} px`,
    };
  }
  const { width, height } = actual;
  const diff = new PNG({ width, height });
  const differing = pixelmatch(baseline.data, actual.data, diff.data, width, height, {
    threshold: tolerance.threshold,
  });
  const allowed = Math.min(
    tolerance.maxDifferingPixels,
    Math.floor(tolerance.maxDifferingRatio * width * height),
  );
  if (differing <= allowed) return undefined;
  const percent = ((differing / (width * height)) * 100).toFixed(2);
  return {
    message: `${differing} pixels (${percent}%) differ from the baseline, more than the ${allowed} allowed`,
    diff,
  };
}
