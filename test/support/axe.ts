import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ElementContext, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's browser build, read once per test run. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA: what careloop promises. */
export const wcagAaTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export type ColorScheme = 'light' | 'dark';
export const colorSchemes: readonly ColorScheme[] = ['light', 'dark'];

export interface AuditOptions {
  /** What to audit (a CSS selector or axe context); the whole page by default, shadow roots included. */
  include?: ElementContext;
  /** axe rule ids to leave out, each with the reason in a comment where it is used. */
  disableRules?: string[];
}

/**
 * Runs axe-core in the page for the WCAG 2.2 A and AA rules, looking inside open shadow roots (where every
 * careloop component renders), and answers the violations. axe is evaluated through the DevTools
 * protocol, not a `<script>`, so it also runs on a page with a strict Content-Security-Policy.
 */
export async function auditAccessibility(page: Page, options: AuditOptions = {}): Promise<Result[]> {
  await animationsFinished(page);
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const runOptions: RunOptions = {
    runOnly: { type: 'tag', values: wcagAaTags },
    resultTypes: ['violations'],
    rules: Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }])),
  };
  const request = JSON.stringify({ context: options.include ?? null, options: runOptions });
  // Through a JSON string: axe's context and option types are too deep for playwright's evaluate types.
  const results: AxeResults = await page.evaluate(async (json: string) => {
    const { context, options } = JSON.parse(json) as { context: unknown; options: unknown };
    const { axe } = window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } };
    return JSON.parse(JSON.stringify(await axe.run(context ?? document, options)));
  }, request);
  return results.violations;
}

/** One line per failing element: rule, impact, what it wants, and where (shadow paths joined by ` >>> `). */
export function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map((node) => {
        const target = node.target
          .map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part)))
          .join(' ');
        const why = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
        return `[${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help} — ${target} — ${why}`;
      }),
    )
    .join('\n');
}

/** Fails, listing every violation, unless the page (or `include`) passes every WCAG 2.2 AA rule. */
export async function expectAccessible(page: Page, options: AuditOptions = {}): Promise<void> {
  const violations = await auditAccessibility(page, options);
  if (violations.length > 0) {
    throw new Error(`accessibility violations (WCAG 2.2 AA):\n${describeViolations(violations)}`);
  }
}

/**
 * Audits the page as it is now in the light and in the dark colour scheme (restoring light after): both
 * must pass, colour contrast included. Each scheme gets two frames to repaint before it is audited.
 */
export async function expectAccessibleInBothSchemes(page: Page, options: AuditOptions = {}): Promise<void> {
  const failures: string[] = [];
  for (const colorScheme of colorSchemes) {
    await page.emulateMedia({ colorScheme });
    await nextFrames(page);
    const violations = await auditAccessibility(page, options);
    if (violations.length > 0) failures.push(`${colorScheme} scheme:\n${describeViolations(violations)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (failures.length > 0) {
    throw new Error(`accessibility violations (WCAG 2.2 AA):\n${failures.join('\n')}`);
  }
}

/** Resolves after the page has painted twice, so style changes have reached the screen. */
export function nextFrames(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/**
 * Resolves once every finite animation in the page (shadow roots included) has finished: a fade-in
 * caught half way has colours that are neither its start nor its end, and would fail contrast falsely.
 */
export function animationsFinished(page: Page): Promise<void> {
  // One loop, no inner named functions: tsx would wrap those in a helper the page does not have.
  return page.evaluate(async () => {
    const scopes: Array<Document | ShadowRoot> = [document];
    const stack: Element[] = [document.documentElement];
    while (stack.length > 0) {
      const element = stack.pop()!;
      if (element.shadowRoot) {
        scopes.push(element.shadowRoot);
        stack.push(...Array.from(element.shadowRoot.children));
      }
      stack.push(...Array.from(element.children));
    }
    const running = scopes
      .flatMap((scope) => scope.getAnimations())
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
  });
}
