import { expect } from 'chai';
import { Types } from 'mongoose';
import {
  getFeed,
  itemIds,
  jsonFeed,
  rssFeed,
  startFeedsTestApp,
  type FeedsTestApp,
} from '../../support/feeds.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishDirectly,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

/** A visible staff response, written straight to the store as the responses service would. */
async function respond(app: FeedsTestApp, storyId: string, fields: Record<string, unknown> = {}) {
  const story = await app.models.stories.findById(storyId, { services: 1 }).lean();
  const response = await app.models.responses.create({
    storyId: new Types.ObjectId(storyId),
    services: story?.services ?? [],
    body: 'Thank you for telling us. We have shared this with the team.',
    responder: {
      userId: new Types.ObjectId(),
      name: 'Sam Carter',
      jobTitle: 'Charge nurse',
      role: 'staff',
      organisation: { id: hospital, name: 'University Hospital Crosshouse' },
    },
    editableUntil: new Date(Date.now() + 30 * 60_000),
    ...fields,
  });
  await app.models.stories.updateOne(
    { _id: new Types.ObjectId(storyId) },
    { $inc: { responseCount: 1 }, $set: { responded: true } },
  );
  app.feeds.invalidate();
  return response._id.toHexString();
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('feeds: what each feed shows', () => {
  let app: FeedsTestApp;
  let departmentStory: string;
  let otherBoardStory: string;
  let unpublished: string;

  before(async () => {
    app = await startFeedsTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    departmentStory = (
      await publishedStory(
        app,
        { title: 'Kind nurses in A&E', tags: { good: ['Night Staff'] } },
        minutesAgo(30),
      )
    ).id;
    otherBoardStory = (
      await publishedStory(app, { title: 'Borders ward', services: [otherBoardHospital] }, minutesAgo(20))
    ).id;
    unpublished = (await submitAccepted(app, { title: 'Still waiting for a moderator' })).id;
  });

  after(async () => {
    await app.close();
  });

  it("a board's JSON Feed lists stories about its hospitals' departments, and valid JSON Feed 1.1", async () => {
    const feed = await jsonFeed(app, `/feeds/services/${board}.json`);
    expect(itemIds(feed)).to.deep.equal([`urn:careloop:story:${departmentStory}`]);
    expect(feed.version).to.equal('https://jsonfeed.org/version/1.1');
    expect(feed.language).to.equal('en-GB');
    expect(feed.feed_url).to.equal(`${app.baseUrl}/feeds/services/${board}.json`);
  });

  it("a board's RSS feed parses in a feed reader with the same story, its guid, link, date and author", async () => {
    const { feed } = await rssFeed(app, `/feeds/services/${board}.rss`);
    expect(feed.items).to.have.length(1);
    const [item] = feed.items;
    expect(item!.guid).to.equal(`urn:careloop:story:${departmentStory}`);
    expect(item!.title).to.equal('Kind nurses in A&E');
    expect(item!.link).to.equal(`${app.baseUrl}/#careloop-story=${departmentStory}`);
    expect(item!.creator).to.equal('Grateful patient');
    expect(item!.categories).to.include('Night Staff');
    expect(new Date(item!.isoDate!).getTime()).to.be.closeTo(minutesAgo(30).getTime(), 60_000);
  });

  it('RSS guids say they are not permalinks', async () => {
    const { text } = await rssFeed(app, `/feeds/services/${department}.rss`);
    expect(text).to.include(`<guid isPermaLink="false">urn:careloop:story:${departmentStory}</guid>`);
  });

  it("RSS carries the channel's language and its own address as atom:link rel=self", async () => {
    const { text, feed } = await rssFeed(app, `/feeds/services/${hospital}.rss`);
    expect(text).to.include(`<atom:link href="${app.baseUrl}/feeds/services/${hospital}.rss" rel="self"`);
    expect(feed.language).to.equal('en-GB');
    expect(feed.title).to.include('University Hospital Crosshouse');
  });

  it('a story that is not published yet is in no feed', async () => {
    for (const path of [`/feeds/services/${board}.json`, `/feeds/tags/night%20staff.json`]) {
      const feed = await jsonFeed(app, path);
      expect(itemIds(feed)).not.to.include(`urn:careloop:story:${unpublished}`);
    }
    expect((await getFeed(app, `/feeds/stories/${unpublished}.json`)).status).to.equal(404);
  });

  it('a tag feed finds stories whatever the case of the tag', async () => {
    const feed = await jsonFeed(app, '/feeds/tags/NIGHT%20Staff.json');
    expect(itemIds(feed)).to.deep.equal([`urn:careloop:story:${departmentStory}`]);
    expect(feed.items[0]!.tags).to.include('Night Staff');
    expect(feed.feed_url).to.equal(`${app.baseUrl}/feeds/tags/night%20staff.json`);
  });

  it('a constituency feed, by its slug, covers the services in the constituency', async () => {
    const ayr = (
      await publishedStory(
        app,
        { title: 'Ayr maternity', services: ['university-hospital-ayr'] },
        minutesAgo(10),
      )
    ).id;
    const feed = await jsonFeed(app, '/feeds/constituencies/ayr-carrick-and-cumnock.json');
    expect(itemIds(feed)).to.deep.equal([`urn:careloop:story:${ayr}`]);
    expect(feed.title).to.include('Ayr, Carrick and Cumnock');
    const { feed: rss } = await rssFeed(app, '/feeds/constituencies/ayr-carrick-and-cumnock.rss');
    expect(rss.items.map((item) => item.guid)).to.deep.equal([`urn:careloop:story:${ayr}`]);
  });

  it("a story's feed is the story, then each visible response and published author reply", async () => {
    const story = (await publishedStory(app, { title: 'Thread story' }, minutesAgo(60))).id;
    const shown = await respond(app, story, { createdAt: minutesAgo(50), change: 'planned' });
    await respond(app, story, { createdAt: minutesAgo(45), hiddenAt: new Date(), hiddenReason: 'abuse' });
    await respond(app, story, { createdAt: minutesAgo(44), deletedAt: new Date() });
    const reply = await app.models.replies.create({
      storyId: new Types.ObjectId(story),
      body: 'Thank you for listening.',
      status: 'published',
      publishedAt: minutesAgo(40),
    });
    await app.models.replies.create({
      storyId: new Types.ObjectId(story),
      body: 'Not yet read',
      status: 'submitted',
    });
    app.feeds.invalidate();

    const feed = await jsonFeed(app, `/feeds/stories/${story}.json`);
    expect(itemIds(feed)).to.deep.equal([
      `urn:careloop:story:${story}`,
      `urn:careloop:response:${shown}`,
      `urn:careloop:reply:${reply._id.toHexString()}`,
    ]);
    expect(feed.items[1]!.title).to.equal(
      'Response from Sam Carter, University Hospital Crosshouse (change planned)',
    );
    expect(feed.items[1]!.authors).to.deep.equal([{ name: 'Sam Carter, Charge nurse' }]);
    const { feed: rss } = await rssFeed(app, `/feeds/stories/${story}.rss`);
    expect(rss.items.map((item) => item.guid)).to.deep.equal(itemIds(feed));
  });

  it("a service's activity feed interleaves new responses with new stories, newest first", async () => {
    const story = (
      await publishedStory(app, { title: 'Activity story', services: ['balfour-hospital'] }, minutesAgo(30))
    ).id;
    const response = await respond(app, story, { createdAt: minutesAgo(5) });
    const later = (
      await publishedStory(app, { title: 'Later story', services: ['balfour-hospital'] }, minutesAgo(15))
    ).id;

    const activity = await jsonFeed(app, '/feeds/services/nhs-orkney.json?include=responses');
    expect(itemIds(activity)).to.deep.equal([
      `urn:careloop:response:${response}`,
      `urn:careloop:story:${later}`,
      `urn:careloop:story:${story}`,
    ]);
    expect(activity.items[0]!.title).to.include('responded to “Activity story”');
    const plain = await jsonFeed(app, '/feeds/services/nhs-orkney.json');
    expect(itemIds(plain)).to.deep.equal([`urn:careloop:story:${later}`, `urn:careloop:story:${story}`]);
  });

  it('older stories are a next_url (JSON) or atom:link rel=next (RSS) away, without repeats', async () => {
    const many = [];
    for (let index = 0; index < 55; index += 1) {
      many.push({ index, publishedAt: new Date(Date.UTC(2026, 0, 1, 0, index)) });
    }
    const ids: string[] = [];
    for (const { index, publishedAt } of many) {
      const { id } = await submitAccepted(app, {
        title: `Paged story ${index}`,
        services: ['western-isles-hospital'],
      });
      await publishDirectly(app, id, publishedAt);
      ids.push(`urn:careloop:story:${id}`);
    }
    app.feeds.invalidate();
    const newestFirst = ids.reverse();

    const first = await jsonFeed(app, '/feeds/services/western-isles-hospital.json');
    expect(first.items).to.have.length(50);
    expect(first.next_url).to.match(
      /^http:\/\/127\.0\.0\.1:\d+\/feeds\/services\/western-isles-hospital\.json\?before=/,
    );
    const second = await jsonFeed(app, new URL(first.next_url!).pathname + new URL(first.next_url!).search);
    expect([...itemIds(first), ...itemIds(second)]).to.deep.equal(newestFirst);
    expect(second.next_url).to.equal(undefined);

    const { text } = await rssFeed(app, '/feeds/services/western-isles-hospital.rss');
    expect(text).to.match(
      /<atom:link href="[^"]+\/feeds\/services\/western-isles-hospital\.rss\?before=[^"]+" rel="next"/,
    );
  });

  it('an unknown service, constituency or story, or a malformed feed name, is a 404 problem', async () => {
    for (const path of [
      '/feeds/services/no-such-service.rss',
      '/feeds/constituencies/atlantis.json',
      `/feeds/stories/${new Types.ObjectId().toHexString()}.json`,
      '/feeds/stories/not-an-id.rss',
      `/feeds/services/${board}.atom`,
      `/feeds/boards/${board}.rss`,
    ]) {
      const response = await getFeed(app, path);
      expect(response.status, path).to.equal(404);
      expect(response.headers['content-type'], path).to.match(/^application\/problem\+json/);
    }
  });

  it('a cursor the feed did not give out is a 400 problem naming before', async () => {
    const response = await getFeed(app, `/feeds/services/${board}.json?before=nonsense`);
    expect(response.status).to.equal(400);
    expect(JSON.parse(response.text).errors).to.deep.equal([
      { field: 'before', code: 'invalid-cursor', message: 'is not a cursor this list gave out' },
    ]);
  });

  it('links point to the story on the board site where it was told, when the board has a story page', async () => {
    await app.models.organisations.updateOne(
      { _id: 'nhs-borders' },
      { $set: { storyPageUrl: 'https://borders.example/stories#careloop-story={id}' } },
    );
    app.feeds.invalidate();
    const feed = await jsonFeed(app, `/feeds/services/${otherBoardHospital}.json`);
    expect(feed.items[0]!.url).to.equal(`https://borders.example/stories#careloop-story=${otherBoardStory}`);
  });

  it('GET /api/v1/services/:id/feeds gives the four feed URLs of a service', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/services/${hospital}/feeds`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      rss: `${app.baseUrl}/feeds/services/${hospital}.rss`,
      json: `${app.baseUrl}/feeds/services/${hospital}.json`,
      activityRss: `${app.baseUrl}/feeds/services/${hospital}.rss?include=responses`,
      activityJson: `${app.baseUrl}/feeds/services/${hospital}.json?include=responses`,
    });
    expect((await fetch(`${app.baseUrl}/api/v1/services/no-such-service/feeds`)).status).to.equal(404);
  });

  it('the /feeds page links every board, its hospitals and every constituency to their feeds', async () => {
    const response = await getFeed(app, '/feeds');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.text).to.include(`href="${app.baseUrl}/feeds/services/${board}.rss"`);
    expect(response.text).to.include(`href="${app.baseUrl}/feeds/services/${hospital}.json"`);
    expect(response.text).to.include(`href="${app.baseUrl}/feeds/constituencies/na-h-eileanan-an-iar.rss"`);
    expect(response.text).not.to.match(/<script/i);
    expect(response.text).to.include('<html lang="en-GB">');
  });

  it('the /feeds page speaks the browser’s language (Welsh, Gaelic), or the one its link names', async () => {
    const welsh = await getFeed(app, '/feeds', { 'accept-language': 'cy-GB,cy;q=0.9,en;q=0.5' });
    expect(welsh.status).to.equal(200);
    expect(welsh.headers['content-language']).to.equal('cy');
    expect(welsh.headers.vary).to.match(/accept-language/i);
    expect(welsh.text).to.include('<html lang="cy">');
    expect(welsh.text).to.include('<h1>Dilynwch beth mae cleifion yn ei ddweud</h1>');
    expect(welsh.text).to.include('<h2>Etholaethau</h2>');
    expect(welsh.text).to.include(`href="${app.baseUrl}/feeds/services/${board}.rss"`);
    expect(welsh.text).not.to.include('Follow what patients say');

    const gaelic = await getFeed(app, '/feeds?lang=gd', { 'accept-language': 'cy' });
    expect(gaelic.text).to.include('<html lang="gd">');
    expect(gaelic.text).to.include('<h2>Roinnean-pàrlamaid</h2>');
    expect(gaelic.headers.etag).not.to.equal(welsh.headers.etag);
  });
});
