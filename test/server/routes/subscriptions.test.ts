import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { ensureIndexes } from '../../../server/models/index.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { board, department, hospital, loadScotlandServices, problemFields } from '../../support/stories.js';

interface SubscriptionView {
  id: string;
  service?: string;
  constituency?: string;
  scopeName: string;
  minCriticality: number;
  mode: string;
  isDefault: boolean;
}

describe('subscriptions API', function () {
  let app: TestApp;
  let staff: TestAccount;
  let stakeholder: TestAccount;
  let admin: TestAccount;

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    [staff, stakeholder, admin] = await Promise.all([
      createAccount(app, { role: 'staff', services: [hospital] }),
      createAccount(app, { role: 'stakeholder', constituency: 'Ayr, Carrick and Cumnock' }),
      createAccount(app, { role: 'admin' }),
    ]);
  });

  after(async () => {
    await app?.close();
  });

  beforeEach(async () => {
    await app.models.subscriptions.deleteMany({});
  });

  async function mine(account: TestAccount, query = ''): Promise<SubscriptionView[]> {
    const answer = await callApi(app, 'GET', `/subscriptions${query}`, { as: account });
    expect(answer.status, answer.text).to.equal(200);
    return answer.body.subscriptions as SubscriptionView[];
  }

  it('subscribes an account to a service subtree, named, immediate and unfiltered by default', async () => {
    const created = await callApi(app, 'POST', '/subscriptions', {
      as: stakeholder,
      body: { service: board },
    });
    expect(created.status, created.text).to.equal(201);
    expect(created.body).to.include({
      service: board,
      scopeName: 'NHS Ayrshire & Arran',
      minCriticality: 0,
      mode: 'immediate',
      isDefault: false,
    });
    expect((await mine(stakeholder)).map((s) => s.id)).to.deep.equal([created.body.id]);
  });

  it('subscribes to a constituency some service lies in, as a daily digest from criticality 3', async () => {
    const created = await callApi(app, 'POST', '/subscriptions', {
      as: staff,
      body: { constituency: 'Ayr, Carrick and Cumnock', minCriticality: 3, mode: 'daily' },
    });
    expect(created.status, created.text).to.equal(201);
    expect(created.body).to.include({
      constituency: 'Ayr, Carrick and Cumnock',
      scopeName: 'Ayr, Carrick and Cumnock',
      minCriticality: 3,
      mode: 'daily',
    });
  });

  it('refuses an unknown service, a constituency no service has, and both scopes at once', async () => {
    const unknown = await callApi(app, 'POST', '/subscriptions', {
      as: staff,
      body: { service: 'no-such-ward' },
    });
    expect(unknown.status).to.equal(400);
    expect(problemFields(unknown.body)).to.deep.equal(['service']);

    const nowhere = await callApi(app, 'POST', '/subscriptions', {
      as: staff,
      body: { constituency: 'Atlantis North' },
    });
    expect(nowhere.status).to.equal(400);
    expect(problemFields(nowhere.body)).to.deep.equal(['constituency']);

    const both = await callApi(app, 'POST', '/subscriptions', {
      as: staff,
      body: { service: board, constituency: 'Ayr, Carrick and Cumnock' },
    });
    expect(both.status).to.equal(400);
    expect(await mine(staff)).to.deep.equal([]);
  });

  it('refuses a retired service', async () => {
    await app.models.organisations.updateOne({ _id: department }, { $set: { retiredAt: new Date() } });
    try {
      const answer = await callApi(app, 'POST', '/subscriptions', {
        as: staff,
        body: { service: department },
      });
      expect(answer.status).to.equal(400);
      expect(answer.body.errors).to.deep.equal([
        { field: 'service', code: 'retired-service', message: 'is retired' },
      ]);
    } finally {
      await app.models.organisations.updateOne({ _id: department }, { $set: { retiredAt: null } });
    }
  });

  it('answers 409 for a second subscription to the same service', async () => {
    await callApi(app, 'POST', '/subscriptions', { as: stakeholder, body: { service: board } });
    const again = await callApi(app, 'POST', '/subscriptions', { as: stakeholder, body: { service: board } });
    expect(again.status).to.equal(409);
  });

  it('changes the mode and criticality of an own subscription, and deletes it', async () => {
    const created = await callApi(app, 'POST', '/subscriptions', {
      as: stakeholder,
      body: { service: board },
    });
    const changed = await callApi(app, 'PATCH', `/subscriptions/${created.body.id}`, {
      as: stakeholder,
      body: { mode: 'daily', minCriticality: 4 },
    });
    expect(changed.status, changed.text).to.equal(200);
    expect(changed.body).to.include({ mode: 'daily', minCriticality: 4, service: board });

    const deleted = await callApi(app, 'DELETE', `/subscriptions/${created.body.id}`, { as: stakeholder });
    expect(deleted.status).to.equal(204);
    expect(await mine(stakeholder)).to.deep.equal([]);
  });

  it("keeps accounts out of each other's subscriptions", async () => {
    const theirs = await callApi(app, 'POST', '/subscriptions', {
      as: stakeholder,
      body: { service: board },
    });
    const id = theirs.body.id as string;
    expect(
      (await callApi(app, 'PATCH', `/subscriptions/${id}`, { as: staff, body: { mode: 'daily' } })).status,
    ).to.equal(404);
    expect((await callApi(app, 'DELETE', `/subscriptions/${id}`, { as: staff })).status).to.equal(404);
    const peek = await callApi(app, 'GET', `/subscriptions?userId=${stakeholder.id}`, { as: staff });
    expect(peek.status).to.equal(403);
    expect(await mine(stakeholder)).to.have.length(1);
  });

  it("lets admins list, add and end anyone's subscriptions with ?userId=", async () => {
    const added = await callApi(app, 'POST', `/subscriptions?userId=${stakeholder.id}`, {
      as: admin,
      body: { constituency: 'Ayr, Carrick and Cumnock' },
    });
    expect(added.status, added.text).to.equal(201);
    expect((await mine(admin, `?userId=${stakeholder.id}`)).map((s) => s.id)).to.deep.equal([added.body.id]);
    expect((await mine(stakeholder)).map((s) => s.id)).to.deep.equal([added.body.id]);
    const ended = await callApi(app, 'DELETE', `/subscriptions/${added.body.id}?userId=${stakeholder.id}`, {
      as: admin,
    });
    expect(ended.status).to.equal(204);
    expect(await mine(stakeholder)).to.deep.equal([]);
  });

  it('answers 401 to anyone not signed in', async () => {
    expect((await callApi(app, 'GET', '/subscriptions')).status).to.equal(401);
    expect((await callApi(app, 'POST', '/subscriptions', { body: { service: board } })).status).to.equal(401);
  });

  describe('staff defaults', () => {
    it('subscribes new staff to each of their services, and follows changes to them', async () => {
      const created = await callApi(app, 'POST', '/users', {
        as: admin,
        body: {
          email: 'ward.sister@example.org',
          password: 'a long enough password',
          name: 'Sister Ward',
          role: 'staff',
          services: [hospital, department],
        },
      });
      expect(created.status, created.text).to.equal(201);
      const userId = created.body.id as string;
      const defaults = await mine(admin, `?userId=${userId}`);
      expect(defaults.map((s) => [s.service, s.isDefault, s.mode]).sort()).to.deep.equal([
        [department, true, 'immediate'],
        [hospital, true, 'immediate'],
      ]);

      const moved = await callApi(app, 'PATCH', `/users/${userId}`, {
        as: admin,
        body: { services: [board] },
      });
      expect(moved.status, moved.text).to.equal(200);
      expect((await mine(admin, `?userId=${userId}`)).map((s) => s.service)).to.deep.equal([board]);
    });

    it('gives stakeholders and moderators no default subscription', async () => {
      const created = await callApi(app, 'POST', '/users', {
        as: admin,
        body: {
          email: 'mp.office@example.org',
          password: 'a long enough password',
          name: 'Constituency office',
          role: 'stakeholder',
          services: [board],
        },
      });
      expect(created.status, created.text).to.equal(201);
      expect(await mine(admin, `?userId=${created.body.id}`)).to.deep.equal([]);
    });
  });

  describe('email subscriptions', () => {
    it('answers 202 the same way for a new address and for one already subscribed', async () => {
      const body = { email: 'caseworker@example.org', service: board };
      const first = await callApi(app, 'POST', '/email-subscriptions', { body });
      const second = await callApi(app, 'POST', '/email-subscriptions', { body });
      expect(first.status).to.equal(202);
      expect(second.status).to.equal(202);
      expect(second.text).to.equal(first.text);
    });

    it('keeps one subscription when the same request arrives three times at once', async () => {
      const body = { email: 'twice@example.org', service: board };
      const answers = await Promise.all(
        [1, 2, 3].map(() => callApi(app, 'POST', '/email-subscriptions', { body })),
      );
      expect(answers.map((answer) => answer.status)).to.deep.equal([202, 202, 202]);
      expect(await app.models.subscriptions.countDocuments({ email: 'twice@example.org' })).to.equal(1);
    });

    it('merges the twins an older store holds when its indexes are built, keeping the confirmed one', async () => {
      const subscriptions = app.models.subscriptions;
      await subscriptions.collection.dropIndex('email_1_service_1_constituency_1');
      const twin = { kind: 'email', email: 'twin@example.org', service: board, mode: 'immediate' };
      const { insertedIds } = await subscriptions.collection.insertMany([
        { ...twin, confirmedAt: null, createdAt: new Date('2026-01-01') },
        { ...twin, confirmedAt: new Date('2026-02-01'), createdAt: new Date('2026-02-01') },
        { ...twin, confirmedAt: null, createdAt: new Date('2026-03-01') },
        { ...twin, service: hospital, confirmedAt: null, createdAt: new Date('2026-03-01') },
      ]);
      await ensureIndexes(app.models);
      const kept = await subscriptions.find({ email: 'twin@example.org' }).lean();
      expect(kept.map((subscription) => String(subscription._id)).sort()).to.deep.equal(
        [String(insertedIds[1]), String(insertedIds[3])].sort(),
      );
      // And the index is back: a fourth twin is refused.
      const again = await subscriptions.collection.insertOne({ ...twin }).catch((error: unknown) => error);
      expect(again).to.have.property('code', 11000);
    });

    it('refuses a scope that names nothing, naming the field', async () => {
      const answer = await callApi(app, 'POST', '/email-subscriptions', {
        body: { email: 'caseworker@example.org', constituency: 'Atlantis North' },
      });
      expect(answer.status).to.equal(400);
      expect(problemFields(answer.body)).to.deep.equal(['constituency']);
    });

    it('refuses a language careloop does not write in, naming the field and the languages it does', async () => {
      for (const [path, as] of [
        ['/email-subscriptions', undefined],
        ['/subscriptions', staff],
      ] as const) {
        const answer = await callApi(app, 'POST', path, {
          as,
          body: { ...(as ? {} : { email: 'caseworker@example.org' }), service: board, language: 'fr' },
        });
        expect(answer.status, path).to.equal(400);
        expect(answer.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
        expect(answer.body.errors).to.deep.equal([
          { field: 'language', code: 'not-allowed', message: 'must be one of: en, cy, gd' },
        ]);
      }
      expect(await app.models.subscriptions.countDocuments({})).to.equal(0);
    });

    it('never lists email subscriptions in any account', async () => {
      await callApi(app, 'POST', '/email-subscriptions', {
        body: { email: 'someone@example.org', service: board },
      });
      const listed = await callApi(app, 'GET', '/subscriptions', { as: admin });
      expect(listed.text).not.to.contain('someone@example.org');
    });

    it('refuses a confirmation token that was not issued', async () => {
      const answer = await callApi(app, 'POST', '/email-subscriptions/confirm', {
        body: { token: `${'a'.repeat(24)}.${'b'.repeat(43)}` },
      });
      expect(answer.status).to.equal(404);
    });

    it('throttles one client that asks too often', async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 12; index += 1) {
        const answer = await callApi(app, 'POST', '/email-subscriptions', {
          body: { email: `person${index}@example.org`, service: board },
        });
        statuses.push(answer.status);
      }
      expect(statuses.at(-1)).to.equal(429);
    });
  });
});
