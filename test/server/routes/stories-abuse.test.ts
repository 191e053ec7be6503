import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, postRaw, storyBody, submitStory } from '../../support/stories.js';

describe('stories: abuse (honeypot, rate limit, idempotency, size)', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
  });

  const storyCount = () => app.connection.model('Story').countDocuments();

  describe('the honeypot field', () => {
    it('answers a robot that fills it in with a receipt that looks real, and stores nothing', async () => {
      const before = await storyCount();
      const submitted = await submitStory(app, { website: 'https://cheap-pills.example' });
      expect(submitted.status).to.equal(201);
      expect(submitted.body).to.have.all.keys('id', 'status', 'authorKey');
      expect(submitted.body.authorKey).to.match(/^cla_[A-Za-z0-9_-]{43}$/);
      expect(submitted.headers.get('location')).to.match(/\/api\/v1\/stories\/[0-9a-f]{24}$/);
      expect(await storyCount()).to.equal(before);
    });

    it('logs one line saying so, without the story', async () => {
      await submitStory(app, { website: 'x', title: 'Honeypot title words' });
      const lines = app.logLines.filter((line) => line.msg === 'honeypot tripped');
      expect(lines).to.have.length.of.at.least(1);
      expect(JSON.stringify(app.logLines)).not.to.include('Honeypot title words');
    });

    it('lets people through who leave it empty', async () => {
      expect((await submitStory(app, { website: '' })).status).to.equal(201);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer, the same author key, and creates one story', async () => {
      const before = await storyCount();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await submitStory(app, {}, { headers });
      const retry = await submitStory(app, {}, { headers });
      expect(first.status).to.equal(201);
      expect(retry.status).to.equal(201);
      expect(retry.body).to.deep.equal(first.body);
      expect(retry.headers.get('location')).to.equal(first.headers.get('location'));
      expect(retry.headers.get('idempotent-replayed')).to.equal('true');
      expect(await storyCount()).to.equal(before + 1);
    });

    it('creates exactly one story from ten retries sent at once, and gives all of them its receipt', async () => {
      const before = await storyCount();
      const headers = { 'idempotency-key': randomUUID() };
      const answers = await Promise.all(Array.from({ length: 10 }, () => submitStory(app, {}, { headers })));
      expect(answers.map((answer) => answer.status)).to.deep.equal(Array(10).fill(201));
      expect(new Set(answers.map((answer) => answer.text)).size).to.equal(1);
      expect(await storyCount()).to.equal(before + 1);
    });

    it('treats the same fields in another order as the same request', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const first = await submitStory(app, {}, { headers });
      const reordered = Object.fromEntries(Object.entries(storyBody()).reverse());
      const retry = await submitStory(app, reordered, { headers, raw: true });
      expect(retry.body).to.deep.equal(first.body);
    });

    it('refuses the same key with a different story with 422, creating nothing', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      await submitStory(app, {}, { headers });
      const before = await storyCount();
      const other = await submitStory(app, { title: 'Another story' }, { headers });
      expect(other.status).to.equal(422);
      expect(other.headers.get('content-type')).to.include('application/problem+json');
      expect(await storyCount()).to.equal(before);
    });

    it('lets a key be used again after a refused request, once the story is fixed', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      expect((await submitStory(app, { services: ['no-such-ward'] }, { headers })).status).to.equal(400);
      expect((await submitStory(app, {}, { headers })).status).to.equal(201);
    });

    it('answers ten retries sent at once to two instances with one story and its receipt', async () => {
      const second = await startTestApp({ config: { submissionsPerHour: 1000 }, store: app.store });
      try {
        const before = await storyCount();
        const headers = { 'idempotency-key': randomUUID() };
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) => submitStory(i % 2 ? second : app, {}, { headers })),
        );
        expect(answers.map((answer) => answer.status)).to.deep.equal(Array(10).fill(201));
        expect(new Set(answers.map((answer) => answer.text)).size).to.equal(1);
        expect(await storyCount()).to.equal(before + 1);
      } finally {
        await second.close();
      }
    });

    it('does not keep the receipt (with its author key) or the key readable in the store', async () => {
      const key = randomUUID();
      const first = await submitStory(
        app,
        { email: 'kept-private@example.org' },
        { headers: { 'idempotency-key': key } },
      );
      const story = await app.connection
        .collection('stories')
        .findOne({ _id: new Types.ObjectId(first.body.id) });
      expect(story?.idempotency).to.have.all.keys('keyHash', 'requestHash', 'receipt', 'replayUntil');
      const stored = JSON.stringify(story?.idempotency);
      expect(stored).not.to.include(first.body.authorKey);
      expect(stored).not.to.include(key);
    });

    it('frees the key after 24 hours: the stamp comes off the story, which is otherwise unchanged', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const first = await submitStory(app, {}, { headers });
      const stories = app.connection.collection('stories');
      const before = await stories.findOne({ _id: new Types.ObjectId(first.body.id) });
      await app.services.idempotencySweeper.sweep(new Date(Date.now() + 24 * 60 * 60 * 1000 + 1000));
      const after = await stories.findOne({ _id: new Types.ObjectId(first.body.id) });
      expect(after).not.to.have.property('idempotency');
      expect(after?.updatedAt).to.deep.equal(before?.updatedAt);
      const again = await submitStory(app, {}, { headers });
      expect(again.status).to.equal(201);
      expect(again.body.id).not.to.equal(first.body.id);
    });

    it('refuses a key longer than 200 characters with 400 naming the header', async () => {
      const submitted = await submitStory(app, {}, { headers: { 'idempotency-key': 'k'.repeat(201) } });
      expect(submitted.status).to.equal(400);
      expect(submitted.text).to.include('Idempotency-Key');
    });
  });

  describe('body size', () => {
    it('refuses a 10 MB body with 413 problem+json', async () => {
      const huge = JSON.stringify(storyBody({ body: 'x'.repeat(10 * 1024 * 1024) }));
      const { status, contentType } = await postRaw(app, Buffer.from(huge), 'application/json');
      expect(status).to.equal(413);
      expect(contentType).to.include('application/problem+json');
    });
  });

  describe('the hourly limit per client address', () => {
    let first: TestApp;
    let second: TestApp;

    before(async () => {
      first = await startTestApp({ config: { submissionsPerHour: 3 } });
      await loadScotlandServices(first);
      second = await startTestApp({ config: { submissionsPerHour: 3 }, store: first.store });
    });

    after(async () => {
      await second.close();
      await first.close();
    });

    it('is shared by every instance of the service: the fourth story in an hour gets 429 with Retry-After', async () => {
      expect((await submitStory(first)).status).to.equal(201);
      expect((await submitStory(second)).status).to.equal(201);
      expect((await submitStory(first)).status).to.equal(201);
      const refused = await submitStory(second);
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('content-type')).to.include('application/problem+json');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 3600);
      expect((await submitStory(first)).status).to.equal(429);
    });

    it('stores a salted hash of the client address, never the address', async () => {
      const stored = JSON.stringify(await first.connection.collection('rate_limits').find({}).toArray());
      expect(stored).to.include('story-submission:');
      expect(stored).not.to.include('127.0.0.1');
      expect(stored).not.to.include('::ffff:');
    });

    it('still answers a retry of an accepted story when the limit is reached', async () => {
      // One story an hour: the replay of the accepted one costs nothing and creates nothing.
      const shared = await startTestApp({ config: { submissionsPerHour: 1 } });
      try {
        await loadScotlandServices(shared);
        const headers = { 'idempotency-key': randomUUID() };
        const accepted = await submitStory(shared, {}, { headers });
        const retry = await submitStory(shared, {}, { headers });
        expect(retry.status).to.equal(201);
        expect(retry.body).to.deep.equal(accepted.body);
        expect((await submitStory(shared)).status).to.equal(429);
      } finally {
        await shared.close();
      }
    });
  });
});
