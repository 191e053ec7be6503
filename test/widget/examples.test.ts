import { expect } from 'chai';
import { auditAccessibility, expectAccessibleInBothSchemes } from '../support/axe.js';
import { useBrowserPage } from '../support/browser.js';
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
  const web = useBrowserPage({ context: { viewport: { width: 1280, height: 1000 } } });

  before(async () => {
    await loadScotlandServices(web.app);
    const now = Date.now();
    await publishedStory(
      web.app,
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
      web.app,
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

  beforeEach(async () => {
    // Init scripts run through the DevTools protocol, so even a strict CSP page reports here.
    await web.page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { careloopCspViolations: violations });
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
      );
    });
  });

  const cspViolations = () =>
    web.page.evaluate(() => (window as unknown as { careloopCspViolations: string[] }).careloopCspViolations);

  const stories = () => web.page.locator('careloop-stories');

  it('shows the stories of the board on its stories page', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
  });

  it("shows the board's figures in a badge in the sidebar", async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    const badge = web.page.locator('aside careloop-badge');
    await badge.getByText(/\b2\b/).first().waitFor();
  });

  it('the audit looks inside shadow roots: an unlabelled field there fails it', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await web.page.evaluate(() => {
      const root = document.querySelector('careloop-stories')?.shadowRoot;
      root?.appendChild(document.createElement('input'));
    });
    const violations = await auditAccessibility(web.page);
    expect(violations.map((violation) => violation.id)).to.include('label');
  });

  it('passes the WCAG 2.2 AA audit on the stories page, in light and dark', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await expectAccessibleInBothSchemes(web.page);
  });

  it('passes the audit with a story open', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText('Calm and clear in the night').click();
    await stories().getByText('kept my dad comfortable').waitFor();
    await expectAccessibleInBothSchemes(web.page);
  });

  it('offers the form on the "tell your story" page, and passes the audit there', async () => {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    const form = web.page.locator('careloop-form');
    await form.getByRole('textbox').first().waitFor();
    expect(await web.page.getByRole('heading', { level: 1 }).textContent()).to.equal('Tell your story');
    await expectAccessibleInBothSchemes(web.page);
  });

  it('links every page of the site to the others and to the feeds', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    const nav = web.page.getByRole('navigation', { name: 'Main' });
    for (const [name, path] of [
      ['Tell your story', '/tell-your-story.html'],
      ['Feeds for MPs and the public', '/feeds.html'],
      ['For web teams', '/strict-csp.html'],
    ]) {
      const href = await nav.getByRole('link', { name }).getAttribute('href');
      expect(href).to.equal(path);
      const response = await web.page.request.get(`${web.app.baseUrl}${href}`);
      expect(response.status(), `${path} answers`).to.equal(200);
    }
  });

  it('works on a page with a strict Content-Security-Policy, without a single violation', async () => {
    const response = await web.page.goto(`${web.app.baseUrl}/strict-csp.html`);
    expect(await response?.text()).to.include('http-equiv="Content-Security-Policy"');
    await stories().getByText('Calm and clear in the night').waitFor();
    await stories().getByText('Calm and clear in the night').click();
    await stories().getByText('kept my dad comfortable').waitFor();
    expect(await cspViolations()).to.deep.equal([]);
  });

  it("shows the widget in a board's own colours, set only through --careloop-* properties, and passes the audit", async () => {
    await web.page.goto(`${web.app.baseUrl}/themed.html`);
    const widget = web.page.locator('careloop-stories.themed');
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
    await expectAccessibleInBothSchemes(web.page);
  });

  it('passes the audit on the strict-CSP page', async () => {
    await web.page.goto(`${web.app.baseUrl}/strict-csp.html`);
    await stories().getByText('Calm and clear in the night').waitFor();
    await expectAccessibleInBothSchemes(web.page);
  });
});
