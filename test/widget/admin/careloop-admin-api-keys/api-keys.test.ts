import { expect } from 'chai';
import { expectAccessibleInBothSchemes } from '../../../support/axe.js';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { board, department, loadScotlandServices, publishedStory } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

describe('<careloop-admin> Partner API keys: create one, shown once; list without the key; revoke', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let admin: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    [admin, moderator] = await Promise.all([
      createAccount(web.app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
    ]);
    await publishedStory(web.app, { title: 'Read by a partner', services: [department] });
  });

  async function openAdminPage(lang = 'en'): Promise<void> {
    await serveAdminPage(web, lang);
  }

  const shell = () => web.page.locator('careloop-admin');

  async function signIn(account: TestAccount, labels = { email: 'Email address', password: 'Password' }) {
    await shell().getByLabel(labels.email).fill(account.email);
    await shell().getByLabel(labels.password).fill(account.password);
    await shell().getByLabel(labels.password).press('Enter');
    await shell()
      .getByRole('button', { name: /Sign out|Allgofnodi/ })
      .waitFor();
  }

  it('an admin creates a key that works once copied, sees it listed without the key, and revokes it', async () => {
    await web.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.app.baseUrl });
    await openAdminPage();
    await signIn(admin);
    await shell().getByRole('tab', { name: 'Partner API keys' }).click();
    const view = shell().locator('careloop-admin-api-keys');
    await view.getByRole('heading', { name: 'Partner API keys', level: 2 }).waitFor();
    await view.getByText('No API keys yet.').waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    // Nothing filled in: the service names the fields, and each says so beside itself, in words.
    web.allowFailedLoad(400, '/api/v1/api-keys');
    await view.getByRole('button', { name: 'Create key' }).click();
    const name = view.getByLabel('Name (who holds it and what for)');
    await view.locator('#key-name-error').getByText('fill this in', { exact: false }).waitFor();
    await view.locator('#key-board-error').getByText('Board', { exact: false }).waitFor();
    expect(await name.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    await name.fill('Healthwatch Ayrshire: quarterly analysis');
    await view.getByLabel('Find the board or service the key reads').fill('Ayrshire');
    await view.getByRole('button', { name: 'Search' }).click();
    await view.getByRole('button', { name: 'Add NHS Ayrshire & Arran' }).click();
    await view.getByText('Chosen: NHS Ayrshire & Arran').waitFor();
    // An expiry date already past: the service names the field, said beside the date in words.
    const expires = view.getByLabel('Expires on (optional)');
    await expires.fill('2020-01-31');
    await view.getByRole('button', { name: 'Create key' }).click();
    await view.locator('#key-expiresAt-error').getByText('out of range', { exact: false }).waitFor();
    expect(await view.locator('#key-name-error').count()).to.equal(0);
    await expires.fill('2099-12-31');
    await view.getByLabel('Requests a minute (optional, 600 if empty)').fill('120');
    await view.getByRole('button', { name: 'Create key' }).click();

    await view.getByRole('status').getByText('Key created.').waitFor();
    const shown = view.locator('#new-key');
    await shown.getByText('This is the only time the key is shown.', { exact: false }).waitFor();
    const key = (await shown.locator('code').textContent())!.trim();
    expect(key).to.match(/^clk_/);
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await view.getByRole('status').getByText('Key copied.').waitFor();
    expect(await web.page.evaluate(() => navigator.clipboard.readText())).to.equal(key);
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    const read = await callApi(web.app, 'GET', '/stories?limit=5', { as: key });
    expect(read.status, read.text).to.equal(200);
    expect(read.body.items.map((story: { title: string }) => story.title)).to.include('Read by a partner');
    expect(read.headers.get('ratelimit-policy')).to.equal('"api-key";q=120;w=60');
    expect(read.headers.get('ratelimit')).to.match(/^"api-key";r=\d+;t=\d+$/);

    await shown.getByRole('button', { name: 'I have copied the key' }).click();
    await shown.waitFor({ state: 'detached' });
    const listed = view.getByRole('listitem').filter({ hasText: 'Healthwatch Ayrshire: quarterly analysis' });
    await listed.getByText(`Key starting ${key.slice(0, 8)}…`).waitFor();
    await listed.getByText('Board: NHS Ayrshire & Arran').waitFor();
    await listed.getByText('Active').waitFor();
    await listed.getByText(/Expires: 31 Dec 2099/).waitFor();
    await listed.getByText('Last used: not yet').waitFor();
    expect(await shell().evaluate((element) => element.shadowRoot!.innerHTML)).not.to.include(key);
    const viewText = await view.evaluate((element) => element.shadowRoot!.textContent ?? '');
    expect(viewText).not.to.include(key);

    // Revoking asks first; "Cancel" keeps the key working.
    await listed.getByRole('button', { name: 'Revoke' }).click();
    await view
      .getByText('Revoke the key “Healthwatch Ayrshire: quarterly analysis”?', { exact: false })
      .waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });
    await view.getByRole('button', { name: 'Cancel' }).click();
    expect((await callApi(web.app, 'GET', '/stories?limit=1', { as: key })).status).to.equal(200);
    await listed.getByRole('button', { name: 'Revoke' }).click();
    await view.getByRole('button', { name: 'Revoke key' }).click();
    await view.getByRole('status').getByText('Key revoked.').waitFor();
    await listed.getByText('Revoked', { exact: true }).waitFor();
    await listed.getByText(/Revoked .+ by Ada Admin/).waitFor();
    await listed.getByText(/Last used: \d/).waitFor();
    expect(await listed.getByRole('button', { name: 'Revoke' }).count()).to.equal(0);
    const refused = await callApi(web.app, 'GET', '/stories?limit=1', { as: key });
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.include('invalid_token');

    const kept = await callApi(web.app, 'GET', `/api-keys?board=${board}`, { as: admin });
    expect(kept.body.keys[0].state).to.equal('revoked');
  });

  it('is only offered to admins, and speaks Welsh on a Welsh page', async () => {
    await openAdminPage();
    await signIn(moderator);
    await shell().getByRole('tab', { name: 'Erasure' }).waitFor();
    expect(await shell().getByRole('tab', { name: 'Partner API keys' }).count()).to.equal(0);
    const refused = await callApi(web.app, 'GET', '/api-keys', { as: moderator });
    expect(refused.status).to.equal(403);
    await shell().getByRole('button', { name: 'Sign out' }).click();

    await openAdminPage('cy');
    await signIn(admin, { email: 'Cyfeiriad e-bost', password: 'Cyfrinair' });
    await shell().getByRole('tab', { name: 'Allweddi API partneriaid' }).click();
    const view = shell().locator('careloop-admin-api-keys');
    await view.getByRole('heading', { name: 'Allweddi API partneriaid', level: 2 }).waitFor();
    await view.getByLabel('Enw (pwy sy’n ei dal ac i ba ddiben)').waitFor();
    await view.getByRole('button', { name: 'Creu’r allwedd' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });
  });
});
