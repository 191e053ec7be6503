import { expect } from 'chai';
import { hashToken } from '../../../server/auth/tokens.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  problemFields,
  storedStory,
  storyBody,
  submitStory,
} from '../../support/stories.js';

describe('telling a story (POST /api/v1/stories)', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    const organisations = app.connection.model('Organisation');
    await organisations.updateOne({ _id: 'borders-general-hospital' }, { $set: { retiredAt: new Date() } });
  });

  after(async () => {
    await app.close();
  });

  describe('a story that passes every check', () => {
    it('is received with 201, status "submitted", an author key and its address in Location', async () => {
      const submitted = await submitStory(app);
      expect(submitted.status).to.equal(201);
      expect(submitted.body).to.have.all.keys('id', 'status', 'authorKey');
      expect(submitted.body.status).to.equal('submitted');
      expect(submitted.body.authorKey).to.match(/^cla_[A-Za-z0-9_-]{43}$/);
      expect(submitted.headers.get('location')).to.equal(
        `${app.baseUrl}/api/v1/stories/${submitted.body.id}`,
      );
    });

    it('keeps only a hash of the author key, never the key itself', async () => {
      const { body } = await submitStory(app);
      const stored = await storedStory(app, body.id);
      expect(stored?.authorKeyHash).to.equal(hashToken(body.authorKey));
      expect(JSON.stringify(stored)).not.to.include(body.authorKey);
    });

    it('keeps the story trimmed, with its services, tags, private contact details and status', async () => {
      const { body } = await submitStory(app, {
        title: '  Kind nurses  ',
        nickname: ' Jo ',
        services: [department, board],
        tags: { good: ['Kindness', 'kindness ', 'Listening'], feelings: ['calm'] },
        email: 'jo@example.org',
        postcode: 'ka2 0bf',
        language: 'cy',
      });
      const stored = await storedStory(app, body.id);
      expect(stored).to.include({
        title: 'Kind nurses',
        nickname: 'Jo',
        status: 'submitted',
        email: 'jo@example.org',
        postcode: 'KA2 0BF',
        language: 'cy',
      });
      expect(stored?.services).to.deep.equal([department, board]);
      expect(stored?.tags).to.deep.equal({
        good: ['Kindness', 'Listening'],
        improve: [],
        feelings: ['calm'],
      });
      expect(stored?.tagList).to.have.members(['kindness', 'listening', 'calm']);
    });

    it('makes the words of the title and body searchable, accents folded and stop words left out', async () => {
      const { body } = await submitStory(app, {
        title: 'The café was shut',
        body: 'And the Nurse was KIND.',
      });
      const stored = await storedStory(app, body.id);
      expect(stored?.searchTerms).to.have.members(['cafe', 'shut', 'nurse', 'kind']);
    });

    it('flags likely identifying details for the moderator', async () => {
      const { body } = await submitStory(app, { body: 'Call me on 07700 900123 about the ward.' });
      const stored = (await storedStory(app, body.id)) as { flags: { kind: string; text: string }[] };
      expect(stored.flags.map((flag) => flag.kind)).to.include('phone');
    });

    it('records the origin of the page the story was told on as its source', async () => {
      // The board lets its own site embed careloop (its CORS allowlist).
      await app.models.organisations.updateOne(
        { _id: 'nhs-ayrshire-arran' },
        { $set: { allowedOrigins: ['https://www.nhsaaa.net'] } },
      );
      const { status, body } = await submitStory(app, {}, { headers: { origin: 'https://www.nhsaaa.net' } });
      expect(status).to.equal(201);
      expect((await storedStory(app, body.id))?.source).to.equal('https://www.nhsaaa.net');
    });

    it('records no source for a story sent without an Origin (not from a browser page)', async () => {
      const { body } = await submitStory(app);
      expect((await storedStory(app, body.id))?.source).to.equal(null);
    });

    it('refuses, and stores nothing from, an Origin that is not a well-formed allowed origin', async () => {
      const before = await app.models.stories.countDocuments();
      for (const origin of ['null', 'https://www.nhsaaa.net/stories', 'javascript:alert(1)', 'not a url']) {
        const { status, body } = await submitStory(app, {}, { headers: { origin } });
        expect(status, origin).to.equal(403);
        expect(body.type, origin).to.equal('urn:careloop:problem:origin-not-allowed');
      }
      expect(await app.models.stories.countDocuments()).to.equal(before);
    });

    it('accepts every author role', async () => {
      for (const authorRole of [
        'patient',
        'carer',
        'parent-guardian',
        'relative',
        'friend',
        'staff-on-behalf',
      ]) {
        expect((await submitStory(app, { authorRole })).status, authorRole).to.equal(201);
      }
    });

    it('accepts a title of 150 and a body of 8,000 characters', async () => {
      const submitted = await submitStory(app, { title: 't'.repeat(150), body: 'b'.repeat(8000) });
      expect(submitted.status).to.equal(201);
    });

    it('counts characters, not bytes: 8,000 emoji are a body of 8,000 characters', async () => {
      expect((await submitStory(app, { body: '😀'.repeat(8000) })).status).to.equal(201);
    });
  });

  describe('a story with something wrong', () => {
    const cases: { name: string; overrides: Record<string, unknown>; fields: string[] }[] = [
      { name: 'no title', overrides: { title: undefined }, fields: ['title'] },
      { name: 'an empty title', overrides: { title: '' }, fields: ['title'] },
      { name: 'a title of only spaces', overrides: { title: '   \n ' }, fields: ['title'] },
      { name: 'a title of 151 characters', overrides: { title: 't'.repeat(151) }, fields: ['title'] },
      { name: 'a title that is a number', overrides: { title: 42 }, fields: ['title'] },
      { name: 'no body', overrides: { body: undefined }, fields: ['body'] },
      { name: 'a body of 8,001 characters', overrides: { body: 'b'.repeat(8001) }, fields: ['body'] },
      { name: 'no nickname', overrides: { nickname: undefined }, fields: ['nickname'] },
      { name: 'a nickname of 41 characters', overrides: { nickname: 'n'.repeat(41) }, fields: ['nickname'] },
      {
        name: 'an email address as nickname',
        overrides: { nickname: 'jo@example.org' },
        fields: ['nickname'],
      },
      { name: 'a phone number as nickname', overrides: { nickname: '07700 900123' }, fields: ['nickname'] },
      {
        name: 'an international phone number in the nickname',
        overrides: { nickname: 'Jo +44 (0)131 496 0000' },
        fields: ['nickname'],
      },
      { name: 'an unknown author role', overrides: { authorRole: 'doctor' }, fields: ['authorRole'] },
      { name: 'no services', overrides: { services: [] }, fields: ['services'] },
      { name: 'services that are not a list', overrides: { services: department }, fields: ['services'] },
      {
        name: 'six services',
        overrides: {
          services: [board, hospital, department, 'university-hospital-ayr', 'nhs-borders', 'nhs-highland'],
        },
        fields: ['services'],
      },
      { name: 'a service twice', overrides: { services: [department, department] }, fields: ['services'] },
      {
        name: 'an unknown service',
        overrides: { services: [department, 'no-such-ward'] },
        fields: ['services.1'],
      },
      {
        name: 'a retired service',
        overrides: { services: ['borders-general-hospital'] },
        fields: ['services.0'],
      },
      { name: 'a malformed service id', overrides: { services: ['Ward 7!'] }, fields: ['services.0'] },
      { name: 'no consent', overrides: { consent: undefined }, fields: ['consent'] },
      { name: 'consent refused', overrides: { consent: false }, fields: ['consent'] },
      { name: 'consent as a string', overrides: { consent: 'true' }, fields: ['consent'] },
      { name: 'a malformed email', overrides: { email: 'not-an-email' }, fields: ['email'] },
      {
        name: 'a postcode that is not a UK postcode',
        overrides: { postcode: '90210' },
        fields: ['postcode'],
      },
      {
        name: 'eleven tags in a list',
        overrides: { tags: { good: Array.from({ length: 11 }, (_, i) => `tag ${i}`) } },
        fields: ['tags.good'],
      },
      {
        name: 'a tag of 41 characters',
        overrides: { tags: { improve: ['x'.repeat(41)] } },
        fields: ['tags.improve.0'],
      },
      { name: 'an empty tag', overrides: { tags: { feelings: [''] } }, fields: ['tags.feelings.0'] },
      { name: 'an unknown tag list', overrides: { tags: { bad: ['x'] } }, fields: ['tags.bad'] },
      { name: 'a field careloop does not know', overrides: { rating: 5 }, fields: ['rating'] },
      { name: 'a language careloop does not write in', overrides: { language: 'fr' }, fields: ['language'] },
    ];

    for (const { name, overrides, fields } of cases) {
      it(`is refused with 400 naming the field when it has ${name}`, async () => {
        const submitted = await submitStory(app, storyBody(overrides), { raw: true });
        expect(submitted.status, submitted.text).to.equal(400);
        expect(submitted.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
        expect(problemFields(submitted.body as { errors?: { field: string }[] })).to.have.members(fields);
      });
    }

    it('lists every bad field at once', async () => {
      const submitted = await submitStory(
        app,
        storyBody({ title: '', nickname: undefined, authorRole: 'doctor', consent: false }),
        { raw: true },
      );
      expect(submitted.status).to.equal(400);
      expect(problemFields(submitted.body as { errors?: { field: string }[] })).to.have.members([
        'title',
        'nickname',
        'authorRole',
        'consent',
      ]);
    });

    it('gives each bad field a stable code, with its bound, for clients to say in their own language', async () => {
      const submitted = await submitStory(
        app,
        storyBody({
          title: 'x'.repeat(151),
          body: ' \n ',
          nickname: undefined,
          authorRole: 'doctor',
          rating: 5,
        }),
        { raw: true },
      );
      expect(submitted.status).to.equal(400);
      const { errors } = submitted.body as unknown as {
        errors: Array<{ field: string; code: string; limit?: number }>;
      };
      const codes = Object.fromEntries(errors.map(({ field, code, limit }) => [field, { code, limit }]));
      expect(codes).to.deep.equal({
        title: { code: 'too-long', limit: 150 },
        body: { code: 'blank', limit: undefined },
        nickname: { code: 'required', limit: undefined },
        authorRole: { code: 'not-allowed', limit: undefined },
        rating: { code: 'not-accepted', limit: undefined },
      });
    });

    it('names both a contact-detail nickname and an unknown service in one answer', async () => {
      const submitted = await submitStory(app, { nickname: 'jo@example.org', services: ['no-such-ward'] });
      expect(submitted.status).to.equal(400);
      expect(problemFields(submitted.body as { errors?: { field: string }[] })).to.have.members([
        'nickname',
        'services.0',
      ]);
    });

    it('is refused with 400 when the body is not a JSON object', async () => {
      for (const body of ['[]', '"a story"', '42', 'null']) {
        const response = await fetch(`${app.baseUrl}/api/v1/stories`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status, body).to.equal(400);
      }
    });

    it('stores nothing when refused', async () => {
      const stories = app.connection.model('Story');
      const before = await stories.countDocuments();
      await submitStory(app, { consent: false });
      expect(await stories.countDocuments()).to.equal(before);
    });
  });

  describe('a service retired while stories are being told about it', () => {
    const ward = 'raigmore-ward-2c';

    it('is closed at once when it is retired through this instance', async () => {
      expect((await submitStory(app, { services: [ward] })).status).to.equal(201);
      await app.services.organisations.update(ward, { retired: true });
      const refused = await submitStory(app, { services: [ward] });
      expect(refused.status).to.equal(400);
      expect(refused.body.errors).to.deep.include({
        field: 'services.0',
        code: 'retired-service',
        message: 'is retired and closed to new stories',
      });
      await app.services.organisations.update(ward, { retired: false });
      expect((await submitStory(app, { services: [ward] })).status).to.equal(201);
    });

    it('is closed within a second when another instance retires it', async () => {
      const other = await startTestApp({ store: app.store });
      try {
        expect((await submitStory(app, { services: [ward] })).status).to.equal(201);
        await other.services.organisations.update(ward, { retired: true });
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const refused = await submitStory(app, { services: [ward] });
        expect(refused.status, refused.text).to.equal(400);
        expect(problemFields(refused.body as { errors?: { field: string }[] })).to.deep.equal(['services.0']);
      } finally {
        await other.services.organisations.update(ward, { retired: false });
        await other.close();
      }
    });
  });
});
