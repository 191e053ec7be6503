import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, type ApiAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
} from '../../support/stories.js';

const partnerScript = fileURLToPath(new URL('../../../examples/partner-script.mjs', import.meta.url));
const privateEmail = 'partner-test-author@example.org';
const privatePostcode = 'KA1 9ZZ';
/** More than one page of 50, so the example script has to follow the cursor. */
const boardStoryCount = 56;

describe('API keys for partners (/api/v1/api-keys, Authorization: Bearer clk_…)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let admin: TestAccount;
  let staff: TestAccount;
  let readKey: string;
  let readKeyId: string;
  let staffKey: string;
  let ayrStory: string;
  let bordersStory: string;

  before(async function () {
    app = await startTestApp({ config: { submissionsPerHour: 100_000 } });
    await loadScotlandServices(app);
    [admin, staff] = await Promise.all([
      createAccount(app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(app, { role: 'staff', services: [board] }),
    ]);
    const contact = { email: privateEmail, postcode: privatePostcode };
    for (let told = 1; told < boardStoryCount; told += 8) {
      const batch = Math.min(8, boardStoryCount - told);
      await Promise.all(
        Array.from({ length: batch }, () => publishedStory(app, { services: [hospital], ...contact })),
      );
    }
    // The newest of the board's stories, so it is on every first page.
    ayrStory = (await publishedStory(app, { services: ['university-hospital-ayr'], ...contact })).id;
    bordersStory = (await publishedStory(app, { services: [otherBoardHospital], ...contact })).id;
    await app.models.stories.updateOne({ _id: ayrStory }, { $set: { criticality: 4 } });

    const read = await createKey({ name: 'Healthwatch Ayrshire', board });
    readKey = read.body.key;
    readKeyId = read.body.id;
    staffKey = (
      await createKey({ name: 'Board analysts', board, scopes: ['stories:read', 'stories:read-staff'] })
    ).body.key;
  });

  after(async function () {
    await app?.close();
  });

  async function createKey(body: Record<string, unknown>): Promise<ApiAnswer> {
    const answer = await callApi(app, 'POST', '/api-keys', { as: admin, body });
    expect(answer.status, answer.text).to.equal(201);
    return answer;
  }

  const ids = (answer: ApiAnswer): string[] => answer.body.items.map((story: { id: string }) => story.id);

  describe('creating and listing keys', function () {
    it('an admin creates a key: it is shown once, with its board, scope, creator and limit', async function () {
      const answer = await createKey({ name: 'Once only', board, expiresAt: '2099-01-01T00:00:00Z' });
      expect(answer.body.key).to.match(/^clk_[A-Za-z0-9_-]{43}$/);
      expect(answer.body).to.deep.include({
        name: 'Once only',
        board: { id: board, name: 'NHS Ayrshire & Arran' },
        scopes: ['stories:read'],
        requestsPerMinute: 600,
        createdBy: { name: 'Ada Admin' },
        expiresAt: '2099-01-01T00:00:00.000Z',
        lastUsedAt: null,
        revokedAt: null,
        state: 'active',
      });
      expect(answer.body.hint).to.equal(answer.body.key.slice(0, 8));
      expect(answer.headers.get('location')).to.equal(`${app.baseUrl}/api/v1/api-keys/${answer.body.id}`);
    });

    it('the key is never shown again: not in the list, not in the key itself, and only its hash is stored', async function () {
      const list = await callApi(app, 'GET', '/api-keys', { as: admin });
      const one = await callApi(app, 'GET', `/api-keys/${readKeyId}`, { as: admin });
      expect(list.status).to.equal(200);
      expect(list.body.keys.map((key: { id: string }) => key.id)).to.include(readKeyId);
      for (const answer of [list, one]) {
        expect(answer.text).to.not.include(readKey);
        expect(answer.text).to.not.include(readKey.slice(8));
        expect(answer.text).to.not.match(/keyHash|"key"/);
      }
      const stored = await app.models.apiKeys.findById(readKeyId).lean();
      expect(JSON.stringify(stored)).to.not.include(readKey.slice(8));
    });

    it('the list can be narrowed to one board', async function () {
      await createKey({ name: 'Borders partner', board: 'nhs-borders' });
      const answer = await callApi(app, 'GET', `/api-keys?board=${board}`, { as: admin });
      expect(answer.body.keys.length).to.be.greaterThan(0);
      for (const key of answer.body.keys) expect(key.board.id).to.equal(board);
    });

    it('only admins create or see keys: staff and moderators get 403, nobody signed in 401', async function () {
      const moderator = await createAccount(app, { role: 'moderator' });
      const body = { name: 'Sneaky', board };
      expect((await callApi(app, 'POST', '/api-keys', { as: staff, body })).status).to.equal(403);
      expect((await callApi(app, 'POST', '/api-keys', { as: moderator, body })).status).to.equal(403);
      expect((await callApi(app, 'POST', '/api-keys', { body })).status).to.equal(401);
      expect((await callApi(app, 'GET', '/api-keys', { as: staff })).status).to.equal(403);
    });

    it('bad input is a 400 problem naming every bad field', async function () {
      const answer = await callApi(app, 'POST', '/api-keys', {
        as: admin,
        body: {
          name: ' ',
          board,
          scopes: ['stories:write'],
          requestsPerMinute: 0,
          expiresAt: 'soon',
          extra: 1,
        },
      });
      expect(answer.status).to.equal(400);
      expect(answer.contentType).to.match(/^application\/problem\+json/);
      const fields = answer.body.errors.map((error: { field: string }) => error.field);
      expect(fields).to.include.members(['name', 'scopes.0', 'requestsPerMinute', 'expiresAt', 'extra']);
    });

    it('an unknown board and an expiry in the past are named too', async function () {
      const answer = await callApi(app, 'POST', '/api-keys', {
        as: admin,
        body: { name: 'Nowhere', board: 'nhs-atlantis', expiresAt: '2020-01-01T00:00:00Z' },
      });
      expect(answer.status).to.equal(400);
      expect(answer.body.errors).to.deep.include.members([
        { field: 'board', code: 'unknown-service', message: 'is not a known service' },
        { field: 'expiresAt', code: 'out-of-range', message: 'must be in the future' },
      ]);
    });
  });

  describe('reading with a key', function () {
    it('lists only the stories of its board, with the rate limit headers', async function () {
      const answer = await callApi(app, 'GET', '/stories?limit=50', { as: readKey });
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body.total).to.equal(boardStoryCount);
      expect(ids(answer)).to.include(ayrStory).and.not.include(bordersStory);
      expect(answer.headers.get('ratelimit-policy')).to.equal('"api-key";q=600;w=60');
      expect(answer.headers.get('ratelimit')).to.match(/^"api-key";r=\d+;t=\d+$/);
    });

    it('the public read API stays open without a key, for every board', async function () {
      const answer = await callApi(app, 'GET', `/stories?service=${otherBoardHospital}`);
      expect(answer.status).to.equal(200);
      expect(ids(answer)).to.deep.equal([bordersStory]);
      expect(answer.headers.get('ratelimit')).to.equal(null);
    });

    it('with stories:read, a story reads as the public sees it: no staff fields', async function () {
      const list = await callApi(app, 'GET', '/stories', { as: readKey });
      for (const item of list.body.items) expect(item).to.not.have.any.keys('criticality', 'progress');
      const one = await callApi(app, 'GET', `/stories/${ayrStory}`, { as: readKey });
      expect(one.status).to.equal(200);
      expect(one.body).to.not.have.any.keys('criticality', 'progress');
    });

    it('with stories:read-staff, each story also has its criticality and progress', async function () {
      const list = await callApi(app, 'GET', '/stories?limit=50', { as: staffKey });
      const ayr = list.body.items.find((story: { id: string }) => story.id === ayrStory);
      expect(ayr).to.deep.include({ criticality: 4 });
      expect(ayr.progress).to.include({ stage: 'unheard' });
      const one = await callApi(app, 'GET', `/stories/${ayrStory}`, { as: staffKey });
      expect(one.status).to.equal(200);
      expect(one.body).to.deep.include({ criticality: 4 });
      expect(one.body.progress).to.include({ stage: 'unheard' });
      expect(one.body.thread).to.be.an('array');
    });

    it("another board's stories are a 403, listed or read one by one", async function () {
      for (const key of [readKey, staffKey]) {
        const list = await callApi(app, 'GET', `/stories?service=${otherBoardHospital}`, { as: key });
        expect(list.status).to.equal(403);
        expect(list.contentType).to.match(/^application\/problem\+json/);
        const one = await callApi(app, 'GET', `/stories/${bordersStory}`, { as: key });
        expect(one.status).to.equal(403);
        // A refusal still says where the key stands.
        expect(one.headers.get('ratelimit')).to.match(/^"api-key";r=\d+;t=\d+$/);
      }
    });

    it('a service inside its board narrows the list', async function () {
      const answer = await callApi(app, 'GET', '/stories?service=university-hospital-ayr', { as: readKey });
      expect(answer.status).to.equal(200);
      expect(ids(answer)).to.deep.equal([ayrStory]);
    });

    it('no key-read answer carries an email, postcode or anything else private', async function () {
      const answers = [
        await callApi(app, 'GET', '/stories?limit=50', { as: readKey }),
        await callApi(app, 'GET', '/stories?limit=50', { as: staffKey }),
        await callApi(app, 'GET', `/stories/${ayrStory}`, { as: readKey }),
        await callApi(app, 'GET', `/stories/${ayrStory}`, { as: staffKey }),
      ];
      for (const answer of answers) {
        expect(answer.status).to.equal(200);
        expect(answer.text).to.not.include(privateEmail);
        expect(answer.text).to.not.include(privatePostcode);
        expect(answer.text).to.not.match(/"(email|postcode|authorKeyHash|flags|moderation|source)"/);
      }
    });

    it('notes when the key was last used', async function () {
      const answer = await callApi(app, 'GET', `/api-keys/${readKeyId}`, { as: admin });
      expect(Date.parse(answer.body.lastUsedAt)).to.be.closeTo(Date.now(), 60_000);
    });
  });

  describe('what a key may not do', function () {
    it('every write, and every read but the stories, is a 403 with a key, even with the staff scope', async function () {
      const document = (await callApi(app, 'GET', '/openapi.json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const keyed = ['GET /stories', 'GET /stories/{id}', 'GET /openapi.json'];
      const tried: string[] = [];
      for (const [template, operations] of Object.entries(document.paths)) {
        for (const method of Object.keys(operations)) {
          const operation = `${method.toUpperCase()} ${template}`;
          if (keyed.includes(operation)) continue;
          const path = template.replace(/\{\w+\}/g, ayrStory);
          const answer = await callApi(app, method.toUpperCase(), path, {
            as: staffKey,
            ...(method === 'get' || method === 'delete' ? {} : { body: {} }),
          });
          expect(answer.status, `${operation}: ${answer.text}`).to.equal(403);
          tried.push(operation);
        }
      }
      expect(tried).to.include.members(['POST /stories', 'POST /api-keys', 'GET /reports/services/{id}']);
    });

    it("mine=true is a 403: a key is not a staff member's account", async function () {
      const answer = await callApi(app, 'GET', '/stories?mine=true', { as: staffKey });
      expect(answer.status).to.equal(403);
      expect(answer.contentType).to.match(/^application\/problem\+json/);
    });

    it('a write with a key changes nothing', async function () {
      const before = await app.models.stories.countDocuments();
      const answer = await callApi(app, 'POST', '/stories', {
        as: readKey,
        body: { title: 'Through a key', body: 'Should not be taken.', nickname: 'K', authorRole: 'patient' },
      });
      expect(answer.status).to.equal(403);
      expect(await app.models.stories.countDocuments()).to.equal(before);
    });
  });

  describe('refused keys', function () {
    it('a revoked key is a 401 at once, and the list says it was revoked and by whom', async function () {
      const created = await createKey({ name: 'Soon revoked', board });
      expect((await callApi(app, 'GET', '/stories', { as: created.body.key })).status).to.equal(200);
      const revoked = await callApi(app, 'POST', `/api-keys/${created.body.id}/revocation`, { as: admin });
      expect(revoked.status).to.equal(200);
      expect(revoked.body).to.deep.include({ state: 'revoked', revokedBy: { name: 'Ada Admin' } });
      const refused = await callApi(app, 'GET', '/stories', { as: created.body.key });
      expect(refused.status).to.equal(401);
      expect(refused.contentType).to.match(/^application\/problem\+json/);
      expect(refused.headers.get('www-authenticate')).to.match(/^Bearer error="invalid_token"/);
      expect(refused.body.detail).to.match(/revoked/);
    });

    it('an expired key is a 401', async function () {
      const created = await createKey({ name: 'Short lived', board, expiresAt: '2099-01-01T00:00:00Z' });
      await app.models.apiKeys.updateOne(
        { _id: created.body.id },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
      const refused = await callApi(app, 'GET', '/stories', { as: created.body.key });
      expect(refused.status).to.equal(401);
      expect(refused.body.detail).to.match(/expired/);
      const listed = await callApi(app, 'GET', `/api-keys/${created.body.id}`, { as: admin });
      expect(listed.body.state).to.equal('expired');
    });

    it('a well-formed key nobody created is a 401, never a silent anonymous read', async function () {
      const refused = await callApi(app, 'GET', '/stories', { as: `clk_${'A'.repeat(43)}` });
      expect(refused.status).to.equal(401);
      expect(refused.body.detail).to.match(/not known/);
    });
  });

  describe('rate limits', function () {
    it('past its own limit a key gets 429 with Retry-After, counted across two instances', async function () {
      const created = await createKey({ name: 'Tiny limit', board, requestsPerMinute: 3 });
      const key = created.body.key as string;
      const remaining: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const answer = await callApi(app, 'GET', '/stories?limit=1', { as: key });
        expect(answer.status).to.equal(200);
        expect(answer.headers.get('ratelimit-policy')).to.equal('"api-key";q=3;w=60');
        remaining.push(/r=(\d+)/.exec(answer.headers.get('ratelimit') ?? '')?.[1] ?? '');
      }
      expect(remaining).to.deep.equal(['2', '1', '0']);

      const refused = await callApi(app, 'GET', '/stories?limit=1', { as: key });
      expect(refused.status).to.equal(429);
      expect(refused.contentType).to.match(/^application\/problem\+json/);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 60);
      expect(refused.headers.get('ratelimit')).to.equal(`"api-key";r=0;t=${retryAfter}`);

      // A second instance of the service on the same store counts against the same limit.
      const second = await startTestApp({ store: app.store });
      try {
        const elsewhere = await callApi(second, 'GET', '/stories?limit=1', { as: key });
        expect(elsewhere.status).to.equal(429);
        const other = await callApi(second, 'GET', '/stories?limit=1', { as: readKey });
        expect(other.status, 'another key has its own limit').to.equal(200);
      } finally {
        await second.close();
      }
    });
  });

  describe('the OpenAPI document', function () {
    it('names the three bearer schemes and which operations take a partner key', async function () {
      const { body } = await callApi(app, 'GET', '/openapi.json');
      expect(body.components.securitySchemes).to.have.all.keys('sessionToken', 'authorKey', 'partnerApiKey');
      expect(body.components.securitySchemes.partnerApiKey).to.include({
        scheme: 'bearer',
        bearerFormat: 'clk_…',
      });
      expect(body.paths['/stories'].get.security).to.deep.equal([{}, { partnerApiKey: ['stories:read'] }]);
      expect(body.paths['/stories/{id}'].get.responses).to.include.keys('401', '403', '429');
      expect(body.paths['/api-keys'].post.security).to.deep.equal([{ sessionToken: [] }]);
      expect(body.paths['/stories/{id}/withdrawal'].post.security).to.deep.equal([{ authorKey: [] }]);
      expect(body.paths['/stories'].post.security).to.deep.equal([]);
    });
  });

  describe('the example partner script (examples/partner-script.mjs)', function () {
    it('pages through every story of the board with the cursor', async function () {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [partnerScript, app.baseUrl], {
        env: { ...process.env, CARELOOP_API_KEY: readKey },
      });
      const stories = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string });
      const stored = await app.models.stories
        .find({ status: 'published', services: { $ne: otherBoardHospital } }, { _id: 1 })
        .lean();
      expect(stories).to.have.length(boardStoryCount);
      expect(new Set(stories.map((story) => story.id))).to.deep.equal(
        new Set(stored.map((story) => story._id.toHexString())),
      );
      expect(stderr).to.equal(`${boardStoryCount} stories\n`);
    });

    it('tells the partner, and fails, when the key is refused', async function () {
      const run = promisify(execFile)(process.execPath, [partnerScript, app.baseUrl], {
        env: { ...process.env, CARELOOP_API_KEY: `clk_${'B'.repeat(43)}` },
      });
      const failure = await run.then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).to.equal(1);
      expect(failure?.stderr).to.match(/careloop answered 401: This API key is not known/);
    });
  });
});
