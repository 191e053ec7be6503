import { expect } from 'chai';
import { Types } from 'mongoose';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { hospital, loadScotlandServices, publishedStory, submitAccepted } from '../../support/stories.js';

const minutes = 60 * 1000;

describe("a story's thread (GET /api/v1/stories/:id)", () => {
  let app: TestApp;
  let nurse: TestAccount;
  let manager: TestAccount;
  let moderator: TestAccount;

  const respond = async (storyId: string, as: TestAccount, body: Record<string, unknown>) => {
    const posted = await callApi(app, 'POST', `/stories/${storyId}/responses`, { as, body });
    expect(posted.status, posted.text).to.equal(201);
    return posted.body as { id: string; createdAt: string };
  };
  /** An author reply, published, straight through the model (standing in for the replies API). */
  const publishedReply = async (storyId: string, body: string, publishedAt: Date) => {
    const reply = await app.models.replies.create({
      storyId: new Types.ObjectId(storyId),
      body,
      status: 'published',
      publishedAt,
    });
    return reply.id as string;
  };

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    nurse = await createAccount(app, { role: 'staff', services: [hospital], name: 'Alex Morgan' });
    manager = await createAccount(app, { role: 'staff', services: [hospital], name: 'Sam Reid' });
    moderator = await createAccount(app, { role: 'moderator' });
  });

  after(() => app.close());

  it('lists responses and published author replies in the order they appeared', async () => {
    const story = await publishedStory(app);
    const first = await respond(story.id, nurse, { body: 'Thank you for telling us.' });
    const replyId = await publishedReply(story.id, 'Thank you for listening.', new Date());
    const responses = app.services.responses;
    const realNow = responses.now;
    responses.now = () => new Date(Date.now() + 5 * minutes);
    const second = await respond(story.id, manager, { body: 'We have changed the rota.', change: 'made' });
    responses.now = realNow;

    const read = await callApi(app, 'GET', `/stories/${story.id}`);
    expect(
      read.body.thread.map((entry: { type: string; id: string }) => [entry.type, entry.id]),
    ).to.deep.equal([
      ['response', first.id],
      ['reply', replyId],
      ['response', second.id],
    ]);
  });

  it('shows each entry in its public shape: a response with its responder and change marker, a reply with its text', async () => {
    const story = await publishedStory(app);
    const response = await respond(story.id, nurse, { body: 'We will look at parking.', change: 'planned' });
    const publishedAt = new Date(Date.now() + minutes);
    const replyId = await publishedReply(story.id, 'Thanks!', publishedAt);
    const [first, second] = (await callApi(app, 'GET', `/stories/${story.id}`)).body.thread;
    expect(first).to.deep.equal({
      type: 'response',
      id: response.id,
      body: 'We will look at parking.',
      change: 'planned',
      responder: {
        name: 'Alex Morgan',
        jobTitle: null,
        organisation: { id: hospital, name: 'University Hospital Crosshouse' },
      },
      createdAt: response.createdAt,
      editedAt: null,
      helpfulCount: 0,
    });
    expect(second).to.deep.equal({
      type: 'reply',
      id: replyId,
      kind: 'reply',
      body: 'Thanks!',
      publishedAt: publishedAt.toISOString(),
    });
  });

  it('leaves out author replies still waiting for moderation, held or rejected', async () => {
    const story = await publishedStory(app);
    for (const status of ['submitted', 'held', 'rejected'] as const) {
      await app.models.replies.create({
        storyId: new Types.ObjectId(story.id),
        body: `A ${status} reply`,
        status,
      });
    }
    const read = await callApi(app, 'GET', `/stories/${story.id}`);
    expect(read.body.thread).to.deep.equal([]);
    expect(read.text).not.to.include('reply');
  });

  it('tells a responder until when they may change their own response, and nobody else', async () => {
    const story = await publishedStory(app);
    const response = await respond(story.id, nurse, { body: 'Mine.' });
    const own = await callApi(app, 'GET', `/stories/${story.id}`, { as: nurse });
    expect(own.body.thread[0].editableUntil).to.be.a('string');
    expect(Date.parse(own.body.thread[0].editableUntil) - Date.parse(response.createdAt)).to.equal(
      30 * minutes,
    );
    const colleague = await callApi(app, 'GET', `/stories/${story.id}`, { as: manager });
    expect(colleague.body.thread[0]).not.to.have.property('editableUntil');
    expect((await callApi(app, 'GET', `/stories/${story.id}`)).body.thread[0]).not.to.have.property(
      'editableUntil',
    );
  });

  it('shows the author the thread of their own story, with their replies and their statuses', async () => {
    const story = await publishedStory(app);
    await respond(story.id, nurse, { body: 'Thank you.' });
    await app.models.replies.create({
      storyId: new Types.ObjectId(story.id),
      body: 'Waiting reply',
      status: 'held',
      statusReason: 'Please take out the name.',
    });
    const read = await callApi(app, 'GET', `/stories/${story.id}`, { as: story.authorKey });
    expect(read.status).to.equal(200);
    expect(read.body.thread).to.have.length(1);
    expect(read.body.replies).to.have.length(1);
    expect(read.body.replies[0]).to.include({ status: 'held', statusReason: 'Please take out the name.' });
  });

  it('gives moderators the thread with every response marked hidden or not', async () => {
    const story = await publishedStory(app);
    await respond(story.id, nurse, { body: 'Visible.' });
    const read = await callApi(app, 'GET', `/stories/${story.id}`, { as: moderator });
    expect(read.body.thread[0]).to.include({ hidden: false, hiddenReason: null });
  });

  it('gives an empty thread to a story nobody has answered, and none to the public before publication', async () => {
    const story = await publishedStory(app);
    expect((await callApi(app, 'GET', `/stories/${story.id}`)).body.thread).to.deep.equal([]);
    const waiting = await submitAccepted(app);
    expect((await callApi(app, 'GET', `/stories/${waiting.id}`)).status).to.equal(404);
  });
});
