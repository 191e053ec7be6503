import { createServer, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<careloop-stories> on the demo board page', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });

  after(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
  });

  afterEach(async () => {
    await context.close();
  });

  /**
   * Serves the service's own demo page at another path on the same origin, edited the way a board might
   * edit its copy, so the page, widget and service are all the real ones.
   */
  async function openDemoPageVariant(edit: (html: string) => string): Promise<void> {
    const variantUrl = `${app.baseUrl}/variant.html`;
    await page.route(variantUrl, async (route) => {
      const response = await route.fetch({ url: `${app.baseUrl}/` });
      const original = await response.text();
      const edited = edit(original);
      expect(edited, 'the edit changed the demo page').not.to.equal(original);
      await route.fulfill({ response, body: edited });
    });
    await page.goto(variantUrl);
  }

  const widget = () => page.locator('careloop-stories');
  const statusLine = () => widget().getByRole('status');

  it('shows "Connected to careloop" when the service is up', async () => {
    await page.goto(`${app.baseUrl}/`);
    await widget().getByText('Connected to careloop').waitFor();
    expect(pageErrors).to.deep.equal([]);
  });

  it('announces its status in a polite live region', async () => {
    await page.goto(`${app.baseUrl}/`);
    await widget().getByText('Connected to careloop').waitFor();
    expect(await statusLine().getAttribute('aria-live')).to.equal('polite');
    expect(await statusLine().textContent()).to.contain('Connected to careloop');
  });

  it('keeps working when the page loads the widget script twice', async () => {
    const widgetScripts: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/widget/careloop.js') widgetScripts.push(response.url());
    });
    await openDemoPageVariant((html) =>
      html.replace(
        '<script type="module" src="/widget/careloop.js"></script>',
        '<script type="module" src="/widget/careloop.js?copy=1"></script>\n' +
          '<script type="module" src="/widget/careloop.js?copy=2"></script>',
      ),
    );
    await widget().getByText('Connected to careloop').waitFor();
    await page.waitForLoadState('load');
    expect(widgetScripts, 'both copies of the script were loaded').to.have.lengthOf(2);
    expect(pageErrors).to.deep.equal([]);
  });

  it('says careloop is unavailable and offers Retry when the service cannot be reached, leaving the page intact', async () => {
    const port = await closedPort();
    await openDemoPageVariant((html) =>
      html.replace(
        '<careloop-stories service="nhs-highland">',
        `<careloop-stories service="nhs-highland" api="http://127.0.0.1:${port}">`,
      ),
    );
    await widget().getByText('careloop is unavailable right now').waitFor();
    expect(await widget().getByRole('button', { name: 'Retry' }).isVisible()).to.equal(true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Tell us about your care');
    expect(await page.getByRole('heading', { name: 'What happens next' }).isVisible()).to.equal(true);
    expect(await page.getByRole('contentinfo').isVisible()).to.equal(true);
    expect(pageErrors).to.deep.equal([]);
  });

  it('connects when the reader presses Retry after the service comes back', async () => {
    await page.route('**/healthz', (route) => route.abort('connectionrefused'));
    await page.goto(`${app.baseUrl}/`);
    await widget().getByText('careloop is unavailable right now').waitFor();
    await page.unroute('**/healthz');

    await widget().getByRole('button', { name: 'Retry' }).click();
    await widget().getByText('Connected to careloop').waitFor();
    expect(await widget().getByRole('button', { name: 'Retry' }).count()).to.equal(0);
    const focused = await page.evaluate(() =>
      document.activeElement?.shadowRoot?.activeElement?.textContent?.trim(),
    );
    expect(focused, 'focus moved to the news').to.equal('Connected to careloop');
  });

  it('speaks Welsh when the element has lang="cy"', async () => {
    await openDemoPageVariant((html) =>
      html.replace(
        '<careloop-stories service="nhs-highland">',
        '<careloop-stories service="nhs-highland" lang="cy">',
      ),
    );
    await widget().getByText('Wedi cysylltu â careloop').waitFor();
    expect(await widget().getByText('Connected to careloop').count()).to.equal(0);
  });

  it('speaks Welsh on a Welsh page without being told', async () => {
    await openDemoPageVariant((html) => html.replace('<html lang="en">', '<html lang="cy">'));
    await widget().getByText('Wedi cysylltu â careloop').waitFor();
  });

  it('offers Retry in Welsh when the service cannot be reached', async () => {
    await page.route('**/healthz', (route) => route.abort('connectionrefused'));
    await openDemoPageVariant((html) => html.replace('<html lang="en">', '<html lang="cy">'));
    await widget().getByText('Nid yw careloop ar gael ar hyn o bryd').waitFor();
    expect(await widget().getByRole('button', { name: 'Ceisio eto' }).isVisible()).to.equal(true);
  });

  it('does not shift the host page while it loads and connects', async () => {
    await page.addInitScript(() => {
      const shifts: number[] = [];
      Object.assign(window, { careloopTestLayoutShifts: shifts });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<
          PerformanceEntry & { value: number; hadRecentInput: boolean }
        >) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // A slow network: the page paints before the widget's script and the health check arrive.
    await page.route('**/widget/careloop.js', async (route) => {
      await delay(400);
      await route.continue();
    });
    await page.route('**/healthz', async (route) => {
      await delay(400);
      await route.continue();
    });
    await page.goto(`${app.baseUrl}/`);
    await widget().getByText('Connected to careloop').waitFor();
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await delay(200);
    const shifts = await page.evaluate(
      () => (window as unknown as { careloopTestLayoutShifts: number[] }).careloopTestLayoutShifts,
    );
    expect(shifts, 'layout-shift scores').to.deep.equal([]);
  });
});
