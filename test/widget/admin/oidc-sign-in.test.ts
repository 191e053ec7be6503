import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Models } from '../../../server/models/index.js';
import { callApi } from '../../support/api.js';
import type { TestAppOptions } from '../../support/app.js';
import { useBrowserPage } from '../../support/browser.js';
import {
  startTestIdentityProvider,
  testClient,
  testOidcConfig,
  type TestIdentityProvider,
} from '../../support/oidc.js';
import { department, hospital, loadScotlandServices, publishedStory } from '../../support/stories.js';

/**
 * "Sign in with …" in real Chromium, as on a board's own website: the page on one origin embeds the
 * widget from the service on another, the popup goes to a real OpenID provider and back, and the session
 * reaches the widget by postMessage (no cookie, so blocked third-party cookies change nothing).
 */
describe('<careloop-admin>: staff sign in with their identity provider', function () {
  this.timeout(60_000);
  let idp: TestIdentityProvider;
  const appOptions: TestAppOptions = {};
  before(async () => {
    idp = await startTestIdentityProvider([
      {
        login: 'morag',
        email: 'morag.ross@nhs.scot',
        name: 'Morag Ross',
        jobTitle: 'Ward manager',
        groups: ['ward-staff'],
      },
    ]);
    appOptions.config = {
      oidc: testOidcConfig(idp.issuer, {
        roleMap: { 'ward-staff': { role: 'staff', services: [hospital] } },
      }),
    };
  });
  const web = useBrowserPage({ app: appOptions, context: { viewport: { width: 1100, height: 900 } } });
  let boardSite: Server;
  let strangerSite: Server;
  let boardOrigin: string;
  let strangerOrigin: string;

  before(async () => {
    idp.register({ ...testClient, redirectUris: [`${web.app.baseUrl}/auth/oidc/test/callback`] });
    await loadScotlandServices(web.app);
    const organisations = web.app.connection.model('Organisation') as Models['organisations'];
    const board = (await organisations.findById(hospital).lean())!.ancestors[0]!;
    boardSite = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><head><title>Board</title><script type="module" src="${web.app.baseUrl}/widget/careloop.js"></script></head>` +
            `<body><main><careloop-stories service="${board}"></careloop-stories></main></body></html>`,
        ),
    );
    strangerSite = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body><main>Elsewhere</main></body></html>',
        ),
    );
    await Promise.all(
      [boardSite, strangerSite].map(
        (site) => new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve)),
      ),
    );
    // The board's site on localhost, the service on 127.0.0.1: two origins, as on the web.
    boardOrigin = `http://localhost:${(boardSite.address() as AddressInfo).port}`;
    strangerOrigin = `http://localhost:${(strangerSite.address() as AddressInfo).port}`;
    await organisations.updateOne({ _id: board }, { $set: { allowedOrigins: [boardOrigin] } });
  });
  after(async () => {
    for (const site of [boardSite, strangerSite]) site?.closeAllConnections();
    await Promise.all([
      ...[boardSite, strangerSite].map(
        (site) => new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined))),
      ),
      idp?.close(),
    ]);
  });

  /** Logs in at the provider's own form in the popup; the popup closes itself when it has handed over. */
  async function logInAtProvider(popup: Page, login: string): Promise<void> {
    await popup.locator('input[name="login"]').fill(login);
    await popup.locator('input[name="password"]').fill('any password');
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Sign-in' }).click();
    await closed;
  }

  it('signs staff in from a board’s site through a popup, into their services, to respond to a story (a new responder’s response waits for a moderator)', async () => {
    const story = await publishedStory(web.app, { title: 'Kind night staff', services: [department] });
    await web.page.goto(`${boardOrigin}/`);
    const stories = web.page.locator('careloop-stories');
    await stories.getByRole('button', { name: 'Staff sign in' }).click();
    const admin = web.page.locator('careloop-admin');
    const started = Date.now();
    const popupOpened = web.page.waitForEvent('popup');
    await admin.getByRole('button', { name: 'Sign in with Test NHS login' }).click();
    const popup = await popupOpened;
    await admin.getByText('Finish signing in in the window that opened.').waitFor();
    await logInAtProvider(popup, 'morag');
    await admin.getByText('Signed in as Morag Ross').first().waitFor();
    const signInMs = Date.now() - started;
    // The first badge is the account's role, in the header (the stories below carry badges of their own).
    expect(await admin.locator('.badge').first().textContent()).to.equal('staff');
    expect(
      await web.page.evaluate(() => document.cookie),
      'the board’s page holds no cookie of careloop’s',
    ).to.equal('');

    const view = admin.locator('careloop-admin-stories');
    await view.getByRole('button', { name: 'Kind night staff' }).click();
    await view.getByLabel('Your response').fill('Thank you: I will pass this on to the night team.');
    await view.getByRole('button', { name: 'Publish response' }).click();
    // An account its identity provider just created is a new responder: a moderator reads its first responses.
    await view.getByText('Your response is waiting for a moderator').waitFor();
    expect((await callApi(web.app, 'GET', `/stories/${story.id}`)).body.responseCount).to.equal(0);
    const responses = web.app.connection.model('Response') as Models['responses'];
    const users = web.app.connection.model('User') as Models['users'];
    const author = await users.findOne({ email: 'morag.ross@nhs.scot' }).lean();
    expect(author?.services, 'the services the group maps to').to.deep.equal([hospital]);
    const response = await responses.findOne({ storyId: story.id }).lean();
    expect(response?.responder).to.include({ name: 'Morag Ross', jobTitle: 'Ward manager', role: 'staff' });
    expect(String(response?.responder?.userId)).to.equal(String(author?._id));
    process.stderr.write(`      (click to admin mode, provider login included: ${signInMs} ms)\n`);
  });

  it('posts the session to nobody but the allowed board: a foreign page that opens the sign-in receives nothing', async () => {
    await web.page.goto(`${strangerOrigin}/`);
    // A page no board allows claims to be the board's site, to get the session posted to it.
    const start = `${web.app.baseUrl}/auth/oidc/test/start?mode=popup&origin=${encodeURIComponent(boardOrigin)}`;
    await web.page.evaluate(() => {
      const received: unknown[] = [];
      (window as unknown as { received: unknown[] }).received = received;
      addEventListener('message', (event) => received.push(event.data));
    });
    const popupOpened = web.page.waitForEvent('popup');
    await web.page.evaluate((url) => void window.open(url, 'sign-in', 'popup'), start);
    await logInAtProvider(await popupOpened, 'morag');
    // The popup posted (it closes only after posting): give a misdelivered message time to arrive.
    await web.page.waitForTimeout(300);
    expect(
      await web.page.evaluate(() => (window as unknown as { received: unknown[] }).received),
    ).to.deep.equal([]);
  });

  it('signs staff in on the service’s own staff page in the tab, and takes the session out of the address', async () => {
    // The provider's development login page asks for a web font, which this machine cannot reach.
    web.allowFailedLoad('ERR_NAME_NOT_RESOLVED', '/css');
    await web.page.goto(`${web.app.baseUrl}/admin.html`);
    const admin = web.page.locator('careloop-admin');
    await admin.getByRole('button', { name: 'Sign in with Test NHS login' }).click();
    await web.page.locator('input[name="login"]').fill('morag');
    await web.page.locator('input[name="password"]').fill('any password');
    await web.page.getByRole('button', { name: 'Sign-in' }).click();
    await admin.getByText('Signed in as Morag Ross').first().waitFor();
    expect(web.page.url()).to.equal(`${web.app.baseUrl}/admin.html`);
    expect(
      await web.page.evaluate(() => history.length),
      'no entry with the token to go back to',
    ).to.be.at.most(4);
  });
});
