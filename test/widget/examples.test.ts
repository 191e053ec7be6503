import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auditAccessibility, expectAccessibleInBothSchemes } from '../support/axe.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser } from '../support/browser.js';
import { loadScotlandServices, publishedStory } from '../support/stories.js';

const day = 24 * 60 * 60 * 1000;
/** A hospital of the demo board, NHS Highland. */
const raigmore = 'raigmore-hospital';

/**
 * The demo board site in examples/: every page works, passes the WCAG 2.2 AA audit in both colour
 * schemes with the widget loaded, and the strict-CSP page shows the widget without a single violation.
 */
describe('the example board site', function () {
  // Each audit runs axe twice (light and dark) over the page and the widget's shadow roots.
  this.timeout(60_000);
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    await loadScotlandServices(app);
    const now = Date.now();
    await publishedStory(
      app,
      {
        title: 'Calm and clear in the night',
        body: 'The night staff on the ward explained everything and kept my dad comfortable.',
        nickname: 'Mairi',
        authorRole: 'relative',
        services: [raigmore],
        tags: { good: ['communication'], improve: [], feelings: ['reassured'] },
      },
      new Date(now - 3 * day),
    );
    await publishedStory(
      app,
      {
        title: 'Parking was impossible',
        body: 'I circled the car park for forty minutes and nearly missed my appointment.',
        nickname: 'Driver',
        services: [raigmore],
        tags: { good: [], improve: ['parking'], feelings: ['frustrated'] },
      },
      new Date(now - 5 * day),
    );
  });

  after(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    // Init scripts run through the DevTools protocol, so even a strict CSP page reports here.
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { careloopCspViolations: violations });
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
      );
    });
  });

  afterEach(async () => {
    await context.close();
  });

  const cspViolations = () =>
    page.evaluate(() => (window as unknown as { careloopCspViolations: string[] }).careloopCspViolations);

  const stories = () => page.locator('careloop-stories');

  it('shows the stories of the board on its stories page', async () => {
    await page.goto(`${app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
    expect(pageErrors).to.deep.equal([]);
  });

  it("shows the board's figures in a badge in the sidebar", async () => {
    await page.goto(`${app.baseUrl}/`);
    const badge = page.locator('aside careloop-badge');
    await badge.getByText(/\b2\b/).first().waitFor();
    expect(pageErrors).to.deep.equal([]);
  });

  it('the audit looks inside shadow roots: an unlabelled field there fails it', async () => {
    await page.goto(`${app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await page.evaluate(() => {
      const root = document.querySelector('careloop-stories')?.shadowRoot;
      root?.appendChild(document.createElement('input'));
    });
    const violations = await auditAccessibility(page);
    expect(violations.map((violation) => violation.id)).to.include('label');
  });

  it('passes the WCAG 2.2 AA audit on the stories page, in light and dark', async () => {
    await page.goto(`${app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await expectAccessibleInBothSchemes(page);
  });

  it('passes the audit with a story open', async () => {
    await page.goto(`${app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').click();
    await stories().getByText('kept my dad comfortable').waitFor();
    await expectAccessibleInBothSchemes(page);
  });

  it('offers the form on the "tell your story" page, and passes the audit there', async () => {
    await page.goto(`${app.baseUrl}/tell-your-story.html`);
    const form = page.locator('careloop-form');
    await form.getByRole('textbox').first().waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Tell your story');
    await expectAccessibleInBothSchemes(page);
    expect(pageErrors).to.deep.equal([]);
  });

  it('links every page of the site to the others and to the feeds', async () => {
    await page.goto(`${app.baseUrl}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name, path] of [
      ['Tell your story', '/tell-your-story.html'],
      ['Feeds for MPs and the public', '/feeds.html'],
      ['For web teams', '/strict-csp.html'],
    ]) {
      const href = await nav.getByRole('link', { name }).getAttribute('href');
      expect(href).to.equal(path);
      const response = await page.request.get(`${app.baseUrl}${href}`);
      expect(response.status(), `${path} answers`).to.equal(200);
    }
  });

  it('works on a page with a strict Content-Security-Policy, without a single violation', async () => {
    const response = await page.goto(`${app.baseUrl}/strict-csp.html`);
    expect(await response?.text()).to.include('http-equiv="Content-Security-Policy"');
    await stories().getByText('Calm and clear in the night').waitFor();
    await stories().getByText('Calm and clear in the night').click();
    await stories().getByText('kept my dad comfortable').waitFor();
    expect(await cspViolations()).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });

  it("shows the widget in a board's own colours, set only through --careloop-* properties, and passes the audit", async () => {
    await page.goto(`${app.baseUrl}/themed.html`);
    const widget = page.locator('careloop-stories.themed');
    await widget.getByText('Calm and clear in the night').waitFor();
    const look = await widget
      .locator('.story')
      .first()
      .evaluate((card) => {
        const style = getComputedStyle(card);
        return { font: style.fontFamily, radius: style.borderTopLeftRadius };
      });
    expect(look.font).to.contain('Georgia');
    expect(look.radius).to.equal('0px');
    const link = await widget
      .locator('.stories h3 a')
      .first()
      .evaluate((a) => getComputedStyle(a).color);
    expect(link).to.equal('rgb(42, 90, 71)');
    await expectAccessibleInBothSchemes(page);
    expect(pageErrors).to.deep.equal([]);
  });

  it('passes the audit on the strict-CSP page', async () => {
    await page.goto(`${app.baseUrl}/strict-csp.html`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await expectAccessibleInBothSchemes(page);
  });
});
