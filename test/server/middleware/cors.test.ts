import { expect } from 'chai';
import type { Models } from '../../../server/models/index.js';
import { originNotAllowedType } from '../../../server/middleware/cors.js';
import { createAccount } from '../../support/accounts.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  loadScotlandServices,
  otherBoardHospital,
  storyBody,
} from '../../support/stories.js';

/** The website of the board in `board` (NHS Ayrshire & Arran), and a site no board lists. */
const boardSite = 'https://www.nhsaaa.example';
const otherBoardSite = 'https://www.nhsborders.example';
const strangerSite = 'https://copycat.example';

describe('cross-origin calls from board websites (CORS)', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    const organisations = app.connection.model('Organisation') as Models['organisations'];
    await organisations.updateOne({ _id: board }, { $set: { allowedOrigins: [boardSite] } });
    await organisations.updateOne({ _id: 'nhs-borders' }, { $set: { allowedOrigins: [otherBoardSite] } });
  });

  after(async () => {
    await app?.close();
  });

  const call = (path: string, origin: string | undefined, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}${path}`, {
      ...init,
      headers: { ...(origin ? { origin } : {}), ...(init.headers as Record<string, string>) },
    });

  const preflight = (path: string, origin: string, method = 'POST') =>
    call(path, origin, {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type, idempotency-key, authorization',
      },
    });

  it("lets a board's own site read its stories, naming that origin and varying on Origin", async () => {
    const response = await call(`/api/v1/stories?service=${board}`, boardSite);
    expect(response.status).to.equal(200);
    expect(response.headers.get('access-control-allow-origin')).to.equal(boardSite);
    expect(response.headers.get('vary')).to.match(/\bOrigin\b/);
    expect(response.headers.get('access-control-allow-credentials')).to.equal(null);
  });

  it('answers a preflight from an allowed site with the methods and headers the widget sends', async () => {
    const response = await preflight('/api/v1/stories', boardSite);
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-origin')).to.equal(boardSite);
    const headers = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const name of ['authorization', 'content-type', 'idempotency-key']) expect(headers).to.include(name);
    expect(response.headers.get('access-control-allow-methods')).to.include('POST');
    expect(response.headers.get('access-control-allow-credentials')).to.equal(null);
  });

  it('lets a site no board lists through the preflight, so the refusal that follows is readable', async () => {
    const response = await preflight('/api/v1/stories', strangerSite);
    expect(response.headers.get('access-control-allow-origin')).to.equal(strangerSite);
    const posted = await fetch(`${app.baseUrl}/api/v1/stories`, {
      method: 'POST',
      headers: { origin: strangerSite, 'content-type': 'application/json' },
      body: JSON.stringify(storyBody()),
    });
    expect(posted.status).to.equal(403);
    expect(posted.headers.get('access-control-allow-origin')).to.equal(strangerSite);
    expect((await posted.json()).type).to.equal(originNotAllowedType);
  });

  it("lets a site in at once on the instance where an admin adds it to the board's list", async () => {
    const newSite = 'https://new.nhsaaa.example';
    expect((await call(`/api/v1/stories?service=${board}`, newSite)).status).to.equal(403);
    const admin = await createAccount(app, { role: 'admin' });
    const changed = await fetch(`${app.baseUrl}/api/v1/services/${board}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins: [boardSite, newSite] }),
    });
    expect(changed.status).to.equal(200);
    const allowed = await call(`/api/v1/stories?service=${board}`, newSite);
    expect(allowed.status).to.equal(200);
    expect(allowed.headers.get('access-control-allow-origin')).to.equal(newSite);
  });

  it('refuses a site no board lists with a 403 problem it can read', async () => {
    const response = await call(`/api/v1/stories?service=${board}`, strangerSite);
    expect(response.status).to.equal(403);
    expect(response.headers.get('access-control-allow-origin')).to.equal(strangerSite);
    const problem = await response.json();
    expect(problem.type).to.equal(originNotAllowedType);
    expect(problem.detail).to.include(strangerSite);
  });

  it("refuses another board's site reading this board's stories, naming the board", async () => {
    const response = await call(`/api/v1/stories?service=${department}`, otherBoardSite);
    expect(response.status).to.equal(403);
    expect(response.headers.get('access-control-allow-origin')).to.equal(otherBoardSite);
    const problem = await response.json();
    expect(problem.type).to.equal(originNotAllowedType);
    expect(problem.board).to.deep.equal({ id: board, name: 'NHS Ayrshire & Arran' });
    expect(problem.detail).to.equal(
      `This site (${otherBoardSite}) is not allowed to show careloop for NHS Ayrshire & Arran.`,
    );
  });

  it("refuses a story told on another board's site about this board's services, and keeps nothing", async () => {
    const stories = app.connection.model('Story') as Models['stories'];
    const before = await stories.countDocuments();
    const response = await call('/api/v1/stories', otherBoardSite, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(storyBody({ services: [department] })),
    });
    expect(response.status).to.equal(403);
    expect(await stories.countDocuments()).to.equal(before);
  });

  it("takes a story told on the board's own site", async () => {
    const response = await call('/api/v1/stories', boardSite, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'cors-test-1' },
      body: JSON.stringify(storyBody({ services: [department] })),
    });
    expect(response.status).to.equal(201);
    expect(response.headers.get('access-control-allow-origin')).to.equal(boardSite);
    expect(response.headers.get('access-control-expose-headers')).to.include('Location');
  });

  it('refuses /services/:id/... of another board', async () => {
    const response = await call(`/api/v1/services/${otherBoardHospital}/summary`, boardSite);
    expect(response.status).to.equal(403);
    expect((await response.json()).board.id).to.equal('nhs-borders');
  });

  it('keeps its CORS headers on a problem from the API itself', async () => {
    const response = await call('/api/v1/stories?limit=9999', boardSite);
    expect(response.status).to.equal(400);
    expect(response.headers.get('access-control-allow-origin')).to.equal(boardSite);
  });

  it('needs no permission for its own pages', async () => {
    const response = await call(`/api/v1/stories?service=${otherBoardHospital}`, new URL(app.baseUrl).origin);
    expect(response.status).to.equal(200);
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('lets anyone fetch the feeds and the widget script', async () => {
    const feed = await call(`/feeds/services/${board}.json`, strangerSite);
    expect(feed.headers.get('access-control-allow-origin')).to.equal('*');
    const script = await call('/widget/careloop.js', strangerSite);
    expect(script.headers.get('access-control-allow-origin')).to.equal('*');
  });
});
