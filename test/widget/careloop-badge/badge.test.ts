import { expect } from 'chai';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { useBrowserPage } from '../../support/browser.js';
import { board, loadScotlandServices, publishedStory } from '../../support/stories.js';

describe('<careloop-badge>', function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(60_000);
  const web = useBrowserPage();

  before(async () => {
    const { app } = web;
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

  async function openSidebar(lang = 'en') {
    const { app, page } = web;
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

  const badge = () => web.page.locator('careloop-badge');

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
    // The browser reports the refused request itself; the widget must add nothing to it.
    web.allowFailedLoad('ERR_CONNECTION_REFUSED', '/api/v1/');
    await web.page.route('**/summary', (route) => route.abort('connectionrefused'));
    await openSidebar();
    await badge().getByText('–').first().waitFor();
  });
});
