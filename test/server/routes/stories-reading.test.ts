import { expect } from 'chai';
import { Types } from 'mongoose';
import type { Models } from '../../../server/models/index.js';
import { hashToken } from '../../../server/auth/tokens.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer } from '../../support/api.js';
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
  submitAccepted,
} from '../../support/stories.js';

const listKeys = [
  'id',
  'title',
  'body',
  'nickname',
  'authorRole',
  'services',
  'tags',
  'publishedAt',
  'responseCount',
  'responded',
  'change',
  'meTooCount',
  'toldVia',
];
/** One story's page adds its thread and who is listening. */
const publicKeys = [...listKeys, 'thread', 'listening'];
/** A story in a list adds who answered it. */
const listedKeys = [...listKeys, 'respondedBy'];

describe('reading stories (GET /api/v1/stories, GET /api/v1/stories/:id)', () => {
  let app: TestApp;
  let moderator: TestAccount;
  let admin: TestAccount;
  let staff: TestAccount;
  /** Published stories by name, and one still waiting for moderation. */
  const ids: Record<string, string> = {};
  let waiting: { id: string; authorKey: string };
  let kindness: { id: string; authorKey: string };

  const titles = async (query: string) => {
    const listed = await getJson(app, `/stories${query}`);
    expect(listed.status, listed.text).to.equal(200);
    return (listed.body.items as { title: string }[]).map((story) => story.title);
  };

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    kindness = await publishedStory(
      app,
      {
        title: 'Kindness in the emergency department',
        body: 'The nurse held my hand.',
        services: [department],
        tags: { good: ['Kindness'] },
        email: 'reader-one@example.org',
        postcode: 'KA2 0BE',
      },
      new Date('2026-01-10T09:00:00Z'),
    );
    ids.kindness = kindness.id;
    ids.parking = (
      await publishedStory(
        app,
        {
          title: 'Parking at Crosshouse',
          body: 'There was nowhere to park the car.',
          authorRole: 'carer',
          services: [hospital],
          tags: { improve: ['parking'] },
        },
        new Date('2026-02-15T12:00:00Z'),
      )
    ).id;
    ids.borders = (
      await publishedStory(
        app,
        {
          title: 'Borders nurse was great',
          body: 'A lovely café too.',
          services: [otherBoardHospital],
          tags: {},
        },
        new Date('2026-03-01T08:00:00Z'),
      )
    ).id;
    ids.board = (
      await publishedStory(
        app,
        {
          title: 'Letters from the board',
          body: 'Appointment letters came late.',
          services: [board],
          tags: {},
        },
        new Date('2026-03-20T16:30:00Z'),
      )
    ).id;
    waiting = await submitAccepted(app, {
      title: 'Not yet moderated',
      body: 'The nurse was rude.',
      email: 'waiting-author@example.org',
      postcode: 'KA1 1AA',
    });
    [moderator, admin, staff] = await Promise.all([
      createAccount(app, { role: 'moderator' }),
      createAccount(app, { role: 'admin' }),
      createAccount(app, { role: 'staff', services: [board] }),
    ]);
  });

  after(async () => {
    await app.close();
  });

  describe('the list', () => {
    it('shows only published stories, newest first', async () => {
      expect(await titles('')).to.deep.equal([
        'Letters from the board',
        'Borders nurse was great',
        'Parking at Crosshouse',
        'Kindness in the emergency department',
      ]);
    });

    it('shows each story in the public shape and nothing more', async () => {
      const listed = await getJson(app, '/stories');
      expect(listed.body).to.have.all.keys('items', 'next', 'total');
      expect(listed.body.total).to.equal(4);
      const story = (listed.body.items as Record<string, unknown>[]).find((item) => item.id === ids.kindness);
      expect(story).to.have.all.keys(...listedKeys);
      expect(story).to.deep.include({
        nickname: 'Grateful patient',
        authorRole: 'patient',
        services: [{ id: department, name: 'Emergency Department, University Hospital Crosshouse' }],
        tags: { good: ['Kindness'], improve: [], feelings: [] },
        publishedAt: '2026-01-10T09:00:00.000Z',
      });
    });

    it('shows stories about a service and every service below it', async () => {
      expect(await titles(`?service=${board}`)).to.deep.equal([
        'Letters from the board',
        'Parking at Crosshouse',
        'Kindness in the emergency department',
      ]);
      expect(await titles(`?service=${hospital}`)).to.deep.equal([
        'Parking at Crosshouse',
        'Kindness in the emergency department',
      ]);
    });

    it('refuses an unknown service with 400 naming service', async () => {
      const listed = await getJson(app, '/stories?service=no-such-board');
      expect(listed.status).to.equal(400);
      expect(problemFields(listed.body as { errors?: { field: string }[] })).to.deep.equal(['service']);
    });

    it('finds stories with every word of q in the title or body, whatever the case or accents', async () => {
      expect(await titles('?q=NURSE')).to.deep.equal([
        'Borders nurse was great',
        'Kindness in the emergency department',
      ]);
      expect(await titles('?q=nurse%20hand')).to.deep.equal(['Kindness in the emergency department']);
      expect(await titles('?q=cafe')).to.deep.equal(['Borders nurse was great']);
      expect(await titles(`?q=nurse&service=${board}`)).to.deep.equal([
        'Kindness in the emergency department',
      ]);
    });

    it('ignores a q made only of stop words', async () => {
      expect(await titles('?q=the%20and')).to.have.length(4);
    });

    it('filters by tag, whatever its case', async () => {
      expect(await titles('?tag=kindness')).to.deep.equal(['Kindness in the emergency department']);
      expect(await titles('?tag=PARKING')).to.deep.equal(['Parking at Crosshouse']);
    });

    it('filters by author role', async () => {
      expect(await titles('?authorRole=carer')).to.deep.equal(['Parking at Crosshouse']);
    });

    it('filters by published date, both ends included', async () => {
      expect(await titles('?from=2026-02-15&to=2026-03-01')).to.deep.equal([
        'Borders nurse was great',
        'Parking at Crosshouse',
      ]);
      expect(await titles('?to=2026-01-10')).to.deep.equal(['Kindness in the emergency department']);
    });

    it('refuses dates that are not dates, or a range that ends before it starts, with 400', async () => {
      for (const [query, field] of [
        ['from=yesterday', 'from'],
        ['to=2026-02-30', 'to'],
        ['from=2026-03-01&to=2026-02-01', 'to'],
      ] as const) {
        const listed = await getJson(app, `/stories?${query}`);
        expect(listed.status, query).to.equal(400);
        expect(problemFields(listed.body as { errors?: { field: string }[] }), query).to.include(field);
      }
    });

    it('accepts responded=true|false: none has a response yet', async () => {
      expect(await titles('?responded=true')).to.deep.equal([]);
      expect(await titles('?responded=false')).to.have.length(4);
      expect((await getJson(app, '/stories?responded=maybe')).status).to.equal(400);
    });

    it('refuses a limit outside 1–50 with 400 naming limit', async () => {
      for (const limit of ['0', '51', 'ten', '-1', '2.5']) {
        const listed = await getJson(app, `/stories?limit=${limit}`);
        expect(listed.status, limit).to.equal(400);
        expect(problemFields(listed.body as { errors?: { field: string }[] })).to.deep.equal(['limit']);
      }
    });

    it('refuses a cursor it did not give out with 400 naming cursor', async () => {
      for (const cursor of ['nonsense', Buffer.from('2026-01-01,abc').toString('base64url')]) {
        const listed = await getJson(app, `/stories?cursor=${cursor}`);
        expect(listed.status).to.equal(400);
        expect(problemFields(listed.body as { errors?: { field: string }[] })).to.deep.equal(['cursor']);
      }
    });

    it('refuses parameters it does not know with 400', async () => {
      const listed = await getJson(app, '/stories?status=submitted');
      expect(listed.status).to.equal(400);
      expect(problemFields(listed.body as { errors?: { field: string }[] })).to.deep.equal(['status']);
    });
  });

  describe('pages', () => {
    const ayrTitles: string[] = [];

    before(async () => {
      // 23 stories about one hospital; five of them published in the same millisecond.
      const sameMoment = new Date('2026-04-01T10:00:00Z');
      for (let i = 0; i < 23; i++) {
        const title = `Ayr story ${String(i).padStart(2, '0')}`;
        const publishedAt = i < 5 ? sameMoment : new Date(Date.UTC(2026, 3, 2, 0, i));
        await publishedStory(app, { title, services: ['university-hospital-ayr'] }, publishedAt);
        ayrTitles.push(title);
      }
    });

    it('walks every story once, newest first, following next until it is null', async () => {
      const seen: string[] = [];
      let query = '?service=university-hospital-ayr&limit=4';
      for (let page = 0; page < 10; page++) {
        const listed = await getJson(app, `/stories${query}`);
        expect(listed.status).to.equal(200);
        const items = listed.body.items as { title: string; publishedAt: string }[];
        expect(items.length).to.be.at.most(4);
        seen.push(...items.map((item) => item.title));
        if (listed.body.next === null) break;
        expect(listed.body.next).to.be.a('string');
        query = `?service=university-hospital-ayr&limit=4&cursor=${listed.body.next as string}`;
      }
      expect(seen).to.have.length(23);
      expect(new Set(seen).size).to.equal(23);
      expect(seen.slice(0, 18)).to.deep.equal(ayrTitles.slice(5).reverse());
      expect(seen.slice(18)).to.have.members(ayrTitles.slice(0, 5));
    });

    it('gives 20 stories a page by default', async () => {
      const listed = await getJson(app, '/stories?service=university-hospital-ayr');
      expect(listed.body.items).to.have.length(20);
      expect(listed.body.next).to.be.a('string');
    });

    it('says on the first page how many match in all ("20 of 23 stories"), and not again on later pages', async () => {
      const first = await getJson(app, '/stories?service=university-hospital-ayr');
      expect(first.body.total).to.equal(23);
      const later = await getJson(
        app,
        `/stories?service=university-hospital-ayr&cursor=${first.body.next as string}`,
      );
      expect(later.body.items).to.have.length(3);
      expect(later.body).not.to.have.property('total');
    });

    it('answers next: null when the last page is exactly full', async () => {
      const listed = await getJson(app, '/stories?service=university-hospital-ayr&limit=23');
      expect(listed.body.items).to.have.length(23);
      expect(listed.body.next).to.equal(null);
    });
  });

  describe('one story', () => {
    it('shows a published story to anyone, in the public shape', async () => {
      const read = await getJson(app, `/stories/${ids.kindness}`);
      expect(read.status).to.equal(200);
      expect(read.body).to.have.all.keys(...publicKeys);
      expect(read.body.title).to.equal('Kindness in the emergency department');
    });

    it('answers 404 problem+json to the public for a story not yet published', async () => {
      const read = await getJson(app, `/stories/${waiting.id}`);
      expect(read.status).to.equal(404);
      expect(read.headers.get('content-type')).to.include('application/problem+json');
    });

    it('shows the author their own story in any state, with its status', async () => {
      const read = await getJson(app, `/stories/${waiting.id}`, bearer(waiting.authorKey));
      expect(read.status).to.equal(200);
      expect(read.body).to.have.all.keys(
        ...publicKeys,
        'status',
        'statusReason',
        'submittedAt',
        'withdrawnAt',
        'heldForComplaint',
        'previewUntil',
        'previewReviewRequested',
        'replies',
      );
      expect(read.body).to.include({
        status: 'submitted',
        statusReason: null,
        withdrawnAt: null,
        publishedAt: null,
      });
      expect(read.headers.get('cache-control')).to.equal('private, no-store');
    });

    it("shows the moderator's reason to the author of a held story", async () => {
      const held = await submitAccepted(app, { title: 'Held story' });
      await app.connection
        .model('Story')
        .updateOne({ _id: held.id }, { $set: { status: 'held', statusReason: 'Please remove the name.' } });
      const read = await getJson(app, `/stories/${held.id}`, bearer(held.authorKey));
      expect(read.body).to.include({ status: 'held', statusReason: 'Please remove the name.' });
    });

    it("answers 404 to another story's author key for a story not yet published", async () => {
      const read = await getJson(app, `/stories/${waiting.id}`, bearer(kindness.authorKey));
      expect(read.status).to.equal(404);
    });

    it("shows only the public shape to another story's author key for a published story", async () => {
      const read = await getJson(app, `/stories/${ids.parking}`, bearer(kindness.authorKey));
      expect(read.status).to.equal(200);
      expect(read.body).to.have.all.keys(...publicKeys);
    });

    it('shows moderators and admins every story, in the moderation shape', async () => {
      for (const account of [moderator, admin]) {
        const read = await getJson(app, `/stories/${waiting.id}`, bearer(account));
        expect(read.status).to.equal(200);
        expect(read.body).to.include({ status: 'submitted', email: 'waiting-author@example.org' });
        expect(read.body).to.have.property('flags');
        expect(read.body).not.to.have.property('authorKeyHash');
      }
    });

    it('shows staff only published stories, in the public shape with its progress for staff in scope', async () => {
      expect((await getJson(app, `/stories/${waiting.id}`, bearer(staff))).status).to.equal(404);
      const read = await getJson(app, `/stories/${ids.kindness}`, bearer(staff));
      expect(read.body).to.have.all.keys(...publicKeys, 'progress');
    });
  });

  describe('privacy', () => {
    it('never shows an email, postcode, author key, its hash or an address in a public answer', async () => {
      const stored = await app.connection
        .model('Story')
        .findById(kindness.id)
        .lean<{ authorKeyHash: string }>();
      const secrets = [
        'reader-one@example.org',
        'KA2 0BE',
        'waiting-author@example.org',
        'KA1 1AA',
        kindness.authorKey,
        waiting.authorKey,
        hashToken(kindness.authorKey),
        stored!.authorKeyHash,
        '127.0.0.1',
      ];
      const answers = await Promise.all([
        getJson(app, '/stories'),
        getJson(app, '/stories?limit=50'),
        getJson(app, `/stories?service=${board}`),
        getJson(app, '/stories?q=nurse'),
        getJson(app, '/stories?tag=kindness'),
        getJson(app, `/stories/${kindness.id}`),
        getJson(app, `/stories/${kindness.id}`, bearer(waiting.authorKey)),
        getJson(app, `/stories/${kindness.id}`, bearer(kindness.authorKey)),
        getJson(app, `/stories/${waiting.id}`, bearer(waiting.authorKey)),
        getJson(app, `/stories/${waiting.id}`),
        getJson(app, `/stories/${ids.kindness}`, bearer(staff)),
      ]);
      for (const answer of answers) {
        for (const secret of secrets) expect(answer.text).not.to.include(secret);
      }
    });
  });

  describe('a word search that matches a great many stories', () => {
    before(async () => {
      // 1,001 more stories holding the word "plenty": copies of a published one, written straight to the store.
      const model = app.connection.model('Story') as Models['stories'];
      const { id } = await publishedStory(app, { title: 'Plenty of care', services: [hospital] });
      const original = await model.findById(id).lean<Record<string, unknown>>();
      const copies = Array.from({ length: 1_000 }, (_, i) => ({
        ...original,
        _id: new Types.ObjectId(),
        title: `Plenty of care ${i}`,
        searchTerms: [...(original!.searchTerms as string[]), 'plenty'],
        authorKeyHash: `copy-${i}`,
      }));
      await model.collection.insertMany(copies);
    });

    it('counts to 1,000 and says more match, rather than count them all', async () => {
      const first = await getJson(app, '/stories?q=plenty&limit=5');
      expect(first.status).to.equal(200);
      expect(first.body.items).to.have.length(5);
      expect(first.body).to.include({ total: 1_000, totalCapped: true });
    });

    it('counts exactly, and says so, when no more than 1,000 match', async () => {
      const narrow = await getJson(app, '/stories?q=plenty%20care%207');
      expect(narrow.body.totalCapped).to.equal(false);
      const listed = await getJson(app, '/stories?q=nurse');
      expect(listed.body).to.include({ total: (listed.body.items as unknown[]).length, totalCapped: false });
    });
  });
});
