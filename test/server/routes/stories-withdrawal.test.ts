import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  getJson,
  loadScotlandServices,
  publishedStory,
  storedStory,
  submitAccepted,
} from '../../support/stories.js';

describe('withdrawing a story (POST /api/v1/stories/:id/withdrawal)', () => {
  let app: TestApp;
  let moderator: TestAccount;

  const withdraw = (id: string, headers: Record<string, string>) =>
    fetch(`${app.baseUrl}/api/v1/stories/${id}/withdrawal`, { method: 'POST', headers });
  const listedIds = async (query = '') =>
    ((await getJson(app, `/stories${query}`)).body.items as { id: string }[]).map((story) => story.id);

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator' });
  });

  after(async () => {
    await app.close();
  });

  it('answers the author with their story, now withdrawn', async () => {
    const story = await publishedStory(app);
    const response = await withdraw(story.id, bearer(story.authorKey));
    expect(response.status).to.equal(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.include({ id: story.id, status: 'withdrawn' });
    expect(body.withdrawnAt).to.be.a('string');
  });

  it('takes a published story out of the list and its own address at once', async () => {
    const story = await publishedStory(app, { title: 'Soon withdrawn', body: 'Unusualword here.' });
    expect(await listedIds()).to.include(story.id);
    await withdraw(story.id, bearer(story.authorKey));
    expect(await listedIds()).not.to.include(story.id);
    expect(await listedIds('?q=unusualword')).to.deep.equal([]);
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
  });

  it('answers a second withdrawal with the same answer and changes nothing', async () => {
    const story = await publishedStory(app);
    const first = await (await withdraw(story.id, bearer(story.authorKey))).text();
    const second = await withdraw(story.id, bearer(story.authorKey));
    expect(second.status).to.equal(200);
    expect(await second.text()).to.equal(first);
    const stored = (await storedStory(app, story.id)) as { moderation: { action: string }[] };
    expect(stored.moderation.filter((entry) => entry.action === 'withdrawn')).to.have.length(1);
  });

  it('records the withdrawal in the moderation trail, by the author', async () => {
    const story = await submitAccepted(app);
    await withdraw(story.id, bearer(story.authorKey));
    const read = await getJson(app, `/stories/${story.id}`, bearer(moderator));
    const trail = read.body.moderation as { action: string; by: unknown; changes: unknown[] }[];
    expect(trail.at(-1)).to.deep.include({
      action: 'withdrawn',
      by: { id: 'author', name: 'author' },
      changes: [{ field: 'status', from: 'submitted', to: 'withdrawn' }],
    });
  });

  it('still shows the story to moderators, marked withdrawn', async () => {
    const story = await publishedStory(app);
    await withdraw(story.id, bearer(story.authorKey));
    const read = await getJson(app, `/stories/${story.id}`, bearer(moderator));
    expect(read.status).to.equal(200);
    expect(read.body.status).to.equal('withdrawn');
    expect(read.body.withdrawnAt).to.be.a('string');
  });

  it('still shows the author their withdrawn story', async () => {
    const story = await submitAccepted(app);
    await withdraw(story.id, bearer(story.authorKey));
    const read = await getJson(app, `/stories/${story.id}`, bearer(story.authorKey));
    expect(read.status).to.equal(200);
    expect(read.body.status).to.equal('withdrawn');
  });

  it('asks for the author key (401) when none is sent', async () => {
    const story = await publishedStory(app);
    const response = await withdraw(story.id, {});
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect(await listedIds()).to.include(story.id);
  });

  it("answers 404 to another story's author key, and leaves the story published", async () => {
    const story = await publishedStory(app);
    const other = await submitAccepted(app);
    expect((await withdraw(story.id, bearer(other.authorKey))).status).to.equal(404);
    expect(await listedIds()).to.include(story.id);
  });

  it('refuses a signed-in account with 403: only the author withdraws', async () => {
    const story = await publishedStory(app);
    expect((await withdraw(story.id, bearer(moderator))).status).to.equal(403);
    expect(await listedIds()).to.include(story.id);
  });
});
