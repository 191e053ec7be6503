import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startTestStore, type TestStore } from '../../../packages/engine/test/support/store.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { getFeed } from '../../support/feeds.js';
import {
  board,
  department,
  getJson,
  loadScotlandServices,
  publishedStory,
  storedStory,
  submitAccepted,
} from '../../support/stories.js';

/** A fresh address and a phrase no other story has, so every check below is about this story alone. */
function distinctive() {
  const tag = randomBytes(5).toString('hex');
  return { email: `Erase.Me.${tag}@Example.org`, phrase: `quokka${tag}lantern` };
}

/** Every file under `dir` (recursively) whose bytes hold `text` in any letter case, as paths relative to it. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const holding: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch(() => Buffer.alloc(0));
    // latin1 maps each byte to one character: nothing is lost or merged, whatever the file holds.
    if (bytes.toString('latin1').toLowerCase().includes(text.toLowerCase()))
      holding.push(path.slice(dir.length + 1));
  }
  return holding;
}

// One app for the file, on an engine with a data directory of its own, so the disk can be grepped.
describe('erasure (POST /stories/:id/erasure, /erasures/search, /erasures)', function () {
  this.timeout(20_000);
  let dataDir: string;
  let store: TestStore;
  let app: TestApp;
  let moderator: TestAccount;
  let staff: TestAccount;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-erasure-'));
    store = await startTestStore({ dataDir: join(dataDir, 'store') });
    app = await startTestApp({
      store,
      config: { submissionsPerHour: 1000, mailDir: join(dataDir, 'mail'), smtpUrl: undefined },
    });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator' });
    staff = await createAccount(app, { role: 'staff', services: [board] });
  });

  after(async () => {
    await app.close();
    await store.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A published story with an address, a postcode, a response, an author's reply and a subscription. */
  async function storyWithEverything(words = distinctive()) {
    const story = await publishedStory(app, {
      title: `The ${words.phrase} ward`,
      body: `Told with ${words.phrase} in it, so it can be looked for.`,
      email: words.email,
      postcode: 'KA2 0BE',
      services: [department],
    });
    const responded = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
      as: staff,
      body: { body: `Thank you for the ${words.phrase} story.` },
    });
    expect(responded.status, responded.text).to.equal(201);
    const replied = await callApi(app, 'POST', `/stories/${story.id}/replies`, {
      as: story.authorKey,
      body: { body: `My reply, ${words.phrase}.` },
    });
    expect(replied.status, replied.text).to.equal(201);
    const subscribed = await callApi(app, 'POST', '/email-subscriptions', {
      body: { email: words.email.toLowerCase(), service: board },
    });
    expect(subscribed.status, subscribed.text).to.be.oneOf([201, 202]);
    return { ...story, ...words };
  }

  const eraseOwn = (story: { id: string; authorKey: string }) =>
    callApi(app, 'POST', `/stories/${story.id}/erasure`, { as: story.authorKey });

  describe('by the author, from the private link', () => {
    it('takes the story off every public surface at once: its page, the list, search, RSS and JSON Feed', async () => {
      const story = await storyWithEverything();
      // Read once before, so the public caches hold pages with it.
      expect((await getJson(app, `/stories?q=${story.phrase}`)).text).to.include(story.id);
      expect((await getFeed(app, `/feeds/services/${board}.rss`)).text).to.include(story.phrase);
      expect((await getFeed(app, `/feeds/services/${board}.json?include=responses`)).text).to.include(
        story.phrase,
      );

      const erased = await eraseOwn(story);

      expect(erased.status, erased.text).to.equal(200);
      expect(erased.body).to.include({ id: story.id, status: 'erased' });
      expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
      expect((await getJson(app, '/stories?limit=50')).text).not.to.include(story.id);
      expect((await getJson(app, `/stories?q=${story.phrase}`)).body.items).to.deep.equal([]);
      for (const feed of [`${board}.rss`, `${board}.json`, `${board}.json?include=responses`]) {
        const answer = await getFeed(app, `/feeds/services/${feed}`);
        expect(answer.status).to.equal(200);
        expect(answer.text, feed).not.to.include(story.phrase);
        expect(answer.text, feed).not.to.include(story.id);
      }
    });

    it('erases what the author wrote and gave, and keeps only the bare record that it existed', async () => {
      const story = await storyWithEverything();
      await eraseOwn(story);
      const stored = (await storedStory(app, story.id)) as Record<string, unknown>;
      const text = JSON.stringify(stored);
      for (const gone of [story.phrase, story.email.toLowerCase(), 'KA2 0BE'])
        expect(text).not.to.include(gone);
      expect(stored).to.include({ status: 'erased', title: '', body: '', nickname: '' });
      expect(stored).not.to.have.any.keys('email', 'postcode');
      expect(stored.services).to.deep.equal([department]);
      expect(stored.publishedAt).to.be.an.instanceOf(Date);
      expect((stored.moderation as { action: string }[]).map((entry) => entry.action)).to.include('erase');

      const subscriptions = await app.models.subscriptions.countDocuments({
        email: story.email.toLowerCase(),
      });
      expect(subscriptions, 'its subscription').to.equal(0);
      expect(await app.models.replies.countDocuments({ storyId: story.id }), 'its replies').to.equal(0);
      const responses = await app.models.responses.find({ storyId: story.id }).lean();
      expect(responses).to.have.length(1);
      expect(responses[0]).to.include({ body: '' });
      expect(responses[0]!.hiddenAt).to.be.an.instanceOf(Date);
    });

    it('answers the private link with "deleted at your request" from then on, and a second erasure the same', async () => {
      const story = await storyWithEverything();
      await eraseOwn(story);
      const read = await getJson(app, `/stories/${story.id}`, { authorization: `Bearer ${story.authorKey}` });
      expect(read.status).to.equal(410);
      expect(read.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(read.body.detail).to.equal('This story was deleted at your request, with your details.');
      const again = await eraseOwn(story);
      expect(again.status).to.equal(410);
      const withdrawn = await callApi(app, 'POST', `/stories/${story.id}/withdrawal`, {
        as: story.authorKey,
      });
      expect(withdrawn.status).to.equal(410);
      const moderated = await getJson(app, `/stories/${story.id}`, {
        authorization: `Bearer ${moderator.token}`,
      });
      expect(moderated.status).to.equal(410);
    });

    it('refuses a key that is not the story’s, and an id that is no story, with problem+json', async () => {
      const story = await submitAccepted(app);
      const other = await submitAccepted(app);
      const wrongKey = await callApi(app, 'POST', `/stories/${story.id}/erasure`, { as: other.authorKey });
      expect(wrongKey.status).to.equal(404);
      expect(wrongKey.contentType).to.match(/^application\/problem\+json/);
      const badId = await callApi(app, 'POST', '/stories/not-an-id/erasure', { as: story.authorKey });
      expect(badId.status).to.equal(404);
      const noKey = await callApi(app, 'POST', `/stories/${story.id}/erasure`);
      expect(noKey.status).to.equal(401);
      expect(((await storedStory(app, story.id)) as { status: string }).status).to.equal('submitted');
    });
  });

  describe('by a moderator, on request', () => {
    it('finds every story and subscription tied to an address, however it is typed, and shows no address', async () => {
      const first = await storyWithEverything();
      const second = await publishedStory(app, { title: 'Second one', email: first.email.toLowerCase() });
      const found = await callApi(app, 'POST', '/erasures/search', {
        as: moderator,
        body: { email: first.email.toUpperCase() },
      });
      expect(found.status, found.text).to.equal(200);
      expect(found.body.stories.map((story: { id: string }) => story.id)).to.have.members([
        first.id,
        second.id,
      ]);
      expect(found.body.stories.map((story: { title: string }) => story.title)).to.include('Second one');
      expect(found.body.subscriptions).to.have.length(1);
      expect(found.body.subscriptions[0].scopeName).to.equal('NHS Ayrshire & Arran');
      expect(found.text.toLowerCase()).not.to.include(first.email.toLowerCase());
    });

    it('erases them all on confirmation, audited with a keyed hash and counts, never the address', async () => {
      const story = await storyWithEverything();
      const erased = await callApi(app, 'POST', '/erasures', { as: moderator, body: { email: story.email } });
      expect(erased.status, erased.text).to.equal(201);
      expect(erased.body.storyIds).to.deep.equal([story.id]);
      expect(erased.body.counts).to.include({ stories: 1, replies: 1, responses: 1, subscriptions: 1 });
      expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);

      const record = await app.models.erasureRecords.findById(erased.body.id).lean();
      expect(record).to.include({ kind: 'moderator' });
      expect(record!.by).to.deep.equal({ id: moderator.id, name: 'Test moderator' });
      expect(record!.addressHash).to.match(/^[0-9a-f]{64}$/);
      const audit = JSON.stringify(record).toLowerCase();
      expect(audit).not.to.include(story.email.toLowerCase());
      expect(audit).not.to.include(story.email.split('@')[0]!.toLowerCase());

      const after = await callApi(app, 'POST', '/erasures/search', {
        as: moderator,
        body: { email: story.email },
      });
      expect(after.body.stories).to.deep.equal([]);
      expect(after.body.subscriptions).to.deep.equal([]);
      expect(after.body.earlierErasures).to.have.length(1);
      expect(after.body.earlierErasures[0].kind).to.equal('moderator');
    });

    it('is for moderators and admins only', async () => {
      for (const path of ['/erasures/search', '/erasures']) {
        const asStaff = await callApi(app, 'POST', path, { as: staff, body: { email: 'a@example.org' } });
        expect(asStaff.status, path).to.equal(403);
        const anonymous = await callApi(app, 'POST', path, { body: { email: 'a@example.org' } });
        expect(anonymous.status, path).to.equal(401);
      }
    });

    it('refuses a bad address with problem+json naming the field', async () => {
      for (const body of [{ email: 'not an address' }, {}, { email: 'a@example.org', extra: 1 }]) {
        const answer = await callApi(app, 'POST', '/erasures', { as: moderator, body });
        expect(answer.status, JSON.stringify(body)).to.equal(400);
        expect(answer.contentType).to.match(/^application\/problem\+json/);
        expect(answer.body.errors.map((error: { field: string }) => error.field)[0]).to.be.oneOf([
          'email',
          'extra',
        ]);
      }
    });
  });

  it('leaves no byte of the address or the story in the store’s files, the .eml folder or the logs', async () => {
    const { email: address, phrase } = distinctive();
    const story = await submitAccepted(app, {
      title: `Gone ${phrase}`,
      body: `Nobody should find ${phrase} here.`,
      email: address,
    });
    // The author's private-link email: queued in the outbox and written to the .eml folder.
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
    // Part of it in a snapshot, part in the journal, as after any compaction the engine made itself.
    await app.connection.db!.command({ compact: 'stories' });
    await app.models.stories.updateOne({ _id: story.id }, { $set: { criticality: 1 } });

    const store = join(dataDir, 'store');
    const mail = join(dataDir, 'mail');
    expect(await filesHolding(store, address), 'the store, before').to.have.length.greaterThan(0);
    expect(await filesHolding(store, phrase), 'the store, before').to.have.length.greaterThan(0);
    expect(await filesHolding(mail, address), 'the .eml folder, before').to.have.length.greaterThan(0);

    const erased = await eraseOwn(story);
    expect(erased.status).to.equal(200);

    // The bound: gone from every file within one compaction of the erasure (a few seconds at most here).
    const deadline = Date.now() + 5000;
    let left: string[] = [];
    do {
      left = [
        ...(await filesHolding(store, address)),
        ...(await filesHolding(store, phrase)),
        ...(await filesHolding(mail, address)),
        ...(await filesHolding(mail, phrase)),
      ];
      if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    } while (left.length > 0 && Date.now() < deadline);
    expect(left, 'files still holding the address or the story').to.deep.equal([]);
    const logs = JSON.stringify(app.logLines).toLowerCase();
    expect(logs).not.to.include(address.toLowerCase());
    expect(logs).not.to.include(phrase);
    expect(logs).to.include('erasure: data files rewritten');
  });

  // A suite of its own, so it runs after the others (mocha runs a suite's own tests before its child
  // suites): a run a year on purges every story's contacts and every session in this store.
  describe('by the retention job, a year on', () => {
    it("takes an author's address out of the data files too when the retention job purges it", async () => {
      const { email, phrase } = distinctive();
      const address = email.toLowerCase();
      await publishedStory(app, { title: `Kept ${phrase}`, body: `Still told: ${phrase}.`, email: address });
      const store = join(dataDir, 'store');
      expect(await filesHolding(store, address), 'the store, before').to.have.length.greaterThan(0);

      const outcome = await app.services.retention.runDue(new Date(Date.now() + 366 * 86_400_000));
      expect(outcome.ran && outcome.counts.authorContacts).to.be.greaterThan(0);
      await app.services.erasures.compaction.settled();
      expect(await filesHolding(store, address), 'files still holding the address').to.deep.equal([]);
      expect(await filesHolding(store, phrase), 'the story itself stays').to.have.length.greaterThan(0);
    });
  });
});
