import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { callApi, createAccount } from '../support/accounts.js';
import { launchBrowser } from '../support/browser.js';
import { board, loadScotlandServices, publishedStory } from '../support/stories.js';

describe('<careloop-badge>', function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(60_000);
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    await loadScotlandServices(app);
    const answered = await publishedStory(app);
    await publishedStory(app);
    const staff = await createAccount(app, { role: 'staff', services: [board] });
    const responded = await callApi(app, 'POST', `/stories/${answered.id}/responses`, {
      as: staff,
      body: { body: 'Thank you for telling us.' },
    });
    expect(responded.status, responded.text).to.equal(201);
  });

  after(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  beforeEach(async () => {
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  async function openSidebar(lang = 'en') {
    const url = `${app.baseUrl}/sidebar.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Sidebar</title>
          <script type="module" src="/widget/careloop.js"></script></head>
          <body><aside><careloop-badge service="${board}"></careloop-badge></aside></body></html>`,
      }),
    );
    await page.goto(url);
  }

  const badge = () => page.locator('careloop-badge');

  it('shows the stories of the last 90 days and the share responded to', async () => {
    await openSidebar();
    const group = badge().getByRole('group', { name: 'Patient stories on careloop' });
    await group.getByText('50%').waitFor();
    expect(await group.locator('dt').allTextContents()).to.deep.equal([
      'Stories in the last 90 days',
      'Responded to',
    ]);
    expect(await group.locator('dd').allTextContents()).to.deep.equal(['2', '50%']);
  });

  it('speaks Welsh', async () => {
    await openSidebar('cy');
    await badge().getByText('Straeon yn y 90 diwrnod diwethaf').waitFor();
    await badge().getByText('50%').waitFor();
  });

  it('shows dashes, and leaves the page alone, when careloop is down', async () => {
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.route('**/summary', (route) => route.abort('connectionrefused'));
    await openSidebar();
    await badge().getByText('–').first().waitFor();
    expect(errors).to.deep.equal([]);
  });
});
