import { expect } from 'chai';
import { expectAccessibleInBothSchemes } from '../../../support/axe.js';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { board, loadScotlandServices } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

const title = 'Nobody told us about the transport home';

describe('<careloop-admin> Enter a story: told on someone’s behalf, moderated, shown as such', function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(90_000);
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 1000 } } });
  let staff: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    [staff, moderator] = await Promise.all([
      createAccount(web.app, { role: 'staff', services: [board], name: 'Val Ross' }),
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
    ]);
  });

  async function openAdminPage(account: TestAccount): Promise<void> {
    await serveAdminPage(web);
    await shell().getByLabel('Email address').fill(account.email);
    await shell().getByLabel('Password').fill(account.password);
    await shell().getByLabel('Password').press('Enter');
    await shell().getByRole('button', { name: 'Sign out' }).waitFor();
  }

  const shell = () => web.page.locator('careloop-admin');
  const view = () => shell().locator('careloop-admin-on-behalf');

  it('staff enter a phone call’s story with how the author agreed; the form names what is missing', async () => {
    await openAdminPage(staff);
    await shell().getByRole('tab', { name: 'Enter a story' }).click();
    await view().getByRole('heading', { name: 'Enter a story for someone', level: 2 }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    // Nothing filled in: the service names each field, beside it, in words.
    web.allowFailedLoad(400, '/api/v1/stories/on-behalf');
    await view().getByRole('button', { name: 'Send for moderation' }).click();
    await view().locator('#told-title-error').waitFor();
    await view().locator('#told-services-error').waitFor();
    expect(await view().getByLabel('Title').getAttribute('aria-invalid')).to.equal('true');

    await view().getByRole('radio', { name: 'A phone call' }).check();
    await view().getByRole('radio', { name: 'Aloud' }).check();
    await view()
      .getByLabel('Note about their consent, for moderators (optional)')
      .fill('Agreed on the phone; her daughter was with her');
    await view().getByLabel('Find a service').fill('Crosshouse');
    await view().getByRole('button', { name: 'Search' }).click();
    await view()
      .getByRole('button', { name: 'Add Emergency Department, University Hospital Crosshouse' })
      .click();
    await view().getByText('Chosen: Emergency Department, University Hospital Crosshouse').waitFor();
    await view().getByLabel('Title').fill(title);
    await view()
      .getByLabel('Their story, in their words')
      .fill('My mother was ready to go home at noon, and waited until nine for transport nobody had booked.');
    await view().getByLabel('The name shown with the story').fill('Mrs B');
    await view().getByLabel('Who is telling it').selectOption({ label: 'A carer' });
    await view().getByRole('button', { name: 'Send for moderation' }).click();
    await view().getByRole('status').getByText('Story entered: it is waiting for a moderator.').waitFor();
    expect(await view().getByLabel('Title').inputValue()).to.equal('');
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });
  });

  it('moderators see how it reached us, how the author agreed and who entered it; once published, readers see it was told on their behalf', async () => {
    await openAdminPage(moderator);
    const queue = shell().locator('careloop-admin-queue');
    const card = queue.locator('li.item', { has: web.page.getByRole('button', { name: title }) });
    await card.getByText('Told on their behalf').waitFor();
    await queue.getByRole('button', { name: title }).click();
    await queue.getByRole('heading', { name: 'Told on their behalf' }).waitFor();
    await queue
      .getByText('How it reached us: A phone call. How they agreed: Aloud. Entered by Val Ross.')
      .waitFor();
    await queue.getByText('Agreed on the phone; her daughter was with her').waitFor();
    await queue.getByRole('button', { name: 'Publish' }).click();
    await queue.getByRole('status').getByText('Published', { exact: false }).waitFor();

    const listed = await callApi(web.app, 'GET', `/stories?service=${board}`);
    const story = (listed.body.items as { id: string; title: string }[]).find((s) => s.title === title);
    expect(story, 'the story, published').to.not.equal(undefined);
    const url = `${web.app.baseUrl}/board-page.html`;
    await web.page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Board</title>
          <script type="module" src="/widget/careloop.js"></script></head>
          <body><careloop-stories service="${board}" no-form></careloop-stories></body></html>`,
      }),
    );
    await web.page.goto(`${url}#careloop-story=${story!.id}`);
    const byline = web.page.locator('careloop-stories .byline');
    await byline.getByText('Told on their behalf, in a phone call').waitFor();
    expect(await byline.textContent()).to.include('By Mrs B (carer)');
    expect(await web.page.locator('careloop-stories').textContent()).to.not.include('Val Ross');
  });

  it('staff read in the board’s report how many stories were told on their authors’ behalf', async () => {
    await openAdminPage(staff);
    await shell().getByRole('tab', { name: 'Reports' }).click();
    const reports = shell().locator('careloop-admin-reports');
    await reports
      .getByText('Told on their authors’ behalf (a paper form, a phone call, a kiosk or in person): 1.', {
        exact: false,
      })
      .waitFor();
  });
});
