import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, type ApiAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  loadScotlandServices,
  problemFields,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

interface StoredReply {
  status: string;
  body: string;
  statusReason?: string;
  publishedAt: Date | null;
  pendingEvents: { type: string; at: Date }[];
}

describe('author replies', function () {
  this.timeout(20_000);
  let app: TestApp;
  let moderator: TestAccount;
  let otherModerator: TestAccount;
  let staff: TestAccount;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [moderator, otherModerator, staff] = await Promise.all([
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
      createAccount(app, { role: 'moderator', name: 'Mhairi Moderator' }),
      createAccount(app, { role: 'staff', services: [board] }),
    ]);
  });

  after(async () => {
    await app?.close();
  });

  beforeEach(async () => {
    await Promise.all([
      app.models.stories.deleteMany({}),
      app.models.replies.deleteMany({}),
      app.models.responses.deleteMany({}),
    ]);
  });

  function reply(
    story: { id: string },
    as: { token: string } | string | undefined,
    body: unknown = { body: 'Thank you for answering. The new signs would have helped me.' },
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    return callApi(app, 'POST', `/stories/${story.id}/replies`, { as, body, headers });
  }

  /** Sends a reply as the story's author and answers its id. */
  async function sentReply(story: { id: string; authorKey: string }, text?: string): Promise<string> {
    const answer = await reply(story, story.authorKey, text === undefined ? undefined : { body: text });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.id as string;
  }

  function moderate(id: string, body: unknown, as: { token: string } = moderator): Promise<ApiAnswer> {
    return callApi(app, 'POST', `/replies/${id}/moderation`, { as, body });
  }

  async function storedReply(id: string): Promise<StoredReply> {
    const stored = await app.models.replies.findById(id).lean<StoredReply>();
    if (!stored) throw new Error(`no reply ${id}`);
    return stored;
  }

  describe('sending a reply', () => {
    it('takes the reply for moderation and answers its id with the status submitted', async () => {
      const story = await publishedStory(app);
      const answer = await reply(story, story.authorKey);
      expect(answer.status).to.equal(201);
      expect(answer.body).to.deep.equal({ id: answer.body.id, status: 'submitted' });
      expect((await storedReply(answer.body.id)).status).to.equal('submitted');
    });

    it('puts the reply in the moderation queue with its flags and the story it answers', async () => {
      const story = await publishedStory(app, { title: 'Long wait in A&E' });
      const id = await sentReply(story, 'Please call me on 07700 900123 about it.');
      const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
      expect(queue.status).to.equal(200);
      const item = queue.body.items.find((entry: { id: string }) => entry.id === id);
      expect(item).to.include({ type: 'reply', status: 'submitted' });
      expect(item.body).to.equal('Please call me on 07700 900123 about it.');
      expect(item.story).to.deep.equal({ id: story.id, title: 'Long wait in A&E' });
      expect(item.flags).to.deep.equal([
        { field: 'body', kind: 'phone', start: 18, end: 30, text: '07700 900123' },
      ]);
    });

    it('is not in the public thread while it waits', async () => {
      const story = await publishedStory(app);
      await sentReply(story);
      const publicView = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(publicView.body.thread).to.deep.equal([]);
    });

    it('refuses a reply without an author key (401)', async () => {
      const story = await publishedStory(app);
      const answer = await reply(story, undefined);
      expect(answer.status).to.equal(401);
      expect(await app.models.replies.countDocuments()).to.equal(0);
    });

    it('refuses a signed-in account (403): only the author replies', async () => {
      const story = await publishedStory(app);
      expect((await reply(story, staff)).status).to.equal(403);
      expect((await reply(story, moderator)).status).to.equal(403);
      expect(await app.models.replies.countDocuments()).to.equal(0);
    });

    it('answers 404 to the author key of another story, as for a story that does not exist', async () => {
      const story = await publishedStory(app);
      const other = await publishedStory(app, { title: 'Another story' });
      expect((await reply(story, other.authorKey)).status).to.equal(404);
      expect((await reply({ id: '0123456789abcdef01234567' }, story.authorKey)).status).to.equal(404);
      expect((await reply({ id: 'not-an-id' }, story.authorKey)).status).to.equal(404);
      expect(await app.models.replies.countDocuments()).to.equal(0);
    });

    it('refuses a reply to a story that is not published yet (409)', async () => {
      const story = await submitAccepted(app);
      const answer = await reply(story, story.authorKey);
      expect(answer.status).to.equal(409);
      expect(answer.body.detail).to.match(/submitted/);
      expect(await app.models.replies.countDocuments()).to.equal(0);
    });

    it('refuses a missing, blank or over-long reply, naming the body', async () => {
      const story = await publishedStory(app);
      for (const body of [{}, { body: '   ' }, { body: 'x'.repeat(8001) }, { body: 42 }]) {
        const answer = await reply(story, story.authorKey, body);
        expect(answer.status, JSON.stringify(body)).to.equal(400);
        expect(problemFields(answer.body)).to.deep.equal(['body']);
      }
      expect((await reply(story, story.authorKey, { body: 'x'.repeat(8000) })).status).to.equal(201);
    });

    it('refuses fields other than the body, naming them', async () => {
      const story = await publishedStory(app);
      const answer = await reply(story, story.authorKey, { body: 'Thanks', status: 'published' });
      expect(answer.status).to.equal(400);
      expect(problemFields(answer.body)).to.deep.equal(['status']);
    });

    it('refuses more than 20 replies to one story in an hour (429), so a leaked key cannot flood the queue', async () => {
      // A fixed clock: every reply is sent at 09:30, so all of them count until 10:30 (a sliding hour).
      app.services.replies.useClock(() => new Date('2026-03-01T09:30:00.000Z'));
      try {
        const story = await publishedStory(app);
        for (let i = 0; i < 20; i++) await sentReply(story, `Reply ${i}`);
        const refused = await reply(story, story.authorKey);
        expect(refused.status).to.equal(429);
        expect(refused.headers.get('retry-after')).to.equal('3600');
        expect(await app.models.replies.countDocuments()).to.equal(20);
        const other = await publishedStory(app, { title: 'Another story' });
        expect((await reply(other, other.authorKey)).status).to.equal(201);
      } finally {
        app.services.replies.useClock(() => new Date());
      }
    });

    it('creates the reply once when it is retried with the same Idempotency-Key', async () => {
      const story = await publishedStory(app);
      const headers = { 'Idempotency-Key': 'reply-retry-1' };
      const first = await reply(story, story.authorKey, undefined, headers);
      const retry = await reply(story, story.authorKey, undefined, headers);
      expect(first.status).to.equal(201);
      expect(retry.status).to.equal(201);
      expect(retry.body.id).to.equal(first.body.id);
      expect(retry.headers.get('idempotent-replayed')).to.equal('true');
      expect(await app.models.replies.countDocuments()).to.equal(1);
    });

    it('answers a retry with the first receipt even after the story was withdrawn meanwhile', async () => {
      const story = await publishedStory(app);
      const headers = { 'Idempotency-Key': 'reply-retry-after-withdrawal' };
      const first = await reply(story, story.authorKey, undefined, headers);
      expect(first.status, first.text).to.equal(201);
      const withdrawn = await callApi(app, 'POST', `/stories/${story.id}/withdrawal`, {
        as: story.authorKey,
      });
      expect(withdrawn.status).to.equal(200);
      const retry = await reply(story, story.authorKey, undefined, headers);
      expect(retry.status, retry.text).to.equal(201);
      expect(retry.body).to.deep.equal(first.body);
      expect(await app.models.replies.countDocuments()).to.equal(1);
    });

    it('refuses the same Idempotency-Key with another reply with 422, creating nothing', async () => {
      const story = await publishedStory(app);
      const headers = { 'Idempotency-Key': 'reply-key-reused' };
      expect((await reply(story, story.authorKey, undefined, headers)).status).to.equal(201);
      const other = await reply(story, story.authorKey, { body: 'Something else entirely.' }, headers);
      expect(other.status).to.equal(422);
      expect(await app.models.replies.countDocuments()).to.equal(1);
    });
  });

  describe('publishing a reply', () => {
    it('puts it in the public thread of the story, after the response it answers', async () => {
      const story = await publishedStory(app);
      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: staff,
        body: { body: 'Thank you for telling us. We are putting up clearer signs.', change: 'planned' },
      });
      expect(response.status, response.text).to.equal(201);
      const id = await sentReply(story, 'Thank you, it means a lot.');
      const answer = await moderate(id, { action: 'publish' });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ type: 'reply', id, status: 'published' });

      const publicView = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(publicView.body.thread.map((entry: { type: string }) => entry.type)).to.deep.equal([
        'response',
        'reply',
      ]);
      expect(publicView.body.thread[1]).to.include({ type: 'reply', id, body: 'Thank you, it means a lot.' });
      expect(publicView.body.thread[1].publishedAt).to.equal(answer.body.publishedAt);
    });

    it('takes it out of the queue', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      await moderate(id, { action: 'publish' });
      const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
      expect(queue.body.items.map((item: { id: string }) => item.id)).to.not.include(id);
      expect(queue.body.total).to.equal(0);
    });

    it("queues the reply's published event with the change, so the responders hear of it", async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      expect((await storedReply(id)).pendingEvents).to.deep.equal([]);
      await moderate(id, { action: 'publish' });
      const stored = await storedReply(id);
      expect(stored.status).to.equal('published');
      expect(stored.publishedAt).to.be.an.instanceOf(Date);
      expect(stored.pendingEvents.map((event) => event.type)).to.deep.equal(['published']);
    });

    it('keeps its first publication date and queues no second event when published again', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      const first = await moderate(id, { action: 'publish' });
      const again = await moderate(id, { action: 'publish' });
      expect(again.status).to.equal(200);
      expect(again.body.publishedAt).to.equal(first.body.publishedAt);
      expect((await storedReply(id)).pendingEvents).to.have.length(1);
    });

    it('publishes the edited text and keeps the original in the audit trail', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story, 'Ask for me, Jane, at 07700 900123.');
      const answer = await moderate(id, { action: 'publish', body: 'Ask for me at the ward.' });
      expect(answer.status).to.equal(200);
      expect(answer.body.body).to.equal('Ask for me at the ward.');
      expect(answer.body.flags).to.deep.equal([]);
      const [entry] = answer.body.moderation;
      expect(entry.by).to.deep.equal({ id: moderator.id, name: 'Morag Moderator' });
      expect(entry.action).to.equal('publish');
      expect(entry.changes).to.deep.include({
        field: 'body',
        from: 'Ask for me, Jane, at 07700 900123.',
        to: 'Ask for me at the ward.',
      });
      const publicView = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(publicView.text).to.not.include('07700');
      expect(publicView.body.thread[0].body).to.equal('Ask for me at the ward.');
    });

    it('refuses to publish a reply whose story the author has since withdrawn (409)', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      const withdrawn = await callApi(app, 'POST', `/stories/${story.id}/withdrawal`, {
        as: story.authorKey,
      });
      expect(withdrawn.status).to.equal(200);
      const answer = await moderate(id, { action: 'publish' });
      expect(answer.status).to.equal(409);
      expect((await storedReply(id)).status).to.equal('submitted');
      expect((await moderate(id, { action: 'reject', reason: 'The story was withdrawn.' })).status).to.equal(
        200,
      );
    });

    it('lets only one of two moderators acting at once win; the other is told to reload', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      const answers = await Promise.all([
        moderate(id, { action: 'publish' }),
        moderate(id, { action: 'reject', reason: 'Not a reply to the responses.' }, otherModerator),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).to.deep.equal([200, 409]);
      const winner = answers.find((answer) => answer.status === 200)!;
      const stored = await storedReply(id);
      expect(stored.status).to.equal(winner.body.status);
      expect(winner.body.moderation).to.have.length(1);
      expect(stored.pendingEvents).to.have.length(winner.body.status === 'published' ? 1 : 0);
    });
  });

  describe('holding and rejecting a reply', () => {
    it('shows the author the status and the reason in their view of the story', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story, 'My neighbour, Mrs Smith, was there too.');
      const answer = await moderate(id, { action: 'reject', reason: 'It names another patient.' });
      expect(answer.status).to.equal(200);

      const authorView = await callApi(app, 'GET', `/stories/${story.id}`, { as: story.authorKey });
      expect(authorView.status).to.equal(200);
      expect(authorView.body.replies).to.have.length(1);
      expect(authorView.body.replies[0]).to.include({
        id,
        body: 'My neighbour, Mrs Smith, was there too.',
        status: 'rejected',
        statusReason: 'It names another patient.',
        publishedAt: null,
      });
    });

    it('keeps the reason away from the public, and the reply out of the thread', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story, 'My neighbour, Mrs Smith, was there too.');
      await moderate(id, { action: 'hold', reason: 'Checking with the ward first.' });
      const publicView = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(publicView.body.thread).to.deep.equal([]);
      expect(publicView.text).to.not.include('Checking with the ward');
      expect(publicView.text).to.not.include('Mrs Smith');
      expect(publicView.body).to.not.have.property('replies');
    });

    it('shows the author every reply they sent, oldest first, with each status', async () => {
      const story = await publishedStory(app);
      const first = await sentReply(story, 'First reply');
      const second = await sentReply(story, 'Second reply');
      await moderate(first, { action: 'publish' });
      const authorView = await callApi(app, 'GET', `/stories/${story.id}`, { as: story.authorKey });
      expect(
        authorView.body.replies.map((entry: { id: string; status: string }) => [entry.id, entry.status]),
      ).to.deep.equal([
        [first, 'published'],
        [second, 'submitted'],
      ]);
    });

    it('keeps a held reply in the queue, with the reason', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      await moderate(id, { action: 'hold', reason: 'Checking with the ward first.' });
      const queue = await callApi(app, 'GET', '/moderation/queue?status=held', { as: moderator });
      expect(queue.body.items.map((item: { id: string }) => item.id)).to.deep.equal([id]);
      expect(queue.body.items[0]).to.include({
        status: 'held',
        statusReason: 'Checking with the ward first.',
      });
    });

    for (const action of ['hold', 'reject']) {
      it(`refuses to ${action} a reply without a reason, naming the reason`, async () => {
        const story = await publishedStory(app);
        const id = await sentReply(story);
        const answer = await moderate(id, { action });
        expect(answer.status).to.equal(400);
        expect(problemFields(answer.body)).to.deep.equal(['reason']);
        expect((await storedReply(id)).status).to.equal('submitted');
      });
    }

    it('clears the reason when a held reply is published', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      await moderate(id, { action: 'hold', reason: 'Checking with the ward first.' });
      const answer = await moderate(id, { action: 'publish' });
      expect(answer.body).to.include({ status: 'published', statusReason: null });
      expect(answer.body.moderation.map((entry: { action: string }) => entry.action)).to.deep.equal([
        'hold',
        'publish',
      ]);
    });
  });

  describe('who may moderate replies', () => {
    it('refuses anonymous (401), staff (403) and the author key (401)', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      const body = { action: 'publish' };
      expect((await callApi(app, 'POST', `/replies/${id}/moderation`, { body })).status).to.equal(401);
      expect((await callApi(app, 'POST', `/replies/${id}/moderation`, { as: staff, body })).status).to.equal(
        403,
      );
      expect(
        (await callApi(app, 'POST', `/replies/${id}/moderation`, { as: story.authorKey, body })).status,
      ).to.equal(401);
      expect((await storedReply(id)).status).to.equal('submitted');
    });

    it('answers 404 for a reply that does not exist', async () => {
      expect((await moderate('0123456789abcdef01234567', { action: 'publish' })).status).to.equal(404);
      expect((await moderate('nope', { action: 'publish' })).status).to.equal(404);
    });

    it('refuses unknown actions and fields, naming them', async () => {
      const story = await publishedStory(app);
      const id = await sentReply(story);
      const answer = await moderate(id, { action: 'delete', title: 'x' });
      expect(answer.status).to.equal(400);
      expect(problemFields(answer.body).sort()).to.deep.equal(['action', 'title']);
    });
  });
});
