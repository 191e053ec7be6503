import { expect } from 'chai';
import { generate } from 'otplib';
import { createAccount, signIn, testAccountPassword, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { wrongCodesPerAccount } from '../../../server/services/second-factor-throttle.js';

/** A code the app would show `stepsAhead` 30-second steps from now. */
function codeFor(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

describe('two-step sign-in (TOTP) and revoking sessions', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
    // The default outside the demo: admins and moderators must set it up.
    app.config.totpRequiredRoles = ['admin', 'moderator'];
  });
  after(() => app.close());

  /** Sets two-step sign-in up from the account's session, as the widget does; answers the secret and codes. */
  async function enrol(account: TestAccount): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await callApi(app, 'POST', '/account/second-factor', { as: account });
    expect(started.status).to.equal(201);
    const confirmed = await callApi(app, 'POST', '/account/second-factor/confirmation', {
      as: account,
      body: { code: await codeFor(started.body.secret) },
    });
    expect(confirmed.status).to.equal(201);
    return { secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
  }

  async function challengeFor(account: TestAccount): Promise<string> {
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: account.email, password: testAccountPassword },
    });
    expect(answer.status).to.equal(401);
    return answer.body.challenge;
  }

  it('offers a new secret as a QR code, an otpauth URI and text, and changes nothing until a code confirms it', async () => {
    const staff = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
    const started = await callApi(app, 'POST', '/account/second-factor', { as: staff });
    expect(started.status).to.equal(201);
    expect(started.body.secret).to.match(/^[A-Z2-7]{32}$/);
    expect(started.body.uri).to.equal(
      `otpauth://totp/careloop:${encodeURIComponent(staff.email)}?secret=${started.body.secret}&issuer=careloop`,
    );
    expect(started.body.qrCode).to.match(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(started.body.qrCode.split(',')[1], 'base64').toString()).to.include('<svg');
    // Not on yet: the password alone still signs in.
    expect((await signIn(app, staff.email, testAccountPassword)).token).to.match(/^cls_/);
    const me = await callApi(app, 'GET', '/sessions/current', { as: staff });
    expect(me.body.secondFactor).to.deep.equal({ enabled: false });
  });

  it('refuses a wrong confirmation code, naming the field, and turns it on with a right one', async () => {
    const staff = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
    const started = await callApi(app, 'POST', '/account/second-factor', { as: staff });
    const right = await codeFor(started.body.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await callApi(app, 'POST', '/account/second-factor/confirmation', {
      as: staff,
      body: { code: wrong },
    });
    expect(refused.status).to.equal(400);
    expect(refused.contentType).to.match(/^application\/problem\+json/);
    expect(refused.body.errors).to.deep.equal([
      { field: 'code', code: 'invalid', message: 'is not the code the app shows now' },
    ]);
    const confirmed = await callApi(app, 'POST', '/account/second-factor/confirmation', {
      as: staff,
      body: { code: right },
    });
    expect(confirmed.status).to.equal(201);
    expect(confirmed.body.recoveryCodes).to.have.length(10);
    expect(new Set(confirmed.body.recoveryCodes).size).to.equal(10);
    // The secret is never answered again, and the store keeps only hashes of the recovery codes.
    const again = await callApi(app, 'POST', '/account/second-factor', { as: staff });
    expect(again.status).to.equal(409);
    expect(again.text).to.not.include(started.body.secret);
    const stored = JSON.stringify(await app.models.users.findById(staff.id).lean());
    for (const code of confirmed.body.recoveryCodes) expect(stored).to.not.include(code);
    expect(JSON.stringify(app.logLines)).to.not.include(started.body.secret);
  });

  it('names the bad field of a malformed code', async () => {
    const staff = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
    const refused = await callApi(app, 'POST', '/account/second-factor/confirmation', {
      as: staff,
      body: { code: '12ab56' },
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors).to.deep.include({
      field: 'code',
      code: 'invalid-format',
      message: 'must match pattern "^\\s*\\d{3}\\s?\\d{3}\\s*$"',
    });
  });

  it('asks for a second factor after the right password, and signs in with the code', async () => {
    const moderator = await createAccount(app, { role: 'moderator' });
    const { secret } = await enrol(moderator);
    const first = await callApi(app, 'POST', '/sessions', {
      body: { email: moderator.email, password: testAccountPassword },
    });
    expect(first.status).to.equal(401);
    expect(first.contentType).to.match(/^application\/problem\+json/);
    expect(first.body.type).to.equal('urn:careloop:problem:second-factor-required');
    expect(first.body.challenge).to.match(/^clc_[A-Za-z0-9_-]{43}$/);
    // The challenge is no bearer token.
    expect((await callApi(app, 'GET', '/sessions/current', { as: first.body.challenge })).status).to.equal(
      401,
    );
    const second = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: first.body.challenge, code: await codeFor(secret, 1) },
    });
    expect(second.status).to.equal(201);
    expect(second.body.user).to.include({ id: moderator.id, role: 'moderator' });
    expect(second.body.user.secondFactor).to.deep.equal({ enabled: true });
    const queue = await callApi(app, 'GET', '/moderation/queue', { as: second.body.token });
    expect(queue.status).to.equal(200);
  });

  it('does not take a code twice, even with a new challenge', async () => {
    const moderator = await createAccount(app, { role: 'moderator' });
    const { secret } = await enrol(moderator);
    const code = await codeFor(secret, 1);
    const first = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: await challengeFor(moderator), code },
    });
    expect(first.status).to.equal(201);
    const replayed = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: await challengeFor(moderator), code },
    });
    expect(replayed.status).to.equal(401);
    expect(replayed.body.detail).to.match(/already used/);
  });

  it('signs in once with each recovery code', async () => {
    const moderator = await createAccount(app, { role: 'moderator' });
    const { recoveryCodes } = await enrol(moderator);
    const used = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: await challengeFor(moderator), recoveryCode: recoveryCodes[3].toUpperCase() },
    });
    expect(used.status).to.equal(201);
    const again = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: await challengeFor(moderator), recoveryCode: recoveryCodes[3] },
    });
    expect(again.status).to.equal(401);
  });

  it('names the field when a second step sends both a code and a recovery code, or neither', async () => {
    const moderator = await createAccount(app, { role: 'moderator' });
    const { recoveryCodes } = await enrol(moderator);
    const challenge = await challengeFor(moderator);
    const both = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge, code: '123456', recoveryCode: recoveryCodes[0] },
    });
    expect(both.status).to.equal(400);
    expect(both.body.errors[0]).to.include({ field: 'recoveryCode', code: 'not-accepted' });
    const neither = await callApi(app, 'POST', '/sessions/second-factor', { body: { challenge } });
    expect(neither.status).to.equal(400);
    expect(neither.body.errors[0]).to.include({ field: 'code', code: 'required' });
    const badChallenge = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: 'cls_nope', code: '123456' },
    });
    expect(badChallenge.status).to.equal(400);
    expect(badChallenge.body.errors[0]).to.include({ field: 'challenge', code: 'invalid-format' });
  });

  it(`refuses codes for a while after ${wrongCodesPerAccount} wrong ones, even the right one, and a new password does not reset the count`, async () => {
    const moderator = await createAccount(app, { role: 'moderator' });
    const { secret } = await enrol(moderator);
    const right = await codeFor(secret, 1);
    const wrong = right === '999999' ? '888888' : '999999';
    for (let i = 0; i < wrongCodesPerAccount; i += 1) {
      const refused = await callApi(app, 'POST', '/sessions/second-factor', {
        body: { challenge: await challengeFor(moderator), code: wrong },
      });
      expect(refused.status).to.equal(401);
    }
    const throttled = await callApi(app, 'POST', '/sessions/second-factor', {
      body: { challenge: await challengeFor(moderator), code: right },
    });
    expect(throttled.status).to.equal(429);
    expect(Number(throttled.headers.get('retry-after'))).to.be.greaterThan(0);
  });

  it('lets an account that must use two-step sign-in do nothing else until it is set up', async () => {
    const admin = await createAccount(app, { role: 'admin' });
    const me = await callApi(app, 'GET', '/sessions/current', { as: admin });
    expect(me.status).to.equal(200);
    expect(me.body.secondFactor).to.deep.equal({ enabled: false, required: true });
    const users = await callApi(app, 'GET', '/users', { as: admin });
    expect(users.status).to.equal(403);
    expect(users.body.type).to.equal('urn:careloop:problem:second-factor-enrolment-required');
    await enrol(admin);
    expect((await callApi(app, 'GET', '/users', { as: admin })).status).to.equal(200);
    const after = await callApi(app, 'GET', '/sessions/current', { as: admin });
    expect(after.body.secondFactor).to.deep.equal({ enabled: true });
  });

  it('lets an admin reset a lost second factor, audited, and the account sets it up again at next sign-in', async () => {
    const admin = await createAccount(app, { role: 'admin', name: 'Ada Admin' });
    await enrol(admin);
    const moderator = await createAccount(app, { role: 'moderator' });
    await enrol(moderator);
    const reset = await callApi(app, 'DELETE', `/users/${moderator.id}/second-factor`, { as: admin });
    expect(reset.status).to.equal(200);
    expect(reset.body.secondFactor).to.deep.equal({ enabled: false });
    expect(reset.body.accountAudit).to.have.length(1);
    expect(reset.body.accountAudit[0]).to.include({ action: 'second-factor-reset' });
    expect(reset.body.accountAudit[0].by).to.deep.equal({ id: admin.id, name: 'Ada Admin' });
    const again = await signIn(app, moderator.email, testAccountPassword);
    const me = await callApi(app, 'GET', '/sessions/current', { as: again.token });
    expect(me.body.secondFactor).to.deep.equal({ enabled: false, required: true });
    expect(
      app.logLines.some((line) => line.msg === 'two-step sign-in reset' && line.by === admin.id),
    ).to.equal(true);
  });

  it('lets an admin end every session of an account at once, audited', async () => {
    const admin = await createAccount(app, { role: 'admin' });
    await enrol(admin);
    const staff = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
    const second = await signIn(app, staff.email, testAccountPassword);
    const revoked = await callApi(app, 'DELETE', `/users/${staff.id}/sessions`, { as: admin });
    expect(revoked.status).to.equal(200);
    expect(revoked.body).to.deep.equal({ revoked: 2 });
    for (const token of [staff.token, second.token]) {
      expect((await callApi(app, 'GET', '/sessions/current', { as: token })).status).to.equal(401);
    }
    const account = await callApi(app, 'GET', `/users/${staff.id}`, { as: admin });
    expect(account.body.accountAudit.map((entry: { action: string }) => entry.action)).to.deep.equal([
      'sessions-revoked',
    ]);
    // The admin's own session is untouched.
    expect((await callApi(app, 'GET', '/sessions/current', { as: admin })).status).to.equal(200);
  });

  it('keeps the admin actions to admins, and answers 404 for an unknown account', async () => {
    const admin = await createAccount(app, { role: 'admin' });
    await enrol(admin);
    const staff = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
    expect((await callApi(app, 'DELETE', `/users/${admin.id}/sessions`, { as: staff })).status).to.equal(403);
    expect((await callApi(app, 'DELETE', `/users/${admin.id}/second-factor`, { as: staff })).status).to.equal(
      403,
    );
    const unknown = await callApi(app, 'DELETE', '/users/0123456789abcdef01234567/sessions', { as: admin });
    expect(unknown.status).to.equal(404);
  });
});
