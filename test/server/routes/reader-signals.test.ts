import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, type ApiAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  hospital,
  loadScotlandServices,
  problemFields,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';
import { signalsPerAddress } from '../../../server/services/reader-signals.js';

describe("readers' signals (me too on stories, helpful on responses)", function () {
  this.timeout(60_000);
  let app: TestApp;
  let nurse: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [nurse, moderator] = await Promise.all([
      createAccount(app, { role: 'staff', services: [hospital], name: 'Alex Morgan' }),
      createAccount(app, { role: 'moderator' }),
    ]);
  });

  after(async () => {
    await app?.close();
  });

  beforeEach(async () => {
    await Promise.all([
      app.models.stories.deleteMany({}),
      app.models.responses.deleteMany({}),
      app.models.readerSignals.deleteMany({}),
      app.models.rateLimits.deleteMany({}),
    ]);
  });

  async function readerToken(): Promise<string> {
    const answer = await callApi(app, 'POST', '/reader-tokens');
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.token as string;
  }

  function meToo(storyId: string, token: string, signalled = true): Promise<ApiAnswer> {
    return callApi(app, 'PUT', `/stories/${storyId}/me-too`, { body: { token, signalled } });
  }

  function helpful(responseId: string, token: string, signalled = true): Promise<ApiAnswer> {
    return callApi(app, 'PUT', `/responses/${responseId}/helpful`, { body: { token, signalled } });
  }

  async function publicStory(storyId: string) {
    const read = await callApi(app, 'GET', `/stories/${storyId}`);
    expect(read.status, read.text).to.equal(200);
    return read.body as { meTooCount: number; thread: { id: string; helpfulCount: number }[] };
  }

  async function publishedResponse(): Promise<{ storyId: string; responseId: string }> {
    const story = await publishedStory(app, { services: [hospital] });
    const answer = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
      as: nurse,
      body: { body: 'Thank you for telling us. We have changed how we explain waiting times.' },
    });
    expect(answer.status, answer.text).to.equal(201);
    return { storyId: story.id, responseId: answer.body.id as string };
  }

  it('counts a me too on a published story, in the story as anyone reads it', async () => {
    const story = await publishedStory(app);
    const answer = await meToo(story.id, await readerToken());
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body).to.deep.equal({ signalled: true, count: 1 });
    expect((await publicStory(story.id)).meTooCount).to.equal(1);
    const list = await callApi(app, 'GET', '/stories');
    expect(list.body.items[0].meTooCount).to.equal(1);
  });

  it("carries the me too count in the JSON Feed's careloop facts", async () => {
    const story = await publishedStory(app);
    await meToo(story.id, await readerToken());
    const feed = (await (await fetch(`${app.baseUrl}/feeds/services/${board}.json`)).json()) as {
      items: { id: string; _careloop: { meTooCount?: number } }[];
    };
    const item = feed.items.find((entry) => entry.id === `urn:careloop:story:${story.id}`);
    expect(item?._careloop.meTooCount).to.equal(1);
  });

  it('counts the same token on the same story once, however often it is sent', async () => {
    const story = await publishedStory(app);
    const token = await readerToken();
    for (let i = 0; i < 3; i += 1) expect((await meToo(story.id, token)).body.count).to.equal(1);
    expect((await meToo(story.id, await readerToken())).body.count).to.equal(2);
    expect((await publicStory(story.id)).meTooCount).to.equal(2);
  });

  it('lets a reader take their me too back, once', async () => {
    const story = await publishedStory(app);
    const [mine, theirs] = [await readerToken(), await readerToken()];
    await meToo(story.id, mine);
    await meToo(story.id, theirs);
    expect((await meToo(story.id, mine, false)).body).to.deep.equal({ signalled: false, count: 1 });
    expect((await meToo(story.id, mine, false)).body.count).to.equal(1);
    expect((await publicStory(story.id)).meTooCount).to.equal(1);
  });

  it('counts a helpful on a response, shown in the public thread, and takes it back', async () => {
    const { storyId, responseId } = await publishedResponse();
    const token = await readerToken();
    expect((await helpful(responseId, token)).body).to.deep.equal({ signalled: true, count: 1 });
    await helpful(responseId, token);
    const entry = (await publicStory(storyId)).thread.find((item) => item.id === responseId);
    expect(entry?.helpfulCount).to.equal(1);
    expect((await helpful(responseId, token, false)).body.count).to.equal(0);
    expect((await publicStory(storyId)).thread[0]!.helpfulCount).to.equal(0);
  });

  it('refuses signals on a story waiting for moderation, and on a hidden response, with 404', async () => {
    const waiting = await submitAccepted(app);
    const token = await readerToken();
    const refused = await meToo(waiting.id, token);
    expect(refused.status).to.equal(404);
    expect(refused.contentType).to.match(/^application\/problem\+json/);

    const { storyId, responseId } = await publishedResponse();
    const hide = await callApi(app, 'POST', `/stories/${storyId}/responses/${responseId}/hide`, {
      as: moderator,
      body: { reason: 'It named a member of staff.' },
    });
    expect(hide.status, hide.text).to.equal(200);
    expect((await helpful(responseId, token)).status).to.equal(404);
    expect(await app.models.readerSignals.countDocuments({})).to.equal(0);
  });

  it('refuses a forged token with 401 problem+json and counts nothing', async () => {
    const story = await publishedStory(app);
    const genuine = await readerToken();
    const forged = `${genuine.slice(0, -4)}${genuine.endsWith('0000') ? '1111' : '0000'}`;
    const answer = await meToo(story.id, forged);
    expect(answer.status).to.equal(401);
    expect(answer.contentType).to.match(/^application\/problem\+json/);
    expect((await publicStory(story.id)).meTooCount).to.equal(0);
  });

  it('refuses a token that is not one with 400 naming the token field', async () => {
    const story = await publishedStory(app);
    const answer = await meToo(story.id, 'i-made-this-up');
    expect(answer.status).to.equal(400);
    expect(problemFields(answer.body)).to.include('token');
    const missing = await callApi(app, 'PUT', `/stories/${story.id}/me-too`, {
      body: { token: await readerToken() },
    });
    expect(missing.status).to.equal(400);
    expect(problemFields(missing.body)).to.include('signalled');
  });

  it('moves a count by at most the hourly limit when one address sends 200 signals with fresh tokens', async () => {
    const story = await publishedStory(app);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) statuses.push((await meToo(story.id, await readerToken())).status);
    expect(statuses.filter((status) => status === 200)).to.have.length(signalsPerAddress.limit);
    expect(statuses.filter((status) => status === 429)).to.have.length(200 - signalsPerAddress.limit);
    expect((await publicStory(story.id)).meTooCount).to.equal(signalsPerAddress.limit);
  });

  it('still lets a reader take a signal back when their address is at the limit', async () => {
    const story = await publishedStory(app);
    const mine = await readerToken();
    await meToo(story.id, mine);
    for (let i = 1; i < signalsPerAddress.limit; i += 1) await meToo(story.id, await readerToken());
    expect((await meToo(story.id, await readerToken())).status).to.equal(429);
    const takeBack = await meToo(story.id, mine, false);
    expect(takeBack.status, takeBack.text).to.equal(200);
    expect(takeBack.body.count).to.equal(signalsPerAddress.limit - 1);
  });
});
