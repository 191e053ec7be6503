import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Models } from '../../server/models/index.js';
import { useBrowserPage } from '../support/browser.js';
import { loadScotlandServices, publishedStory, storyBody } from '../support/stories.js';

const demoPage = fileURLToPath(new URL('../../examples/index.html', import.meta.url));
const favicon = fileURLToPath(new URL('../../examples/favicon.svg', import.meta.url));

/**
 * The demo board page as a board would host it on its own website: the same HTML, with the script and
 * stylesheet taken from the careloop service, so the widget talks to careloop cross-origin.
 */
function boardPage(serviceUrl: string): string {
  return readFileSync(demoPage, 'utf8')
    .replace('src="/widget/careloop.js"', `src="${serviceUrl}/widget/careloop.js"`)
    .replace('href="/board.css"', `href="${serviceUrl}/board.css"`);
}

/**
 * The widget embedded on a page served from another origin: the board's own site (allowed in the board's
 * settings) shows the stories and can send one; a site the board does not allow is refused, and the
 * widget says so instead of showing an outage.
 */
describe('the widget on a board website of another origin', function () {
  this.timeout(60_000);
  const web = useBrowserPage({ context: { viewport: { width: 1280, height: 1000 } } });
  let site: Server;
  let strangerServer: Server;
  /** Both serve the same page from the same server: two origins, only the first allowed by the board. */
  let allowedSite: string;
  let otherSite: string;
  /** The same page from another port: an origin no board lists at all. */
  let strangerSite: string;

  before(async () => {
    await loadScotlandServices(web.app);
    const servePage = (request: { url?: string }, response: ServerResponse) => {
      // The page names its icon as the board's own file, as a board copying it would have.
      if (request.url === '/favicon.svg') {
        response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(readFileSync(favicon));
        return;
      }
      if (request.url !== '/') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(boardPage(web.app.baseUrl));
    };
    site = createServer(servePage);
    strangerServer = createServer(servePage);
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => strangerServer.listen(0, '127.0.0.1', resolve));
    strangerSite = `http://127.0.0.1:${(strangerServer.address() as AddressInfo).port}`;
    const { port } = site.address() as AddressInfo;
    allowedSite = `http://127.0.0.1:${port}`;
    otherSite = `http://localhost:${port}`;
    expect(new URL(allowedSite).origin).not.to.equal(new URL(web.app.baseUrl).origin);
    const organisations = web.app.connection.model('Organisation') as Models['organisations'];
    await organisations.updateOne({ _id: 'nhs-highland' }, { $set: { allowedOrigins: [allowedSite] } });
    // Another board lists the other site: it may use careloop, but not for NHS Highland.
    await organisations.updateOne({ _id: 'nhs-borders' }, { $set: { allowedOrigins: [otherSite] } });
    await publishedStory(web.app, {
      title: 'Seen quickly at Raigmore',
      body: 'The triage nurse saw me within ten minutes.',
      services: ['raigmore-hospital'],
    });
  });

  after(async () => {
    site?.closeAllConnections();
    strangerServer?.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined))),
      new Promise((resolve) => (strangerServer ? strangerServer.close(resolve) : resolve(undefined))),
    ]);
  });

  const widget = () => web.page.locator('careloop-stories');

  /** `POST /api/v1/stories` from the page, as the form sends it (JSON and a retry key: a preflight). */
  const submitFromPage = (story: Record<string, unknown>) =>
    web.page.evaluate(
      async ([api, body]) => {
        try {
          const response = await fetch(`${api}/api/v1/stories`, {
            method: 'POST',
            credentials: 'omit',
            headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        } catch (error) {
          return { status: 0, body: String(error) };
        }
      },
      [web.app.baseUrl, story] as const,
    );

  it("shows the board's stories on the board's own site", async () => {
    await web.page.goto(`${allowedSite}/`);
    await widget().getByText('Seen quickly at Raigmore').waitFor();
  });

  it("takes a story sent from the board's own site, preflight and all", async () => {
    await web.page.goto(`${allowedSite}/`);
    const sent = await submitFromPage(storyBody({ services: ['raigmore-hospital'] }));
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    const stories = web.app.connection.model('Story') as Models['stories'];
    const stored = await stories.findById(sent.body.id).lean();
    expect(stored?.source, 'the story remembers the site it was told on').to.equal(allowedSite);
  });

  it('says the site is not allowed, rather than that careloop is down, on a site the board does not allow', async () => {
    web.allowFailedLoad(403, '/api/v1/');
    await web.page.goto(`${otherSite}/`);
    await widget()
      .getByText(/not allowed to show careloop/)
      .waitFor();
    expect(await widget().getByText('Seen quickly at Raigmore').count()).to.equal(0);
    expect(
      await widget()
        .getByText(/unavailable/i)
        .count(),
    ).to.equal(0);
    expect(await web.page.getByRole('heading', { level: 1 }).textContent()).to.equal(
      'Tell us about your care',
    );
    // No story can be sent from here, so the form that would take one is not offered.
    expect(await widget().getByRole('textbox', { name: 'Your story' }).count()).to.equal(0);
    expect(await widget().getByRole('button', { name: 'Next' }).count()).to.equal(0);
  });

  it('on a site no board lists: the refusal, no form, and a sign-in refused for the site rather than the connection', async () => {
    web.allowFailedLoad(403, '/api/v1/');
    await web.page.goto(`${strangerSite}/`);
    await widget()
      .getByText(/not allowed to show careloop/)
      .waitFor();
    expect(await widget().getByRole('textbox', { name: 'Your story' }).count()).to.equal(0);
    await widget().getByRole('button', { name: 'Staff sign in' }).click();
    const admin = widget().locator('careloop-admin');
    await admin.getByLabel('Email address').fill('someone@board.example');
    await admin.getByLabel('Password').fill('a-long-password-here');
    await admin.getByLabel('Password').press('Enter');
    await admin.getByText('careloop does not allow signing in on this site').waitFor();
    expect(await admin.getByText(/could not be reached/).count()).to.equal(0);
  });

  it('refuses a story sent from that site, with a reason the widget can read', async () => {
    web.allowFailedLoad(403, '/api/v1/');
    await web.page.goto(`${otherSite}/`);
    const sent = await submitFromPage(storyBody({ services: ['raigmore-hospital'] }));
    expect(sent.status).to.equal(403);
    expect(sent.body).to.include({ type: 'urn:careloop:problem:origin-not-allowed' });
    expect(sent.body.board).to.deep.equal({ id: 'nhs-highland', name: 'NHS Highland' });
  });
});
