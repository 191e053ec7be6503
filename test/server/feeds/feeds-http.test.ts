import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startTestStore, type TestStore } from '../../../packages/engine/test/support/store.js';
import {
  getFeed,
  itemIds,
  jsonFeed,
  rssFeed,
  rssTree,
  startFeedsTestApp,
  xmlProblem,
  type FeedsTestApp,
} from '../../support/feeds.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
} from '../../support/stories.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('feeds: HTTP caching, compression, withdrawal and hostile text', () => {
  let store: TestStore;
  let app: FeedsTestApp;

  before(async () => {
    store = await startTestStore();
    app = await startFeedsTestApp({ store, config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
    await store.stop();
  });

  it('every feed has a strong ETag, Last-Modified, public five-minute caching and Vary: Accept-Encoding', async () => {
    await publishedStory(app);
    const response = await getFeed(app, `/feeds/services/${board}.rss`);
    expect(response.headers.etag).to.match(/^"[A-Za-z0-9_-]+"$/);
    expect(Number.isNaN(Date.parse(String(response.headers['last-modified'])))).to.equal(false);
    expect(response.headers['cache-control']).to.equal('public, max-age=300');
    expect(response.headers.vary).to.equal('Accept-Encoding');
    expect(response.headers['content-type']).to.equal('application/rss+xml; charset=utf-8');
    const json = await getFeed(app, `/feeds/services/${board}.json`);
    expect(json.headers['content-type']).to.equal('application/feed+json; charset=utf-8');
  });

  it('Last-Modified is never later than the answer itself, even when a change is stamped ahead of its clock', async () => {
    const { id } = await publishedStory(app, { title: 'Stamped by a clock running ahead' });
    const ahead = new Date(Date.now() + 3 * 86_400_000);
    await app.models.stories.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { updatedAt: ahead } },
    );
    app.feeds.invalidate();
    const response = await getFeed(app, `/feeds/services/${board}.json`);
    const lastModified = Date.parse(String(response.headers['last-modified']));
    expect(lastModified).to.be.at.most(Date.parse(String(response.headers.date)));
  });

  it('If-None-Match with the current ETag is a 304 with no body', async () => {
    const first = await getFeed(app, `/feeds/services/${hospital}.json`);
    const again = await getFeed(app, `/feeds/services/${hospital}.json`, {
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).to.equal(304);
    expect(again.raw.length).to.equal(0);
    expect(again.headers.etag).to.equal(first.headers.etag);
  });

  it('If-Modified-Since at or after Last-Modified is a 304; before it, the feed', async () => {
    const first = await getFeed(app, `/feeds/services/${department}.rss`);
    const lastModified = String(first.headers['last-modified']);
    const same = await getFeed(app, `/feeds/services/${department}.rss`, {
      'if-modified-since': lastModified,
    });
    expect(same.status).to.equal(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const older = await getFeed(app, `/feeds/services/${department}.rss`, { 'if-modified-since': earlier });
    expect(older.status).to.equal(200);
    expect(older.text).to.equal(first.text);
  });

  it('an ETag from before a new story is published gets the new feed, not a 304', async () => {
    const before = await getFeed(app, `/feeds/services/${board}.json`);
    const { id } = await publishedStory(app, { title: 'A newer story' });
    app.feeds.invalidate();
    const after = await getFeed(app, `/feeds/services/${board}.json`, {
      'if-none-match': String(before.headers.etag),
    });
    expect(after.status).to.equal(200);
    expect(after.text).to.include(`urn:careloop:story:${id}`);
  });

  it('gzip and brotli bodies decode to exactly the uncompressed feed', async () => {
    const plain = await getFeed(app, `/feeds/services/${board}.rss`);
    const gzipped = await getFeed(app, `/feeds/services/${board}.rss`, { 'accept-encoding': 'gzip' });
    const brotli = await getFeed(app, `/feeds/services/${board}.rss`, { 'accept-encoding': 'br, gzip' });
    expect(gzipped.headers['content-encoding']).to.equal('gzip');
    expect(brotli.headers['content-encoding']).to.equal('br');
    expect(gunzipSync(gzipped.raw).toString('utf8')).to.equal(plain.text);
    expect(brotliDecompressSync(brotli.raw).toString('utf8')).to.equal(plain.text);
    expect(gzipped.headers.etag).not.to.equal(plain.headers.etag);
  });

  it('an ETag received compressed still validates the uncompressed feed (304)', async () => {
    const gzipped = await getFeed(app, `/feeds/services/${board}.json`, { 'accept-encoding': 'gzip' });
    const again = await getFeed(app, `/feeds/services/${board}.json`, {
      'if-none-match': String(gzipped.headers.etag),
    });
    expect(again.status).to.equal(304);
  });

  it('a withdrawn story leaves every feed on the next request', async () => {
    const { id, authorKey } = await publishedStory(app, {
      title: 'To be withdrawn',
      tags: { good: ['withdrawal-tag'] },
    });
    // Published in the store directly, not through this instance's API: tell its feeds.
    app.feeds.invalidate();
    const guid = `urn:careloop:story:${id}`;
    const paths = [
      `/feeds/services/${board}.json`,
      `/feeds/services/${department}.json?include=responses`,
      '/feeds/tags/withdrawal-tag.json',
    ];
    for (const path of paths) expect(itemIds(await jsonFeed(app, path)), path).to.include(guid);
    expect((await getFeed(app, `/feeds/stories/${id}.rss`)).status).to.equal(200);

    const withdrawn = await fetch(`${app.baseUrl}/api/v1/stories/${id}/withdrawal`, {
      method: 'POST',
      headers: bearer(authorKey),
    });
    expect(withdrawn.status).to.equal(200);

    for (const path of paths) expect(itemIds(await jsonFeed(app, path)), path).not.to.include(guid);
    const { feed } = await rssFeed(app, `/feeds/services/${board}.rss`);
    expect(feed.items.map((item) => item.guid)).not.to.include(guid);
    expect((await getFeed(app, `/feeds/stories/${id}.rss`)).status).to.equal(404);
  });

  it('hostile text stays text: escaped, well-formed XML and JSON, emoji and right-to-left text kept', async () => {
    const hostileTitle = 'Nurses ]]> <script>alert(1)</script> \u202Eevil\u202C 😀';
    const hostileBody =
      'First ]]></description><item>injected</item> <img src=x onerror=alert(1)>\u0001\u0008 end 🙂 مرحبا';
    const { id } = await publishedStory(app, {
      title: hostileTitle,
      body: hostileBody,
      nickname: 'Ann <b>bold</b> ]]>',
      tags: { good: ['<i>care</i>'] },
    });
    const rssPath = `/feeds/stories/${id}.rss`;
    const rss = await getFeed(app, rssPath);
    expect(xmlProblem(rss.text)).to.equal(true);
    // User text is character data (CDATA): it adds no element, whatever it looks like.
    const items = rssTree(rss.text).rss.channel.item as Record<string, unknown>[];
    expect(items).to.have.length(1);
    expect(Object.keys(items[0]!)).to.have.members([
      'title',
      'description',
      'link',
      'guid',
      'category',
      'dc:creator',
      'pubDate',
    ]);

    const { feed } = await rssFeed(app, rssPath);
    const [item] = feed.items;
    expect(item!.title).to.equal(hostileTitle);
    expect(item!.creator).to.equal('Ann <b>bold</b> ]]>');
    expect(item!.categories).to.deep.equal(['<i>care</i>']);
    // The description is HTML: the user's markup arrives as escaped text inside it.
    expect(item!.content).to.include('&lt;img src=x onerror=alert(1)&gt;');
    expect(item!.content).to.include('🙂 مرحبا');
    expect(item!.content).not.to.include('\u0001');

    const json = await jsonFeed(app, `/feeds/stories/${id}.json`);
    expect(json.items[0]!.title).to.equal(hostileTitle);
    expect(json.items[0]!.content_text).to.equal(
      'First ]]></description><item>injected</item> <img src=x onerror=alert(1)> end 🙂 مرحبا',
    );
    expect(json.items[0]!.content_html).to.equal(
      '<p dir="auto">First ]]&gt;&lt;/description&gt;&lt;item&gt;injected&lt;/item&gt; &lt;img src=x onerror=alert(1)&gt; end 🙂 مرحبا</p>',
    );
  });

  it('hostile text in a story, a tag, a service or a constituency name never reaches a channel description, and channel titles keep it as text', async () => {
    const hostile = 'Ward ]]> <script>alert(1)</script> & <b>x</b>';
    const constituency = `${hostile} constituency`;
    const tag = '<script>x</script> ]]> &';
    await app.connection
      .model('Organisation')
      .updateOne({ _id: otherBoardHospital }, { $set: { name: hostile, constituency } });
    const { id } = await publishedStory(app, {
      title: hostile,
      nickname: 'Ann ]]> <i>x</i>',
      services: [otherBoardHospital],
      tags: { good: [tag] },
    });
    const slug = constituency
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const feeds: Array<[path: string, query: string, title: string]> = [
      [`/feeds/stories/${id}`, '', `Story: ${hostile}`],
      [`/feeds/services/${otherBoardHospital}`, '', `Stories about ${hostile}`],
      [`/feeds/services/${otherBoardHospital}`, '?include=responses', `Stories and responses: ${hostile}`],
      [
        `/feeds/tags/${encodeURIComponent(hostile.toLowerCase())}`,
        '',
        `Stories tagged “${hostile.toLowerCase()}”`,
      ],
      [`/feeds/constituencies/${slug}`, '', `Stories from ${constituency}`],
    ];
    for (const [path, query, title] of feeds) {
      const { text, feed } = await rssFeed(app, `${path}.rss${query}`);
      expect(feed.title, path).to.equal(title);
      expect(feed.description, path).not.to.match(/[<>&]|script|Ann|Ward/);
      const channel = rssTree(text).rss.channel as Record<string, unknown>;
      expect(Object.keys(channel), path).not.to.include.members(['script', 'b', 'i']);
      const json = await jsonFeed(app, `${path}.json${query}`);
      expect(json.title, path).to.equal(title);
      expect(json.description, path).to.equal(feed.description);
    }
  });

  it('no private field of a story reaches any feed', async () => {
    const { id } = await publishedStory(app, {
      title: 'Private details test',
      email: 'secret.author@example.org',
      postcode: 'KA2 0BE',
    });
    await app.models.stories.updateOne({ _id: new Types.ObjectId(id) }, { $set: { criticality: 4 } });
    app.feeds.invalidate();
    const stored = await app.models.stories.findById(id).lean();
    const paths = [
      `/feeds/services/${board}.rss`,
      `/feeds/services/${board}.json`,
      `/feeds/services/${board}.json?include=responses`,
      `/feeds/stories/${id}.rss`,
      `/feeds/stories/${id}.json`,
      '/feeds/tags/kindness.rss',
      '/feeds',
    ];
    for (const path of paths) {
      const { text } = await getFeed(app, path);
      expect(text, path).not.to.include('secret.author@example.org');
      expect(text, path).not.to.match(/KA2 ?0BE/i);
      expect(text, path).not.to.include(stored!.authorKeyHash);
      expect(text, path).not.to.match(/criticality|authorKey|postcode|"email"/i);
    }
  });

  it('guids stay the same after the story is edited and after the service restarts on the same store', async () => {
    const { id } = await publishedStory(app, { title: 'Before the edit' });
    const before = await jsonFeed(app, `/feeds/stories/${id}.json`);
    await app.models.stories.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { title: 'After the edit' } },
    );
    app.feeds.invalidate();
    const edited = await jsonFeed(app, `/feeds/stories/${id}.json`);
    expect(edited.items[0]!.title).to.equal('After the edit');
    expect(itemIds(edited)).to.deep.equal(itemIds(before));

    const restarted = await startFeedsTestApp({ store });
    try {
      const afterRestart = await jsonFeed(restarted, `/feeds/stories/${id}.json`);
      expect(itemIds(afterRestart)).to.deep.equal(itemIds(before));
      const { feed } = await rssFeed(restarted, `/feeds/stories/${id}.rss`);
      expect(feed.items[0]!.guid).to.equal(`urn:careloop:story:${id}`);
    } finally {
      await restarted.close();
    }
  });
});
