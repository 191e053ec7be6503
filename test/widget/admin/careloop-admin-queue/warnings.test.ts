import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { useBrowserPage } from '../../../support/browser.js';
import { department, loadScotlandServices, submitAccepted } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('<careloop-admin-queue>: moderation rule warnings', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    moderator = await createAccount(web.app, { role: 'moderator', name: 'Mo Derator' });
  });

  async function openQueue(lang = 'en'): Promise<void> {
    await serveAdminPage(web, lang);
    const admin = web.page.locator('careloop-admin');
    await admin.locator('#email').fill(moderator.email);
    await admin.locator('#password').fill(moderator.password);
    await admin.locator('#password').press('Enter');
  }

  const view = () => web.page.locator('careloop-admin-queue');
  const card = (title: string) =>
    view().locator('li.item', { has: web.page.getByRole('button', { name: title }) });

  it('shows each warning in the list and on the story, and none on a story that breaks no rule', async () => {
    const body = 'The ward was clean and the nurses were kind, but I waited six hours for a bed.';
    await submitAccepted(web.app, {
      title: 'First telling',
      email: 'ann@example.org',
      body,
      services: [department],
    });
    await submitAccepted(web.app, {
      title: 'Second telling',
      email: 'ann@example.org',
      body,
      services: [department],
    });
    await submitAccepted(web.app, {
      title: 'A long one',
      body: Array.from({ length: 1200 }, (_, index) => `w${index}`).join(' '),
      services: [department],
    });
    await submitAccepted(web.app, { title: 'Years ago', happenedIn: '2019-03', services: [department] });

    await openQueue();
    await card('Second telling').waitFor();
    await card('Second telling')
      .getByText('Possible duplicate of the story “First telling” from the same email address')
      .waitFor();
    await card('A long one').getByText('Long story: 1,200 words (more than 1,000)').waitFor();
    await card('Years ago').getByText('About events more than 3 years ago (March 2019)').waitFor();
    expect(await card('First telling').locator('.warnings').count()).to.equal(0);
    expect(await view().textContent()).not.to.include('ann@example.org');

    await view().getByRole('button', { name: 'Years ago' }).click();
    await view().getByRole('heading', { name: 'Years ago' }).waitFor();
    await view().getByText('When it happened: March 2019').waitFor();
    await view().getByRole('heading', { name: 'Moderation rules to check' }).waitFor();
  });

  it('words the warnings in Welsh', async () => {
    await submitAccepted(web.app, {
      title: 'Flynyddoedd yn ôl',
      happenedIn: '2018-05',
      services: [department],
    });
    await openQueue('cy');
    await card('Flynyddoedd yn ôl').getByText('Am ddigwyddiadau fwy na 3 blynedd yn ôl').waitFor();
  });
});
