import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, type ApiAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  loadScotlandServices,
  problemFields,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

const updateText = 'Three months on: my follow-up appointment came through and the letters arrived.';

describe("the author's update on how things went (POST /stories/:id/replies, kind update)", function () {
  this.timeout(20_000);
  let app: TestApp;
  let moderator: TestAccount;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator' });
  });

  after(async () => {
    await app?.close();
  });

  beforeEach(async () => {
    await Promise.all([app.models.stories.deleteMany({}), app.models.replies.deleteMany({})]);
  });

  function sendUpdate(
    story: { id: string; authorKey: string },
    body: unknown = { body: updateText, kind: 'update' },
  ) {
    return callApi(app, 'POST', `/stories/${story.id}/replies`, { as: story.authorKey, body });
  }

  async function publicThread(storyId: string): Promise<{ type: string; kind?: string; body: string }[]> {
    const read = await callApi(app, 'GET', `/stories/${storyId}`);
    expect(read.status, read.text).to.equal(200);
    return read.body.thread;
  }

  function moderate(id: string, body: unknown): Promise<ApiAnswer> {
    return callApi(app, 'POST', `/replies/${id}/moderation`, { as: moderator, body });
  }

  it('waits in the moderation queue, marked as an update, and is not public meanwhile', async () => {
    const story = await publishedStory(app);
    const sent = await sendUpdate(story);
    expect(sent.status, sent.text).to.equal(201);
    const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
    const item = queue.body.items.find((entry: { id: string }) => entry.id === sent.body.id);
    expect(item).to.include({ type: 'reply', kind: 'update', status: 'submitted', body: updateText });
    expect(await publicThread(story.id)).to.deep.equal([]);
  });

  it("once a moderator publishes it, is in the public thread as the author's update", async () => {
    const story = await publishedStory(app);
    const sent = await sendUpdate(story);
    const published = await moderate(sent.body.id, { action: 'publish' });
    expect(published.status, published.text).to.equal(200);
    const thread = await publicThread(story.id);
    expect(thread).to.have.length(1);
    expect(thread[0]).to.include({ type: 'reply', kind: 'update', body: updateText });
  });

  it('when held, stays out of the thread and the author reads why, beside their update', async () => {
    const story = await publishedStory(app);
    const sent = await sendUpdate(story);
    const held = await moderate(sent.body.id, {
      action: 'hold',
      reason: 'Please take out the consultant’s name.',
    });
    expect(held.status, held.text).to.equal(200);
    expect(await publicThread(story.id)).to.deep.equal([]);
    const authorView = await callApi(app, 'GET', `/stories/${story.id}`, { as: story.authorKey });
    expect(authorView.body.replies[0]).to.include({
      kind: 'update',
      status: 'held',
      statusReason: 'Please take out the consultant’s name.',
    });
  });

  it('keeps a reply sent without a kind a reply', async () => {
    const story = await publishedStory(app);
    const sent = await sendUpdate(story, { body: 'Thank you for answering.' });
    await moderate(sent.body.id, { action: 'publish' });
    expect((await publicThread(story.id))[0]).to.include({ type: 'reply', kind: 'reply' });
  });

  it('refuses an update to a story that is not published (409), like a reply', async () => {
    const waiting = await submitAccepted(app);
    const sent = await sendUpdate(waiting as { id: string; authorKey: string });
    expect(sent.status).to.equal(409);
  });

  it('refuses an unknown kind with 400 naming the kind field', async () => {
    const story = await publishedStory(app);
    const sent = await sendUpdate(story, { body: updateText, kind: 'complaint' });
    expect(sent.status).to.equal(400);
    expect(problemFields(sent.body)).to.include('kind');
  });
});
