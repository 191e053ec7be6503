import { expect } from 'chai';
import {
  getFeed,
  jsonFeed,
  rssFeed,
  atomLinks,
  startFeedsTestApp,
  type FeedsTestApp,
} from '../../support/feeds.js';
import { board, department, hospital, loadScotlandServices, publishedStory } from '../../support/stories.js';
import { startWebSubHub, type WebSubHub } from '../../support/websub-hub.js';

/** A WebSub hub on loopback that keeps every publish ping it receives. */
/** Waits until the hub has been told about `feedUrl` (the publisher looks for changes every second). */
async function pingFor(pings: URLSearchParams[], feedUrl: string): Promise<URLSearchParams> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = pings.find((candidate) => candidate.get('hub.url') === feedUrl);
    if (ping) return ping;
    if (Date.now() > deadline) {
      throw new Error(`no ping for ${feedUrl}; got ${pings.map((p) => p.get('hub.url')).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('feeds: WebSub', () => {
  let hub: WebSubHub;
  let app: FeedsTestApp;

  before(async () => {
    hub = await startWebSubHub();
    app = await startFeedsTestApp({ config: { websubHub: hub.url, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
    await hub.close();
  });

  it('every feed response names the hub and itself in Link headers', async () => {
    const response = await getFeed(app, `/feeds/services/${board}.json`);
    const links = String(response.headers.link);
    expect(links).to.include(`<${hub.url}>; rel="hub"`);
    expect(links).to.include(`<${app.baseUrl}/feeds/services/${board}.json>; rel="self"`);
  });

  it('the feeds themselves carry the hub: atom:link rel=hub in RSS, hubs in JSON Feed', async () => {
    const { text } = await rssFeed(app, `/feeds/services/${board}.rss`);
    expect(atomLinks(text).hub).to.equal(hub.url);
    const json = await jsonFeed(app, `/feeds/services/${board}.json`);
    expect(json.hubs).to.deep.equal([{ type: 'WebSub', url: hub.url }]);
  });

  it("publishing a story pings the hub for its service's feeds, every feed above it, its tags and its thread", async () => {
    const { id } = await publishedStory(app, { title: 'Announced', tags: { good: ['websub-tag'] } });
    for (const path of [
      `/feeds/services/${department}.rss`,
      `/feeds/services/${hospital}.json`,
      `/feeds/services/${board}.rss`,
      `/feeds/services/${board}.json?include=responses`,
      '/feeds/tags/websub-tag.json',
      `/feeds/stories/${id}.rss`,
    ]) {
      const ping = await pingFor(hub.pings, `${app.baseUrl}${path}`);
      expect(ping.get('hub.mode')).to.equal('publish');
    }
  });

  it('a feed whose content did not change is not pinged again', async () => {
    await publishedStory(app, { title: 'First', services: ['balfour-hospital'] });
    for (const path of [
      'nhs-orkney.rss',
      'nhs-orkney.json',
      'nhs-orkney.rss?include=responses',
      'nhs-orkney.json?include=responses',
    ]) {
      await pingFor(hub.pings, `${app.baseUrl}/feeds/services/${path}`);
    }
    // A change elsewhere: Orkney's feeds are unchanged, Borders' are announced.
    const before = hub.pings.filter((ping) => ping.get('hub.url')?.includes('nhs-orkney')).length;
    await publishedStory(app, { title: 'Elsewhere', services: ['borders-general-hospital'] });
    await pingFor(hub.pings, `${app.baseUrl}/feeds/services/borders-general-hospital.json?include=responses`);
    const after = hub.pings.filter((ping) => ping.get('hub.url')?.includes('nhs-orkney')).length;
    expect(after).to.equal(before);
  });

  it('erasing a story at its author’s request pings the hub for the feeds it was in, which no longer show it', async () => {
    const story = await publishedStory(app, { title: 'Erased later', services: ['gilbert-bain-hospital'] });
    const feedUrl = `${app.baseUrl}/feeds/services/nhs-shetland.json`;
    await pingFor(hub.pings, feedUrl);
    const pingsBefore = hub.pings.length;
    const erased = await fetch(`${app.baseUrl}/api/v1/stories/${story.id}/erasure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${story.authorKey}` },
    });
    expect(erased.status).to.equal(200);
    const deadline = Date.now() + 10_000;
    while (!hub.pings.slice(pingsBefore).some((ping) => ping.get('hub.url') === feedUrl)) {
      if (Date.now() > deadline) throw new Error(`no ping for ${feedUrl} after the erasure`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await getFeed(app, '/feeds/services/nhs-shetland.json')).text).not.to.include('Erased later');
  });
});
