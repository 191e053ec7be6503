import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { itemIds, jsonFeed, startFeedsTestApp, type FeedsTestApp } from '../../support/feeds.js';
import {
  board,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
} from '../../support/stories.js';

/** Activity feeds read responses through the services they carry: these keep that honest. */
describe('activity feeds (stories and responses about a service)', function () {
  let app: FeedsTestApp;
  let staff: TestAccount;
  let moderator: TestAccount;

  before(async function () {
    app = await startFeedsTestApp();
    await loadScotlandServices(app);
    staff = await createAccount(app, { role: 'staff', services: [board] });
    moderator = await createAccount(app, { role: 'moderator' });
  });

  after(async function () {
    await app.close();
  });

  async function respond(storyId: string, body: string): Promise<string> {
    const answer = await callApi(app, 'POST', `/stories/${storyId}/responses`, { as: staff, body: { body } });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.id as string;
  }

  const activity = (service: string) => jsonFeed(app, `/feeds/services/${service}.json?include=responses`);

  it('lists a response made through the API in its board’s activity feed', async function () {
    const story = await publishedStory(app, { services: [hospital] });
    const responseId = await respond(story.id, 'Thank you for telling us about the waiting room.');
    expect(itemIds(await activity(board))).to.include(`urn:careloop:response:${responseId}`);
  });

  it('drops the responses to a story its author withdrew', async function () {
    const story = await publishedStory(app, { services: [hospital] });
    const responseId = await respond(story.id, 'We are sorry to hear this.');
    await callApi(app, 'POST', `/stories/${story.id}/withdrawal`, { as: story.authorKey });
    expect(itemIds(await activity(board))).to.not.include(`urn:careloop:response:${responseId}`);
  });

  it('moves a story’s responses to another board’s feed when a moderator moves the story there', async function () {
    const story = await publishedStory(app, { services: [hospital] });
    const responseId = await respond(story.id, 'We have passed this to the ward manager.');
    const moved = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', services: [otherBoardHospital] },
    });
    expect(moved.status, moved.text).to.equal(200);
    const otherBoard = (await app.models.organisations.findById(otherBoardHospital).lean())!.parent!;
    expect(itemIds(await activity(otherBoard))).to.include(`urn:careloop:response:${responseId}`);
    expect(itemIds(await activity(board))).to.not.include(`urn:careloop:response:${responseId}`);
  });
});
