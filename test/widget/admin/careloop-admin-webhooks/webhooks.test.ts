import { expect } from 'chai';
import { expectAccessibleInBothSchemes } from '../../../support/axe.js';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { department, loadScotlandServices, submitAccepted } from '../../../support/stories.js';
import { WebhookReceiver } from '../../../support/webhook-receiver.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('<careloop-admin> Webhooks: register an endpoint, watch its deliveries, send one again', () => {
  // The receiver is on loopback, which only this range lets webhooks reach.
  const web = useBrowserPage({
    app: { config: { webhooksAllowPrivate: ['127.0.0.0/8'] } },
    context: { viewport: { width: 1100, height: 900 } },
  });
  let admin: TestAccount;
  let moderator: TestAccount;
  const receiver = new WebhookReceiver();
  let shiftMs = 0;

  before(async () => {
    await loadScotlandServices(web.app);
    [admin, moderator] = await Promise.all([
      createAccount(web.app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
    ]);
    web.app.services.webhooks.now = () => new Date(Date.now() + shiftMs);
    await receiver.start();
  });

  after(() => receiver.stop());

  async function openAdminPage(lang = 'en'): Promise<void> {
    await serveAdminPage(web, lang);
  }

  const admin_ = () => web.page.locator('careloop-admin');

  async function signIn(account: TestAccount): Promise<void> {
    await admin_().getByLabel('Email address').fill(account.email);
    await admin_().getByLabel('Password').fill(account.password);
    await admin_().getByLabel('Password').press('Enter');
    await admin_().getByText('Signed in as').first().waitFor();
  }

  it('an admin registers an endpoint, sees a failing delivery, and sends it again once the receiver is fixed', async () => {
    await openAdminPage();
    await signIn(admin);
    await admin_().getByRole('tab', { name: 'Webhooks' }).click();
    const view = admin_().locator('careloop-admin-webhooks');
    await view.getByRole('heading', { name: 'Webhooks', level: 2 }).waitFor();
    await view.getByText('No endpoints yet.').waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    // Nothing chosen: the service names the field (a 400, as it should), and the view says so in words.
    web.allowFailedLoad(400, '/api/v1/webhooks');
    await view.getByLabel('Endpoint URL').fill(receiver.url);
    await view.getByRole('button', { name: 'Add endpoint' }).click();
    await view.getByRole('alert').getByText('Send these events', { exact: false }).waitFor();

    await view.getByLabel('Story published').check();
    await view.getByRole('button', { name: 'Add endpoint' }).click();
    await view.getByRole('status').getByText('Endpoint added.').waitFor();
    receiver.secret = (await view.locator('#secret code').textContent())!.trim();
    expect(receiver.secret).to.match(/^whsec_/);
    await view.getByText(receiver.url).waitFor();

    receiver.answer = () => ({ status: 500 });
    const story = await submitAccepted(web.app, { services: [department], title: 'Told through a webhook' });
    const published = await callApi(web.app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
    await web.app.services.notifier.runOnce();
    await web.app.services.webhooks.drain();

    await view.getByRole('button', { name: 'Show deliveries' }).click();
    const row = view.getByRole('row').filter({ hasText: 'Story published' });
    await row.getByRole('cell', { name: 'Pending' }).waitFor();
    await row.getByText('500 · the receiver answered 500').waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    // A day of failures later it is given up.
    shiftMs = 25 * 3_600_000;
    await web.app.services.webhooks.drain();
    await view.getByRole('button', { name: 'Refresh' }).click();
    await row.getByRole('cell', { name: 'Failed' }).waitFor();

    receiver.answer = () => ({ status: 204 });
    await row.getByRole('button', { name: 'Send again' }).click();
    await view.getByRole('status').getByText('It will be sent again now.').waitFor();
    await web.app.services.webhooks.drain();
    await view.getByRole('button', { name: 'Refresh' }).click();
    await row.getByRole('cell', { name: 'Sent' }).waitFor();
    // Two attempts answered 500, then the one sent again: the same signed event each time.
    expect(receiver.received.map((got) => got.verified)).to.deep.equal([true, true, true]);
    expect(new Set(receiver.received.map((got) => got.headers['webhook-id'])).size).to.equal(1);
    expect(receiver.received[2]!.payload.data.story.title).to.equal('Told through a webhook');
  });

  it('is only offered to admins, and speaks Welsh on a Welsh page', async () => {
    await openAdminPage();
    await signIn(moderator);
    await admin_().getByRole('tab', { name: 'Erasure' }).waitFor();
    expect(await admin_().getByRole('tab', { name: 'Webhooks' }).count()).to.equal(0);
    await admin_().getByRole('button', { name: 'Sign out' }).click();

    await openAdminPage('cy');
    await admin_().getByLabel('Cyfeiriad e-bost').fill(admin.email);
    await admin_().getByLabel('Cyfrinair').fill(admin.password);
    await admin_().getByLabel('Cyfrinair').press('Enter');
    await admin_().getByRole('tab', { name: 'Webhooks' }).click();
    await admin_().locator('careloop-admin-webhooks').getByLabel('URL y pwynt terfyn').waitFor();
  });
});
