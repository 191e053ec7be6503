import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { rawGet, startTestApp, type TestApp } from '../../support/app.js';
import { getJson, loadScotlandServices, publishedStory } from '../../support/stories.js';

describe('public story reads: answered from memory until a public answer can change', () => {
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp();
    await loadScotlandServices(testApp);
  });

  after(async () => {
    await testApp.close();
  });

  it('gives an anonymous reader the same list twice, with an ETag, and 304 for a copy that is current', async () => {
    await publishedStory(testApp, { title: 'A story already out' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const first = await getJson(testApp, '/stories');
    const second = await getJson(testApp, '/stories');
    expect(second.text).to.equal(first.text);
    const etag = second.headers.get('etag');
    // fetch() asks for compressed answers: the tag names the coding too (another representation).
    expect(etag).to.match(/^"[\w-]+(\.(br|gzip))?"$/);

    // Exactly these headers (fetch would add Cache-Control: no-cache to a conditional request).
    const conditional = await rawGet(testApp.baseUrl, '/api/v1/stories', { 'if-none-match': etag! });
    expect(conditional.status).to.equal(304);
  });

  it('sends the list compressed to a reader that accepts it, the same stories once unpacked', async () => {
    const plain = await rawGet(testApp.baseUrl, '/api/v1/stories');
    const packed = await rawGet(testApp.baseUrl, '/api/v1/stories', { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(packed.headers['content-encoding']).to.equal('gzip');
    expect(packed.headers.vary).to.match(/Accept-Encoding/i);
    expect(gunzipSync(packed.bytes).toString('utf8')).to.equal(plain.body);
    expect(packed.bytes.length).to.be.lessThan(plain.bytes.length);
  });

  it('still shows a withdrawal at once, on the list and on the story', async () => {
    const story = await publishedStory(testApp, { title: 'Soon withdrawn' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await getJson(testApp, `/stories/${story.id}`)).status).to.equal(200);
    const before = await getJson(testApp, '/stories');
    expect(JSON.stringify(before.body.items)).to.include(story.id);

    const withdrawal = await fetch(`${testApp.baseUrl}/api/v1/stories/${story.id}/withdrawal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${story.authorKey}` },
    });
    expect(withdrawal.status).to.equal(200);

    expect((await getJson(testApp, `/stories/${story.id}`)).status).to.equal(404);
    const after = await getJson(testApp, '/stories');
    expect(JSON.stringify(after.body.items)).not.to.include(story.id);
  });

  it('answers signed-in readers and authors afresh, never from the anonymous copy', async () => {
    const story = await publishedStory(testApp, { title: 'Seen by its author' });
    const asAuthor = await getJson(testApp, `/stories/${story.id}`, {
      authorization: `Bearer ${story.authorKey}`,
    });
    expect(asAuthor.status).to.equal(200);
    expect(asAuthor.headers.get('cache-control')).to.equal('private, no-store');
    expect(asAuthor.body).to.have.property('replies');
  });
});
