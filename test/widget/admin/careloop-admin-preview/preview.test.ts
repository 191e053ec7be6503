import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { board, department, loadScotlandServices, submitAccepted } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('provider preview in the browser: the responder in admin mode, the author on the private link', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let moderator: TestAccount;
  let responder: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    const admin = await createAccount(web.app, { role: 'admin' });
    moderator = await createAccount(web.app, { role: 'moderator', name: 'Mo Derator' });
    responder = await createAccount(web.app, { role: 'staff', services: [board], name: 'Dr Jean Grant' });
    const setting = await callApi(web.app, 'PATCH', `/services/${board}`, {
      as: admin,
      body: { previewCriticality: 4, previewWorkingDays: 2 },
    });
    expect(setting.status, setting.text).to.equal(200);
  });

  async function storyInPreview(title: string): Promise<{ id: string; authorKey: string }> {
    const story = await submitAccepted(web.app, { title, services: [department] });
    const answer = await callApi(web.app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', criticality: 5 },
    });
    expect(answer.body.status, answer.text).to.equal('preview');
    return story;
  }

  async function openAdmin(account: TestAccount): Promise<void> {
    await serveAdminPage(web);
    // Another account signed in earlier in this tab: start signed out.
    await web.page.evaluate(() => sessionStorage.clear());
    await web.page.reload();
    const admin = web.page.locator('careloop-admin');
    await admin.locator('#email').fill(account.email);
    await admin.locator('#password').fill(account.password);
    await admin.locator('#password').press('Enter');
  }

  async function openAuthor(story: { id: string; authorKey: string }, lang: string) {
    const url = `${web.app.baseUrl}/author-${lang}.html`;
    await web.page.route(url, async (route) => {
      const response = await route.fetch({ url: `${web.app.baseUrl}/tell-your-story.html` });
      const body = (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`);
      await route.fulfill({ response, body });
    });
    await web.page.goto(`${url}#careloop-author=${story.id}.${story.authorKey}`);
    return web.page.locator('careloop-author');
  }

  it('lets a responder read it, prepare a response and ask for a review; the author sees where it is', async () => {
    const story = await storyInPreview('No one came when I rang the bell');
    await openAdmin(responder);
    await web.page.locator('careloop-admin').getByRole('tab', { name: 'Preview' }).click();
    const view = web.page.locator('careloop-admin-preview');
    const item = view.locator('li.item', { hasText: 'No one came when I rang the bell' });
    await item.waitFor();
    await item.getByText(/Published at the end of .+ unless a moderator holds it/).waitFor();

    await item
      .getByLabel('Prepare a response (published with the story)')
      .fill('We are sorry. Please call us.');
    await item.getByRole('button', { name: 'Save response' }).click();
    await view.getByText('Response saved: it will be published with the story.').waitFor();
    // What is prepared is shown with the story, so a colleague does not answer it twice.
    const prepared = item.locator('.prepared');
    await prepared.getByText('We are sorry. Please call us.').waitFor();
    expect(await prepared.textContent()).to.include('Dr Jean Grant');

    web.allowFailedLoad(400, '/api/v1/stories/');
    await item.getByRole('button', { name: 'Ask for a review' }).click();
    await view
      .getByRole('alert')
      .getByText(/^Your reason for a review: /)
      .first()
      .waitFor();
    expect(await view.getByRole('alert').textContent()).not.to.include('Message to the author');
    await item.getByLabel(/Ask a moderator to look again/).fill('It names a healthcare assistant.');
    await item.getByRole('button', { name: 'Ask for a review' }).click();
    await item.getByText(/Review asked by Dr Jean Grant/).waitFor();
    await prepared.getByText('We are sorry. Please call us.').waitFor();

    // Nothing is public yet; the response waits with the story, and the request is with the moderators.
    expect((await callApi(web.app, 'GET', `/stories/${story.id}`)).status).to.equal(404);
    expect(await web.app.models.responses.countDocuments({ storyId: story.id })).to.equal(1);
    const queue = await callApi(web.app, 'GET', '/moderation/queue', { as: moderator });
    expect(queue.text).to.include('It names a healthcare assistant.');

    // The moderator finds it back in the queue, with who asked, why, and every step so far.
    await openAdmin(moderator);
    const queueView = web.page.locator('careloop-admin-queue');
    const queued = queueView.locator('li.item', { hasText: 'No one came when I rang the bell' });
    await queued.getByText(/Review asked by Dr Jean Grant/).waitFor();
    await queued.getByText('It names a healthcare assistant.').waitFor();
    await queued.getByRole('button', { name: 'No one came when I rang the bell' }).click();
    const history = queueView.locator('ol.history li');
    await history.first().waitFor();
    // Each entry is "date · step · who": the steps and who took them, without the dates.
    const steps = (await history.allTextContents()).map((entry) =>
      entry.replace(/\s+/g, ' ').trim().split(' · ').slice(1).join(' · '),
    );
    expect(steps).to.deep.equal([
      'Sent to provider preview · Mo Derator',
      'Review requested by the service · Dr Jean Grant',
    ]);

    const author = await openAuthor(story, 'en');
    await author.getByText('Approved: the services are reading it first').waitFor();
    await author.getByText(/It will be published at the end of/).waitFor();
    await author.getByText('The service asked a moderator to look at it again', { exact: false }).waitFor();
    expect(await author.textContent()).not.to.include('healthcare assistant');
  });

  it('tells responders in the report how many stories went through preview', async () => {
    const story = await storyInPreview('Waited all night for a scan');
    const published = await callApi(web.app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.body.status).to.equal('published');
    await openAdmin(responder);
    await web.page.locator('careloop-admin').getByRole('tab', { name: 'Reports' }).click();
    await web.page
      .locator('careloop-admin-reports')
      .getByText(/Of these, 1 went through provider preview before publication\./)
      .waitFor();
  });

  for (const [lang, words] of [
    ['cy', 'mae’r gwasanaethau’n ei darllen yn gyntaf'],
    ['gd', 'tha na seirbheisean ga leughadh an toiseach'],
  ] as const) {
    it(`tells the author in ${lang} that the services are reading it first`, async () => {
      const story = await storyInPreview(`Preview ${lang}`);
      const author = await openAuthor(story, lang);
      await author.getByText(words, { exact: false }).waitFor();
    });
  }
});
