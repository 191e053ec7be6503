import { expect } from 'chai';
import type { Models } from '../../../server/models/index.js';
import { signInThrottle } from '../../../server/services/sign-in-throttle.js';
import { createAccount, testAccountPassword, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';

describe('sessions: signing in and out', () => {
  let app: TestApp;
  let moderator: TestAccount;

  before(async () => {
    app = await startTestApp();
    moderator = await createAccount(app, { role: 'moderator', name: 'Morag Reid', jobTitle: 'Moderator' });
  });
  after(() => app.close());

  const sessions = () => app.connection.model('Session') as Models['sessions'];

  it('signs in with the right email and password and answers a token and who signed in', async () => {
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: moderator.email, password: testAccountPassword },
    });
    expect(answer.status).to.equal(201);
    expect(answer.body.token).to.match(/^cls_[A-Za-z0-9_-]{43}$/);
    expect(answer.body.user).to.deep.equal({
      id: moderator.id,
      email: moderator.email,
      name: 'Morag Reid',
      jobTitle: 'Moderator',
      role: 'moderator',
      services: [],
      secondFactor: { enabled: false },
    });
    expect(answer.headers.get('cache-control')).to.equal('no-store');
  });

  it('gives a token that works for 12 hours', async () => {
    const before = Date.now();
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: moderator.email, password: testAccountPassword },
    });
    const hours = (Date.parse(answer.body.expiresAt) - before) / 3_600_000;
    expect(hours).to.be.within(11.99, 12.01);
  });

  it('accepts the email address in any case and with stray spaces', async () => {
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: `  ${moderator.email.toUpperCase()} `, password: testAccountPassword },
    });
    expect(answer.status).to.equal(201);
  });

  it('keeps only a hash of the token in the store', async () => {
    const stored = await sessions().find({}).lean();
    expect(stored).to.have.length.greaterThan(0);
    expect(JSON.stringify(stored)).to.not.include(moderator.token);
  });

  it('tells a signed-in account who it is', async () => {
    const answer = await callApi(app, 'GET', '/sessions/current', { as: moderator });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ id: moderator.id, email: moderator.email, role: 'moderator' });
    expect(answer.text).to.not.include('passwordHash');
  });

  it('ends the session on sign-out, and the token stops working at once', async () => {
    const account = await createAccount(app, { role: 'moderator' });
    const signedOut = await callApi(app, 'DELETE', '/sessions/current', { as: account });
    expect(signedOut.status).to.equal(204);
    const after = await callApi(app, 'GET', '/sessions/current', { as: account });
    expect(after.status).to.equal(401);
    expect(after.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
  });

  it('signing out of one session leaves the others working', async () => {
    const account = await createAccount(app, { role: 'moderator' });
    const second = await callApi(app, 'POST', '/sessions', {
      body: { email: account.email, password: account.password },
    });
    await callApi(app, 'DELETE', '/sessions/current', { as: account });
    expect((await callApi(app, 'GET', '/sessions/current', { as: second.body.token })).status).to.equal(200);
  });

  it('refuses an expired token even before the store sweeps it away', async () => {
    const account = await createAccount(app, { role: 'moderator' });
    await sessions().updateMany({ userId: account.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await callApi(app, 'GET', '/sessions/current', { as: account });
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  });

  it('refuses a well-formed token that was never issued', async () => {
    const answer = await callApi(app, 'GET', '/sessions/current', { as: `cls_${'A'.repeat(43)}` });
    expect(answer.status).to.equal(401);
  });

  for (const header of ['Basic bW9yYWc6c2VjcmV0', 'Bearer', 'Bearer cls_tooshort', 'Token abc', '']) {
    it(`refuses a malformed Authorization header (${JSON.stringify(header)}) even on a public address`, async () => {
      const answer = await callApi(app, 'GET', '/openapi.json', { headers: { authorization: header } });
      expect(answer.status).to.equal(401);
      expect(answer.body.detail).to.be.a('string');
    });
  }

  it('asks an anonymous caller to sign in', async () => {
    const answer = await callApi(app, 'GET', '/sessions/current');
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('www-authenticate')).to.equal('Bearer');
  });

  it('does not treat an author key as a signed-in account', async () => {
    const answer = await callApi(app, 'GET', '/sessions/current', { as: `cla_${'B'.repeat(43)}` });
    expect(answer.status).to.equal(401);
  });

  it('answers a wrong password exactly as it answers an unknown email', async () => {
    const wrongPassword = await callApi(app, 'POST', '/sessions', {
      body: { email: moderator.email, password: 'not the password at all' },
    });
    const unknownEmail = await callApi(app, 'POST', '/sessions', {
      body: { email: 'nobody@example.org', password: 'not the password at all' },
    });
    expect(wrongPassword.status).to.equal(401);
    expect(unknownEmail.status).to.equal(401);
    const withoutInstanceIds = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(withoutInstanceIds(wrongPassword.body)).to.deep.equal(withoutInstanceIds(unknownEmail.body));
  });

  it('names the missing fields of a sign-in', async () => {
    const answer = await callApi(app, 'POST', '/sessions', { body: { email: moderator.email } });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors).to.deep.include({
      field: 'password',
      code: 'required',
      message: 'is required',
    });
  });

  it('refuses an operator-style query injection in the email', async () => {
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: { $gt: '' }, password: testAccountPassword },
    });
    expect(answer.status).to.equal(400);
  });
});

describe('sessions: brute-force protection', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it(`refuses sign-ins to an email for a while after ${signInThrottle.failuresPerEmail} failures, even with the right password`, async () => {
    const account = await createAccount(app, { role: 'moderator' });
    for (let attempt = 0; attempt < signInThrottle.failuresPerEmail; attempt += 1) {
      const failed = await callApi(app, 'POST', '/sessions', {
        body: { email: account.email, password: 'a wrong guess number ' + attempt },
      });
      expect(failed.status).to.equal(401);
    }
    const throttled = await callApi(app, 'POST', '/sessions', {
      body: { email: account.email, password: account.password },
    });
    expect(throttled.status).to.equal(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).to.be.within(1, signInThrottle.windowMs / 1000);
  });

  it('keeps signing in other emails from the same client while one is throttled', async () => {
    const other = await createAccount(app, { role: 'moderator' });
    expect((await callApi(app, 'GET', '/sessions/current', { as: other })).status).to.equal(200);
  });

  it('throttles unknown emails too, so throttling does not reveal which accounts exist', async () => {
    const email = 'nobody-at-all@example.org';
    for (let attempt = 0; attempt < signInThrottle.failuresPerEmail; attempt += 1) {
      await callApi(app, 'POST', '/sessions', { body: { email, password: 'a wrong guess' } });
    }
    const throttled = await callApi(app, 'POST', '/sessions', { body: { email, password: 'a wrong guess' } });
    expect(throttled.status).to.equal(429);
  });
});

describe('sessions: brute-force protection per client', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it(`refuses every sign-in from a client after ${signInThrottle.failuresPerClient} failures across many emails`, async function () {
    // Thirty password checks one after another, each a deliberately slow scrypt: on a loaded two-core
    // machine that alone can pass mocha's default 20 s.
    this.timeout(60_000);
    const account = await createAccount(app, { role: 'moderator' });
    for (let attempt = 0; attempt < signInThrottle.failuresPerClient; attempt += 1) {
      const failed = await callApi(app, 'POST', '/sessions', {
        body: { email: `guess-${attempt}@example.org`, password: 'a wrong guess' },
      });
      expect(failed.status).to.equal(401);
    }
    const throttled = await callApi(app, 'POST', '/sessions', {
      body: { email: account.email, password: account.password },
    });
    expect(throttled.status).to.equal(429);
    expect(throttled.headers.get('retry-after')).to.match(/^\d+$/);
  });
});
