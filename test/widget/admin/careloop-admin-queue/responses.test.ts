import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { hospital, loadScotlandServices, publishedStory } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('<careloop-admin-queue>: a new responder’s responses wait for a moderator', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let responder: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    [responder, moderator] = await Promise.all([
      createAccount(web.app, {
        role: 'staff',
        services: [hospital],
        name: 'Nia Newydd',
        jobTitle: 'Ward sister',
        newResponder: true,
      }),
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
    ]);
  });

  async function openAdminPage(lang = 'en'): Promise<void> {
    await serveAdminPage(web, lang);
  }

  const admin = () => web.page.locator('careloop-admin');

  /** Signs in by the fields' ids, whatever the page's language. */
  async function signIn(account: TestAccount): Promise<void> {
    await admin().locator('#email').fill(account.email);
    await admin().locator('#password').fill(account.password);
    await admin().locator('#password').press('Enter');
    await admin().locator('#email').waitFor({ state: 'detached' });
  }

  const publicThread = async (storyId: string) =>
    (await callApi(web.app, 'GET', `/stories/${storyId}`)).body.thread as { id: string }[];

  it('the responder sees their response awaiting moderation; the moderator sees its flags and approves it', async () => {
    const story = await publishedStory(web.app, { title: 'Left on a trolley', services: [hospital] });
    await openAdminPage();
    await signIn(responder);
    const stories = admin().locator('careloop-admin-stories');
    await stories.getByRole('button', { name: 'Left on a trolley' }).click();
    await stories.getByLabel('Your response').fill('I am sorry. Nurse Jones was rude and that was wrong.');
    await stories.getByRole('button', { name: 'Publish response' }).click();
    await stories.getByText('Your response is waiting for a moderator').waitFor();
    await stories.locator('article .badge', { hasText: 'Awaiting moderation' }).waitFor();
    expect(await publicThread(story.id), 'nobody else sees it yet').to.deep.equal([]);

    await admin().getByRole('button', { name: 'Sign out' }).click();
    await signIn(moderator);
    const queue = admin().locator('careloop-admin-queue');
    const card = queue.locator('li.item', {
      has: web.page.getByRole('button', { name: 'Response to “Left on a trolley”' }),
    });
    await card.getByText('Awaiting moderation').waitFor();
    await card.getByText('1 possible identifying detail').waitFor();
    await card.getByRole('button', { name: 'Response to “Left on a trolley”' }).click();
    await queue.getByText('By Nia Newydd, University Hospital Crosshouse').waitFor();
    await queue.getByText('staff member named critically: Nurse Jones').waitFor();
    expect(await queue.getByRole('button', { name: 'Hold' }).count(), 'a response is not held').to.equal(0);
    await queue.getByLabel('Message to the responder').waitFor();
    await queue.getByRole('button', { name: 'Publish' }).click();
    await queue.getByText('Published.').waitFor();
    expect((await publicThread(story.id)).length).to.equal(1);
  });

  it('lets the moderator take a new responder off moderation from their queued response', async () => {
    const newcomer = await createAccount(web.app, {
      role: 'staff',
      services: [hospital],
      name: 'Iona Newcomer',
      newResponder: true,
    });
    const story = await publishedStory(web.app, { title: 'Lost glasses', services: [hospital] });
    const posted = await callApi(web.app, 'POST', `/stories/${story.id}/responses`, {
      as: newcomer,
      body: { body: 'We found them on the ward.' },
    });
    expect(posted.body.moderationStatus).to.equal('awaiting-moderation');
    await openAdminPage();
    await signIn(moderator);
    const queue = admin().locator('careloop-admin-queue');
    await queue.getByRole('button', { name: 'Response to “Lost glasses”' }).click();
    await queue.getByRole('button', { name: 'Stop moderating this responder' }).click();
    await queue.getByText('From now on, this responder’s responses publish directly.').waitFor();
    const next = await callApi(web.app, 'POST', `/stories/${story.id}/responses`, {
      as: newcomer,
      body: { body: 'And they are on their way to you.' },
    });
    expect(next.body.moderationStatus).to.equal('published');
  });

  it('shows the responder “awaiting moderation” in Welsh', async () => {
    const newcomer = await createAccount(web.app, {
      role: 'staff',
      services: [hospital],
      name: 'Gwen Newydd',
      newResponder: true,
    });
    await publishedStory(web.app, { title: 'Aros yn hir', services: [hospital] });
    await openAdminPage('cy');
    await signIn(newcomer);
    const stories = admin().locator('careloop-admin-stories');
    await stories.getByRole('button', { name: 'Aros yn hir' }).click();
    await stories.locator('textarea#response').fill('Mae’n ddrwg gen i.');
    await stories.locator('form button[type="submit"]').first().click();
    await stories.locator('article .badge', { hasText: 'Yn aros am gymedroli' }).waitFor();
  });
});
