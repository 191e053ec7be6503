import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { useBrowserPage } from '../../../support/browser.js';
import { department, loadScotlandServices, storedStory, submitAccepted } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('<careloop-admin-queue>: holding a story for a formal complaint', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    moderator = await createAccount(web.app, { role: 'moderator', name: 'Mo Derator' });
  });

  const view = () => web.page.locator('careloop-admin-queue');

  it('holds it with a reference, lists it apart, refuses to publish it, and releases it to the queue', async () => {
    const story = await submitAccepted(web.app, { title: 'Cancelled three times', services: [department] });
    await serveAdminPage(web);
    const admin = web.page.locator('careloop-admin');
    await admin.locator('#email').fill(moderator.email);
    await admin.locator('#password').fill(moderator.password);
    await admin.locator('#password').press('Enter');

    await view().getByRole('button', { name: 'Cancelled three times' }).click();
    await view().getByLabel('Complaint reference (optional)').fill('CMP-2026-9');
    await view().getByLabel('Note for moderators (optional)').fill('Wait for the complaints team.');
    await view().getByRole('button', { name: 'Set aside while the complaint is open' }).click();
    await view().getByText('Held for the complaint.', { exact: false }).waitFor();
    expect(await view().getByRole('button', { name: 'Cancelled three times' }).count()).to.equal(0);
    expect((await storedStory(web.app, story.id))?.complaint).to.include({ reference: 'CMP-2026-9' });

    await view().getByLabel('Show').selectOption('complaint');
    await view().getByRole('button', { name: 'Cancelled three times' }).click();
    await view().getByText('Complaint reference: CMP-2026-9').waitFor();
    await view().getByText('Wait for the complaints team.').waitFor();
    expect(await view().getByRole('button', { name: 'Publish' }).isDisabled()).to.equal(true);

    await view().getByRole('button', { name: 'Release it to the queue' }).click();
    await view().getByText('Released: it is back in the queue.').waitFor();
    await view().getByLabel('Show').selectOption('');
    await view().getByRole('button', { name: 'Cancelled three times' }).waitFor();
    expect((await storedStory(web.app, story.id))?.complaint).to.equal(null);
  });
});
