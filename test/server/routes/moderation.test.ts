import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer, callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  getJson,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  problemFields,
  publishedStory,
  storedStory,
  submitAccepted,
} from '../../support/stories.js';

interface Flag {
  field: 'title' | 'body';
  kind: string;
  start: number;
  end: number;
  text: string;
}

interface AuditEntry {
  at: string;
  by: { id: string; name: string };
  action: string;
  reason: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

interface ModerationStory {
  type?: string;
  id: string;
  title: string;
  body: string;
  status: string;
  statusReason: string | null;
  email: string | null;
  postcode: string | null;
  criticality: number | null;
  services: { id: string; name: string }[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
  flags: Flag[];
  moderation: AuditEntry[];
  publishedAt: string | null;
}

interface Reply<Body> {
  status: number;
  text: string;
  body: Body;
}

describe('moderation', function () {
  let app: TestApp;
  let moderator: TestAccount;
  let admin: TestAccount;
  let staff: TestAccount;
  let stakeholder: TestAccount;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [moderator, admin, staff, stakeholder] = await Promise.all([
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
      createAccount(app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(app, { role: 'staff', services: [board] }),
      createAccount(app, { role: 'stakeholder', constituency: 'Kilmarnock and Loudoun' }),
    ]);
  });

  after(async () => {
    await app?.close();
  });

  /** Clears stories and replies between tests, so each queue test sees only its own. */
  beforeEach(async () => {
    await app.connection.model('Story').deleteMany({});
    await app.connection.model('Reply').deleteMany({});
  });

  /** The story's author replies to it (it must be published); answers the reply's id. */
  async function sentReply(story: { id: string; authorKey: string }, text = 'Thank you.'): Promise<string> {
    const answer = await callApi(app, 'POST', `/stories/${story.id}/replies`, {
      as: story.authorKey,
      body: { body: text },
    });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.id as string;
  }

  async function pendingEventTypes(storyId: string): Promise<string[]> {
    const stored = (await storedStory(app, storyId)) as { pendingEvents?: { type: string }[] };
    return (stored.pendingEvents ?? []).map((event) => event.type);
  }

  async function moderate(
    id: string,
    body: Record<string, unknown>,
    as: { token: string } | string = moderator,
  ): Promise<Reply<ModerationStory & { errors?: { field: string }[] }>> {
    const response = await fetch(`${app.baseUrl}/api/v1/stories/${id}/moderation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(as) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  async function queue(
    query = '',
    headers: Record<string, string> = bearer(moderator),
  ): Promise<
    Reply<{ items: ModerationStory[]; total: number; next: string | null; errors?: { field: string }[] }>
  > {
    const reply = await getJson(app, `/moderation/queue${query}`, headers);
    return reply as unknown as Reply<{ items: ModerationStory[]; total: number; next: string | null }>;
  }

  async function withdraw(id: string, authorKey: string): Promise<void> {
    const response = await fetch(`${app.baseUrl}/api/v1/stories/${id}/withdrawal`, {
      method: 'POST',
      headers: bearer(authorKey),
    });
    expect(response.status).to.equal(200);
  }

  describe('the queue', () => {
    it('lists submitted and held stories, oldest first, and nothing else', async () => {
      const first = await submitAccepted(app, { title: 'First' });
      const second = await submitAccepted(app, { title: 'Second' });
      const published = await submitAccepted(app, { title: 'Published' });
      const rejected = await submitAccepted(app, { title: 'Rejected' });
      const withdrawn = await submitAccepted(app, { title: 'Withdrawn' });
      const third = await submitAccepted(app, { title: 'Third' });
      expect(
        (await moderate(second.id, { action: 'hold', reason: 'Checking with the ward' })).status,
      ).to.equal(200);
      expect((await moderate(published.id, { action: 'publish' })).status).to.equal(200);
      expect((await moderate(rejected.id, { action: 'reject', reason: 'Not about care' })).status).to.equal(
        200,
      );
      await withdraw(withdrawn.id, withdrawn.authorKey);

      const { status, body } = await queue();
      expect(status).to.equal(200);
      expect(body.items.map((item) => [item.type, item.title, item.status])).to.deep.equal([
        ['story', 'First', 'submitted'],
        ['story', 'Second', 'held'],
        ['story', 'Third', 'submitted'],
      ]);
      expect(body.items.map((item) => item.id)).to.deep.equal([first.id, second.id, third.id]);
      expect(body.total).to.equal(3);
      expect(body.next).to.equal(null);
    });

    it('flags likely identifying details with spans that point at exactly that text', async () => {
      const title = 'Dr Patel on Ward 7';
      const text =
        'Nurse Jane Smith was wonderful. Ring me on 07700 900123 or write to jo.bloggs@example.co.uk. ' +
        'My CHI is 1203851235 and I live at IV2 3UJ.';
      await submitAccepted(app, { title, body: text });

      const [item] = (await queue()).body.items;
      expect(item!.flags.map((flag) => flag.kind)).to.deep.equal([
        'person-name',
        'person-name',
        'phone',
        'email',
        'chi-number',
        'postcode',
      ]);
      for (const flag of item!.flags) {
        expect((flag.field === 'title' ? title : text).slice(flag.start, flag.end)).to.equal(flag.text);
      }
    });

    it("shows moderators the author's contact details but never the author key", async () => {
      const story = await submitAccepted(app, { email: 'author@example.org', postcode: 'EH16 4SA' });
      const { body, text } = await queue();
      expect(body.items[0]).to.include({ email: 'author@example.org', postcode: 'EH16 4SA' });
      const { authorKeyHash } = (await storedStory(app, story.id)) as { authorKeyHash: string };
      expect(text).not.to.include(authorKeyHash);
      expect(text).not.to.include(story.authorKey);
      expect(text).not.to.include('authorKey');
    });

    it('pages through the whole queue with limit and cursor, each story once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await submitAccepted(app, { title: `Story ${i}` })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body }: Awaited<ReturnType<typeof queue>> = await queue(
          `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(status).to.equal(200);
        expect(body.items.length).to.be.at.most(2);
        expect(body.total).to.equal(5);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.next;
      } while (cursor);
      expect(seen).to.deep.equal(ids);
    });

    it('can show only held stories', async () => {
      await submitAccepted(app, { title: 'Waiting' });
      const held = await submitAccepted(app, { title: 'Held' });
      await moderate(held.id, { action: 'hold', reason: 'Asking the author' });
      const { body } = await queue('?status=held');
      expect(body.items.map((item) => item.title)).to.deep.equal(['Held']);
      expect(body.total).to.equal(1);
    });

    it('refuses a page size over 50 and a cursor it did not give out, naming the parameter', async () => {
      const tooMany = await queue('?limit=51');
      expect(tooMany.status).to.equal(400);
      expect(problemFields(tooMany.body)).to.deep.equal(['limit']);
      const forged = await queue('?cursor=bm90LWEtY3Vyc29y');
      expect(forged.status).to.equal(400);
      expect(problemFields(forged.body)).to.deep.equal(['cursor']);
    });
  });

  describe("the queue with authors' replies", () => {
    it('lists waiting stories and replies together, oldest first, each saying what it is', async () => {
      const first = await submitAccepted(app, { title: 'First' });
      const answered = await publishedStory(app, { title: 'Answered' });
      const firstReply = await sentReply(answered, 'First reply');
      const second = await submitAccepted(app, { title: 'Second' });
      const secondReply = await sentReply(answered, 'Second reply');

      const { status, body } = await queue();
      expect(status).to.equal(200);
      expect(body.items.map((item) => [item.type, item.id])).to.deep.equal([
        ['story', first.id],
        ['reply', firstReply],
        ['story', second.id],
        ['reply', secondReply],
      ]);
      expect(body.total).to.equal(4);
      expect((body.items[1] as unknown as { story: unknown }).story).to.deep.equal({
        id: answered.id,
        title: 'Answered',
      });
    });

    it('pages through stories and replies, each item once, even when they arrived in the same millisecond', async () => {
      const answered = await publishedStory(app, { title: 'Answered' });
      const stories: string[] = [];
      const replies: string[] = [];
      for (let i = 0; i < 3; i++) {
        stories.push((await submitAccepted(app, { title: `Story ${i}` })).id);
        replies.push(await sentReply(answered, `Reply ${i}`));
      }
      // Straight through the driver: mongoose would stamp its own createdAt.
      const sameInstant = new Date('2026-03-01T09:00:00.000Z');
      await app.connection.model('Story').collection.updateMany({}, { $set: { createdAt: sameInstant } });
      await app.connection.model('Reply').collection.updateMany({}, { $set: { createdAt: sameInstant } });
      const expected = [...stories.sort(), ...replies.sort()];

      for (const limit of [1, 2, 4]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const { status, body }: Awaited<ReturnType<typeof queue>> = await queue(
            `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(status).to.equal(200);
          expect(body.items.length).to.be.at.most(limit);
          expect(body.total).to.equal(6);
          seen.push(...body.items.map((item) => item.id));
          cursor = body.next;
        } while (cursor);
        expect(seen, `limit ${limit}`).to.deep.equal(expected);
      }
    });

    it('ends on the last page with no next cursor when the page is exactly full', async () => {
      const answered = await publishedStory(app);
      await submitAccepted(app);
      await sentReply(answered);
      const { body } = await queue('?limit=2');
      expect(body.items).to.have.length(2);
      expect(body.next).to.equal(null);
    });

    it('shows held replies with held stories, and neither with only submitted ones', async () => {
      const answered = await publishedStory(app, { title: 'Answered' });
      const waitingReply = await sentReply(answered, 'Waiting');
      const heldReply = await sentReply(answered, 'Held');
      const held = await submitAccepted(app, { title: 'Held story' });
      await moderate(held.id, { action: 'hold', reason: 'Asking the author' });
      const reply = await callApi(app, 'POST', `/replies/${heldReply}/moderation`, {
        as: moderator,
        body: { action: 'hold', reason: 'Asking the author' },
      });
      expect(reply.status).to.equal(200);

      const onlyHeld = (await queue('?status=held')).body;
      expect(onlyHeld.items.map((item) => item.id)).to.deep.equal([heldReply, held.id]);
      expect(onlyHeld.total).to.equal(2);
      const onlySubmitted = (await queue('?status=submitted')).body;
      expect(onlySubmitted.items.map((item) => item.id)).to.deep.equal([waitingReply]);
    });
  });

  describe('news of a decision', () => {
    it('queues the published event with the publication, for the alerts', async () => {
      const story = await submitAccepted(app);
      expect(await pendingEventTypes(story.id)).to.deep.equal([]);
      expect((await moderate(story.id, { action: 'publish' })).status).to.equal(200);
      expect(await pendingEventTypes(story.id)).to.deep.equal(['published']);
    });

    for (const [action, status] of [
      ['hold', 'held'],
      ['reject', 'rejected'],
    ] as const) {
      it(`queues the ${status} event with the decision, so the author hears the reason`, async () => {
        const story = await submitAccepted(app);
        expect((await moderate(story.id, { action, reason: 'Please leave out names' })).status).to.equal(200);
        expect(await pendingEventTypes(story.id)).to.deep.equal([status]);
      });
    }

    it('queues nothing when an action leaves the status as it was (an edit of a published story)', async () => {
      const story = await submitAccepted(app);
      await moderate(story.id, { action: 'publish' });
      expect((await moderate(story.id, { action: 'publish', title: 'A better title' })).status).to.equal(200);
      expect(await pendingEventTypes(story.id)).to.deep.equal(['published']);
    });

    it('queues nothing for an action that was refused', async () => {
      const story = await submitAccepted(app);
      await withdraw(story.id, story.authorKey);
      expect((await moderate(story.id, { action: 'publish' })).status).to.equal(409);
      // The withdrawal's own news (for webhooks), and nothing of the refused publication.
      expect(await pendingEventTypes(story.id)).to.deep.equal(['withdrawn']);
    });
  });

  describe('publishing', () => {
    it('puts the story in the public list of its services and on its own public page', async () => {
      const story = await submitAccepted(app, { title: 'Quick and kind' });
      const published = await moderate(story.id, { action: 'publish' });
      expect(published.status).to.equal(200);
      expect(published.body).to.include({ status: 'published', statusReason: null });
      expect(Date.parse(published.body.publishedAt!)).to.be.closeTo(Date.now(), 60_000);

      const list = await getJson(app, `/stories?service=${hospital}`);
      expect((list.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([story.id]);
      const page = await getJson(app, `/stories/${story.id}`);
      expect(page.status).to.equal(200);
      expect(page.body).to.include({ title: 'Quick and kind', publishedAt: published.body.publishedAt });
    });

    it('records who published it and when', async () => {
      const story = await submitAccepted(app);
      const { body } = await moderate(story.id, { action: 'publish' });
      const [entry] = body.moderation;
      expect(entry).to.deep.include({ action: 'publish', by: { id: moderator.id, name: 'Morag Moderator' } });
      expect(entry!.changes).to.deep.equal([{ field: 'status', from: 'submitted', to: 'published' }]);
      expect(Date.parse(entry!.at)).to.be.closeTo(Date.now(), 60_000);
    });

    it('lets an admin moderate too', async () => {
      const story = await submitAccepted(app);
      const { status, body } = await moderate(story.id, { action: 'publish' }, admin);
      expect(status).to.equal(200);
      expect(body.moderation[0]!.by).to.deep.equal({ id: admin.id, name: 'Ada Admin' });
    });
  });

  describe('redaction', () => {
    const original = 'Dr Hamish Patel on Ward 7 was rude to me.';
    const redacted = 'A doctor on Ward 7 was rude to me.';

    it('publishes the edited text and keeps the original in the audit trail for moderators', async () => {
      const story = await submitAccepted(app, { title: 'Rude doctor', body: original });
      const { status, body } = await moderate(story.id, { action: 'publish', body: redacted });
      expect(status).to.equal(200);
      expect(body.body).to.equal(redacted);
      expect(body.moderation[0]!.changes).to.deep.include({ field: 'body', from: original, to: redacted });

      const asModerator = await getJson(app, `/stories/${story.id}`, bearer(moderator));
      expect(asModerator.text).to.include(original);
    });

    it('never shows the original text in a public answer, nor finds it by search', async () => {
      const story = await submitAccepted(app, { title: 'Rude doctor', body: original });
      await moderate(story.id, { action: 'publish', body: redacted });

      const page = await getJson(app, `/stories/${story.id}`);
      const list = await getJson(app, `/stories?service=${board}`);
      const search = await getJson(app, `/stories?q=hamish`);
      for (const reply of [page, list, search]) {
        expect(reply.status).to.equal(200);
        expect(reply.text).not.to.include('Hamish');
      }
      expect(page.body.body).to.equal(redacted);
      expect(search.body.items).to.deep.equal([]);
      expect((await getJson(app, '/stories?q=rude')).body.items).to.have.length(1);
    });

    it('flags the edited text afresh', async () => {
      const story = await submitAccepted(app, { title: 'Rude doctor', body: original });
      expect((await queue()).body.items[0]!.flags.map((flag) => flag.text)).to.deep.equal([
        'Dr Hamish Patel',
      ]);
      const { body } = await moderate(story.id, { action: 'hold', reason: 'Checking', body: redacted });
      expect(body.flags).to.deep.equal([]);
    });

    it('edits the title, services and tags, recording each change', async () => {
      const story = await submitAccepted(app, {
        title: 'Nurse Jane Smith was great',
        services: [department],
        tags: { good: ['kindness'], improve: [], feelings: [] },
      });
      const { status, body } = await moderate(story.id, {
        action: 'publish',
        title: 'A great nurse',
        services: [otherBoardHospital],
        tags: { good: ['Kindness', 'listening'] },
      });
      expect(status).to.equal(200);
      expect(body.services.map((service) => service.id)).to.deep.equal([otherBoardHospital]);
      expect(body.tags).to.deep.equal({ good: ['Kindness', 'listening'], improve: [], feelings: [] });
      expect(body.moderation[0]!.changes.map((change) => change.field)).to.deep.equal([
        'title',
        'services',
        'tags',
        'status',
      ]);
      expect(body.moderation[0]!.changes[0]).to.deep.equal({
        field: 'title',
        from: 'Nurse Jane Smith was great',
        to: 'A great nurse',
      });

      const elsewhere = await getJson(app, `/stories?service=${otherBoardHospital}&tag=listening`);
      expect((elsewhere.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([story.id]);
      expect((await getJson(app, `/stories?service=${board}`)).body.items).to.deep.equal([]);
    });

    it('refuses to move a story to a service that does not exist, naming it', async () => {
      const story = await submitAccepted(app);
      const { status, body } = await moderate(story.id, {
        action: 'publish',
        services: [department, 'no-such-service'],
      });
      expect(status).to.equal(400);
      expect(problemFields(body)).to.deep.equal(['services.1']);
      expect((await storedStory(app, story.id))!.status).to.equal('submitted');
    });

    it('refuses an empty or over-long title or body, naming the field', async () => {
      const story = await submitAccepted(app);
      const { status, body } = await moderate(story.id, {
        action: 'publish',
        title: '  ',
        body: 'x'.repeat(8001),
      });
      expect(status).to.equal(400);
      expect(problemFields(body)).to.have.members(['title', 'body']);
    });
  });

  describe('holding and rejecting', () => {
    for (const action of ['hold', 'reject']) {
      it(`refuses to ${action} without a reason, naming the reason`, async () => {
        const story = await submitAccepted(app);
        for (const reason of [undefined, '   ']) {
          const { status, body } = await moderate(story.id, { action, reason });
          expect(status).to.equal(400);
          expect(problemFields(body)).to.deep.equal(['reason']);
        }
        expect((await storedStory(app, story.id))!.status).to.equal('submitted');
      });
    }

    it('refuses a reason over 1,000 characters', async () => {
      const story = await submitAccepted(app);
      const { status, body } = await moderate(story.id, { action: 'reject', reason: 'x'.repeat(1001) });
      expect(status).to.equal(400);
      expect(problemFields(body)).to.deep.equal(['reason']);
    });

    it('shows the reason to the author through their author key, and not to the public', async () => {
      const story = await submitAccepted(app);
      const reason = 'Please tell us which ward this was, so staff can act on it.';
      await moderate(story.id, { action: 'hold', reason });

      const asAuthor = await getJson(app, `/stories/${story.id}`, bearer(story.authorKey));
      expect(asAuthor.status).to.equal(200);
      expect(asAuthor.body).to.include({ status: 'held', statusReason: reason });
      const asPublic = await getJson(app, `/stories/${story.id}`);
      expect(asPublic.status).to.equal(404);
      expect(asPublic.text).not.to.include(reason);
    });

    it('takes a published story down, saying in the audit that it was published', async () => {
      const story = await publishedStory(app);
      const { status, body } = await moderate(story.id, { action: 'hold', reason: 'A complaint: reviewing' });
      expect(status).to.equal(200);
      expect(body.moderation.at(-1)!.changes).to.deep.include({
        field: 'status',
        from: 'published',
        to: 'held',
      });
      expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
      expect((await getJson(app, `/stories?service=${board}`)).body.items).to.deep.equal([]);
    });

    it('keeps the first publication date when a held story is published again, and clears the reason', async () => {
      const story = await submitAccepted(app);
      const first = await moderate(story.id, { action: 'publish' });
      await moderate(story.id, { action: 'hold', reason: 'A complaint: reviewing' });
      const again = await moderate(story.id, { action: 'publish' });
      expect(again.body).to.include({
        status: 'published',
        statusReason: null,
        publishedAt: first.body.publishedAt,
      });
      expect(again.body.moderation.map((entry) => entry.action)).to.deep.equal([
        'publish',
        'hold',
        'publish',
      ]);
    });

    it('keeps a consistent audit trail when moderators act on the same story at once', async () => {
      const story = await submitAccepted(app);
      const actions = [
        { action: 'publish' },
        { action: 'hold', reason: 'Second look' },
        { action: 'reject', reason: 'Not about care' },
        { action: 'publish', body: 'Edited at the same time.' },
        { action: 'hold', reason: 'Third look' },
      ];
      const replies = await Promise.all(actions.map((action) => moderate(story.id, action)));
      // Each action either applies to the story as it then was, or is refused to be retried: never lost.
      expect(replies.map((reply) => reply.status)).to.satisfy((statuses: number[]) =>
        statuses.every((status) => status === 200 || status === 409),
      );
      const applied = replies.filter((reply) => reply.status === 200).length;
      const { moderation, status } = (await getJson(app, `/stories/${story.id}`, bearer(moderator)))
        .body as unknown as ModerationStory;
      expect(moderation).to.have.length(applied);
      let expectedFrom = 'submitted';
      for (const entry of moderation) {
        const statusChange = entry.changes.find((change) => change.field === 'status');
        if (!statusChange) continue;
        expect(statusChange.from).to.equal(expectedFrom);
        expectedFrom = statusChange.to as string;
      }
      expect(status).to.equal(expectedFrom);
    });

    it('lets a moderator reverse a rejection', async () => {
      const story = await submitAccepted(app);
      await moderate(story.id, { action: 'reject', reason: 'Looks like spam' });
      const { status, body } = await moderate(story.id, { action: 'publish' });
      expect(status).to.equal(200);
      expect(body.status).to.equal('published');
      expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(200);
    });
  });

  describe('criticality', () => {
    it('is recorded for moderators but never appears in a public answer', async () => {
      const story = await submitAccepted(app);
      const { body } = await moderate(story.id, { action: 'publish', criticality: 4 });
      expect(body.criticality).to.equal(4);
      expect(body.moderation[0]!.changes).to.deep.include({ field: 'criticality', from: null, to: 4 });
      for (const path of [`/stories/${story.id}`, `/stories?service=${board}`]) {
        const reply = await getJson(app, path);
        expect(reply.status).to.equal(200);
        expect(reply.text).not.to.include('criticality');
      }
    });

    it('must be a whole number from 0 to 5', async () => {
      const story = await submitAccepted(app);
      for (const criticality of [6, -1, 2.5, '3']) {
        const { status, body } = await moderate(story.id, { action: 'publish', criticality });
        expect(status, String(criticality)).to.equal(400);
        expect(problemFields(body)).to.deep.equal(['criticality']);
      }
    });
  });

  describe('what cannot be moderated', () => {
    it('refuses to moderate a story its author withdrew', async () => {
      const story = await submitAccepted(app);
      await withdraw(story.id, story.authorKey);
      for (const action of [{ action: 'publish' }, { action: 'hold', reason: 'x' }]) {
        const { status, body } = await moderate(story.id, action);
        expect(status).to.equal(409);
        expect(body).to.include({ storyStatus: 'withdrawn' });
      }
      expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
    });

    it('answers 404 for a story that does not exist', async () => {
      for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
        expect((await moderate(id, { action: 'publish' })).status).to.equal(404);
      }
    });

    it('answers 404 problem+json for a malformed id even with a wrong body: no such story to check it for', async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/stories/not-an-id/moderation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(moderator) },
        body: JSON.stringify({ action: 'delete' }),
      });
      expect(response.status).to.equal(404);
      expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(await response.json()).to.include({ status: 404, detail: 'No story with this id.' });
    });

    it('refuses unknown actions and fields, naming them', async () => {
      const story = await submitAccepted(app);
      const { status, body } = await moderate(story.id, { action: 'delete', nickname: 'Someone' });
      expect(status).to.equal(400);
      expect(problemFields(body)).to.have.members(['action', 'nickname']);
    });
  });

  describe('who may moderate', () => {
    const denied: [string, () => Record<string, string>, number][] = [
      ['anonymous', () => ({}), 401],
      ['staff', () => bearer(staff), 403],
      ['a stakeholder', () => bearer(stakeholder), 403],
    ];

    for (const [who, headers, expected] of denied) {
      it(`refuses ${who} the queue and every action (${expected})`, async () => {
        const story = await submitAccepted(app);
        expect((await queue('', headers())).status).to.equal(expected);
        for (const action of [
          { action: 'publish' },
          { action: 'hold', reason: 'x' },
          { action: 'reject', reason: 'x' },
        ]) {
          const response = await fetch(`${app.baseUrl}/api/v1/stories/${story.id}/moderation`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers() },
            body: JSON.stringify(action),
          });
          expect(response.status).to.equal(expected);
        }
        expect((await storedStory(app, story.id))!.status).to.equal('submitted');
      });
    }

    it("refuses the story's own author key (401): authors do not moderate", async () => {
      const story = await submitAccepted(app);
      expect((await queue('', bearer(story.authorKey))).status).to.equal(401);
      expect((await moderate(story.id, { action: 'publish' }, story.authorKey)).status).to.equal(401);
      expect((await storedStory(app, story.id))!.status).to.equal('submitted');
    });
  });
});
