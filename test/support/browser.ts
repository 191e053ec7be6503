import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';

/** Debian's Chromium; playwright's own browser downloads are not available where careloop is built. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How long a locator waits for what a test expects: long enough for a loaded 2-core machine. */
const LOCATOR_TIMEOUT_MS = 10_000;

/**
 * Real headless Chromium for browser tests. The flags keep it quiet and offline apart from the pages a
 * test opens (no updates, sync or background fetches).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the page reported: an uncaught exception or a console error (a failed load is one too). */
interface PageError {
  text: string;
  /** A load the browser reported as failed: its HTTP status or net error, and its URL. */
  failedLoad?: { status: string; url: string };
}

export interface BrowserPageOptions {
  /** The app to serve the pages: started for this file with these options (default: a plain test app). */
  app?: TestAppOptions;
  /** Options of every test's browser context (viewport, locale, downloads...). */
  context?: BrowserContextOptions;
  /** Runs on every new context before its page opens, e.g. to fix the browser's clock. */
  prepareContext?: (context: BrowserContext) => Promise<void>;
  /**
   * 'test' (default): a fresh context and page for every test. 'file': one page for the whole file, for a
   * journey whose steps are consecutive tests; its errors are still checked after each test.
   */
  pagePer?: 'test' | 'file';
}

export interface BrowserPage {
  readonly app: TestApp;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * This test makes the page fail a load on purpose (a 4xx the widget must handle, a refused connection):
   * the browser reports each failed load as a console error, and those with this status (a number, or
   * Chromium's net error such as 'ERR_CONNECTION_REFUSED') on a URL whose path starts with `path` do not
   * fail the test. Every other error still does.
   */
  allowFailedLoad(status: number | `ERR_${string}`, path?: string): void;
  /** This test expects the page to report errors matching `pattern` (matched against `console.error: <text>`). */
  allowPageErrors(pattern: RegExp): void;
  /** Closes this test's context and opens a new one (a first visit again, with no storage or cookies). */
  freshContext(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * The browser set-up every widget test file shares, as mocha hooks of the describe it is called in:
 * starts the app and Chromium once for the file, gives each test a fresh context and page, and fails a
 * test after it if the page threw or logged a console error the test did not allow. Call it first in
 * the describe, so that the file's own hooks find the app and the page ready.
 */
export function useBrowserPage(options: BrowserPageOptions = {}): BrowserPage {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let errors: PageError[] = [];
  let allowed: Array<(error: PageError) => boolean> = [];

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useBrowserPage: no ${name} outside the tests and their hooks`);
    return value;
  };

  async function openContext(contextOptions = options.context): Promise<Page> {
    context = await ready(browser, 'browser').newContext(contextOptions);
    await options.prepareContext?.(context);
    page = await context.newPage();
    page.setDefaultTimeout(LOCATOR_TIMEOUT_MS);
    page.on('pageerror', (error) => errors.push({ text: `uncaught ${error.name}: ${error.message}` }));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      const text = `console.error: ${message.text()}`;
      const failedLoad =
        /^Failed to load resource: (?:the server responded with a status of (\d+)|net::(ERR_\w+))/.exec(
          message.text(),
        );
      errors.push({
        text: url ? `${text} (${url}:${lineNumber})` : text,
        failedLoad: failedLoad ? { status: failedLoad[1] ?? failedLoad[2], url } : undefined,
      });
    });
    return page;
  }

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(options.app), launchBrowser()]);
    if (options.pagePer === 'file') await openContext();
  });

  after(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  beforeEach(async () => {
    errors = [];
    allowed = [];
    if (options.pagePer !== 'file') await openContext();
  });

  afterEach(async function () {
    if (options.pagePer !== 'file') await context?.close();
    const unexpected = errors.filter((error) => !allowed.some((allows) => allows(error)));
    if (unexpected.length === 0) return;
    const failure = new Error(`errors in the page:\n  ${unexpected.map((error) => error.text).join('\n  ')}`);
    // Failing the test itself, not this hook: a failed afterEach would skip the file's remaining tests.
    if (this.currentTest?.state === 'failed') process.stderr.write(`    ${failure.message}\n`);
    else (this.test as Mocha.Hook).error(failure);
  });

  return {
    get app() {
      return ready(app, 'app');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get context() {
      return ready(context, 'context');
    },
    get page() {
      return ready(page, 'page');
    },
    allowFailedLoad(status, path = '/') {
      allowed.push(
        ({ failedLoad }) =>
          failedLoad?.status === String(status) && new URL(failedLoad.url).pathname.startsWith(path),
      );
    },
    allowPageErrors(pattern) {
      allowed.push(({ text }) => pattern.test(text));
    },
    async freshContext(contextOptions) {
      await context?.close();
      return openContext(contextOptions);
    },
  };
}
