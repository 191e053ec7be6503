import { expect } from 'chai';
import type { Middleware } from 'koa';
import type { Models } from '../../../server/models/index.js';
import { createAccount } from '../../support/accounts.js';
import { rawGet, startTestApp, waitForLogLine, type RawResponse, type TestApp } from '../../support/app.js';
import { board, loadScotlandServices, publishedStory } from '../../support/stories.js';

const boardSite = 'https://www.nhsaaa.example';

/**
 * The header lines as sent, but for the two made for each answer, by name: the order of different
 * fields means nothing (RFC 9110 §5.3), and even the whole app's own answers set them in another order
 * when a page is built than when it is found in its cache. Lines of the same name keep their order.
 */
function wire(response: RawResponse): string[][] {
  const lines: string[][] = [];
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    const name = response.rawHeaders[index]!;
    if (!/^(date|x-request-id)$/i.test(name)) lines.push([name, response.rawHeaders[index + 1]!]);
  }
  return lines.sort(([a], [b]) => a!.toLowerCase().localeCompare(b!.toLowerCase()));
}

describe('cached pages: sent again from memory, exactly as the whole app sent them', () => {
  let app: TestApp;
  let storyId: string;
  /** Requests that went past the replay, through the rest of the app. */
  let chainRuns = 0;
  const countChainRuns: Middleware = async (_ctx, next) => {
    chainRuns += 1;
    await next();
  };

  before(async () => {
    app = await startTestApp({
      // Right after the replay (the first middleware): counts the requests it did not answer itself.
      extend: (koa) => void koa.middleware.splice(1, 0, countChainRuns),
    });
    await loadScotlandServices(app);
    const organisations = app.connection.model('Organisation') as Models['organisations'];
    await organisations.updateOne({ _id: board }, { $set: { allowedOrigins: [boardSite] } });
    storyId = (await publishedStory(app, { title: 'Kept and sent again' })).id;
    // The change stamp is read at most once a second: pages built now are kept.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
  });

  after(async () => {
    await app?.close();
  });

  const cases: { name: string; path: () => string; headers: Record<string, string> }[] = [
    {
      name: 'a board feed, gzip',
      path: () => `/feeds/services/${board}.rss`,
      headers: { 'accept-encoding': 'gzip' },
    },
    { name: 'a story thread feed', path: () => `/feeds/stories/${storyId}.json`, headers: {} },
    {
      name: "a board's story list, from the board's site, brotli",
      path: () => `/api/v1/stories?service=${board}`,
      headers: { origin: boardSite, 'accept-encoding': 'br' },
    },
    { name: 'a story and its thread', path: () => `/api/v1/stories/${storyId}`, headers: {} },
    { name: 'the feeds page in Welsh', path: () => '/feeds', headers: { 'accept-language': 'cy' } },
  ];

  for (const { name, path, headers } of cases) {
    it(`${name}: the same status, header lines and bytes, for GET, HEAD and a 304`, async () => {
      const runsBefore = chainRuns;
      const madeHead = await rawGet(app.baseUrl, path(), headers, 'HEAD');
      const conditional = { ...headers, 'if-none-match': String(madeHead.headers.etag) };
      const madeNotModified = await rawGet(app.baseUrl, path(), conditional);
      const made = await rawGet(app.baseUrl, path(), headers);
      expect(chainRuns - runsBefore).to.equal(3);

      const replayed = await rawGet(app.baseUrl, path(), headers);
      const replayedHead = await rawGet(app.baseUrl, path(), headers, 'HEAD');
      const replayedNotModified = await rawGet(app.baseUrl, path(), conditional);
      expect(chainRuns - runsBefore, 'answered without the rest of the app').to.equal(3);

      expect(made.status).to.equal(200);
      expect(replayed.status).to.equal(200);
      expect(wire(replayed)).to.deep.equal(wire(made));
      expect(replayed.bytes.equals(made.bytes)).to.equal(true);
      expect(replayedHead.status).to.equal(200);
      expect(wire(replayedHead)).to.deep.equal(wire(madeHead));
      expect(replayedHead.bytes.length).to.equal(0);
      expect(madeNotModified.status).to.equal(304);
      expect(replayedNotModified.status).to.equal(304);
      expect(wire(replayedNotModified)).to.deep.equal(wire(madeNotModified));
    });
  }

  it('gives every replayed answer its own request id (or the one sent) and its own log line', async () => {
    const path = `/feeds/stories/${storyId}.rss`;
    await rawGet(app.baseUrl, path);
    const first = await rawGet(app.baseUrl, path);
    const second = await rawGet(app.baseUrl, path, { 'x-request-id': 'reader-42' });
    expect(first.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-request-id']).to.equal('reader-42');
    const line = await waitForLogLine(app.logLines, (entry) => entry.requestId === 'reader-42');
    expect(line).to.include({ method: 'GET', path, status: 200 });
    await waitForLogLine(app.logLines, (entry) => entry.requestId === first.headers['x-request-id']);
  });

  it('answers anyone who sends Authorization through the whole app, never from the kept answer', async () => {
    const path = `/api/v1/stories/${storyId}`;
    await rawGet(app.baseUrl, path);
    const runsBefore = chainRuns;
    const author = await rawGet(app.baseUrl, path, { authorization: 'Bearer not-a-real-token' });
    expect(author.status).to.equal(401);
    expect(chainRuns - runsBefore).to.equal(1);
  });

  it('leaves out a story withdrawn on this instance from the very next answer', async () => {
    const path = `/feeds/services/${board}.json`;
    const story = await publishedStory(app, { title: 'Withdrawn after the feed was kept' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await rawGet(app.baseUrl, path);
    const kept = await rawGet(app.baseUrl, path);
    expect(kept.body).to.include('Withdrawn after the feed was kept');
    const withdrawal = await fetch(`${app.baseUrl}/api/v1/stories/${story.id}/withdrawal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${story.authorKey}` },
    });
    expect(withdrawal.status).to.equal(200);
    const next = await rawGet(app.baseUrl, path);
    expect(next.body).not.to.include('Withdrawn after the feed was kept');
  });

  it("stops answering a site at once when an admin on this instance takes it off the board's list", async () => {
    const path = `/api/v1/stories?service=${board}&limit=5`;
    await rawGet(app.baseUrl, path, { origin: boardSite });
    const kept = await rawGet(app.baseUrl, path, { origin: boardSite });
    expect(kept.status).to.equal(200);
    expect(kept.headers['access-control-allow-origin']).to.equal(boardSite);
    const admin = await createAccount(app, { role: 'admin' });
    const changed = await fetch(`${app.baseUrl}/api/v1/services/${board}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins: [] }),
    });
    expect(changed.status).to.equal(200);
    const refused = await rawGet(app.baseUrl, path, { origin: boardSite });
    expect(refused.status).to.equal(403);
  });
});
