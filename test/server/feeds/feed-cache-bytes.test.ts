import { expect } from 'chai';
import { FeedCache } from '../../../server/feeds/cache.js';
import { ChangeWatch } from '../../../server/services/change-stamp.js';

describe('feed cache: its memory is bounded in bytes', () => {
  const page = (kilobytes: number) => async () => ({
    body: 'x'.repeat(kilobytes * 1024),
    contentType: 'text/plain',
  });
  const changes = () => new ChangeWatch(async () => ({ key: 'unchanged', at: null }));

  it('keeps pages only while they are charged (three times their body) within maxBytes, oldest dropped first', async () => {
    const cache = new FeedCache({ changes: changes(), enabled: true, maxBytes: 7 * 1024 });
    let builds = 0;
    const counted = (kilobytes: number) => async () => {
      builds += 1;
      return page(kilobytes)();
    };
    await cache.get('/a', counted(1));
    await cache.get('/b', counted(1));
    expect(cache.keptBytes).to.equal(6 * 1024);
    await cache.get('/c', counted(1));
    expect(cache.keptBytes).to.be.at.most(7 * 1024);

    builds = 0;
    await cache.get('/c', counted(1));
    await cache.get('/b', counted(1));
    expect(builds, '/b and /c are still kept').to.equal(0);
    await cache.get('/a', counted(1));
    expect(builds, '/a was dropped to make room').to.equal(1);
  });

  it('serves a page bigger than the whole bound without keeping it', async () => {
    const cache = new FeedCache({ changes: changes(), enabled: true, maxBytes: 1024 });
    const served = await cache.get('/big', page(4));
    expect(served.body.length).to.equal(4 * 1024);
    expect(cache.keptBytes).to.equal(0);
  });
});
