import { expect } from 'chai';
import type { Models } from '../../../server/models/index.js';
import { createAccount, testAccountPassword } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  signInAtProvider,
  startTestIdentityProvider,
  testClient,
  testOidcConfig,
  type TestIdentityProvider,
} from '../../support/oidc.js';

/**
 * Staff sign-in with OpenID Connect over HTTP, against a real `oidc-provider` on loopback: the full-page
 * flow, the popup's hand-off page, accounts following the provider's groups, and every refusal a
 * forged, replayed or out-of-policy sign-in must meet.
 */
describe('staff sign-in with an identity provider (OpenID Connect)', function () {
  this.timeout(20_000);
  let idp: TestIdentityProvider;
  let app: TestApp;

  before(async () => {
    idp = await startTestIdentityProvider([
      { login: 'mo', email: 'Mo.Reid@nhs.scot', name: 'Mo Reid', groups: ['careloop-moderators'] },
      {
        login: 'sam',
        email: 'sam.ross@nhs.scot',
        name: 'Sam Ross',
        jobTitle: 'Ward manager',
        groups: ['highland-staff', 'unrelated-group'],
      },
      { login: 'gus', email: 'gus@gmail.com', name: 'Gus', groups: ['careloop-moderators'] },
    ]);
    app = await startTestApp({
      config: { oidc: testOidcConfig(idp.issuer, {}, { requiredRoles: ['moderator'] }) },
    });
    idp.register({ ...testClient, redirectUris: [`${app.baseUrl}/auth/oidc/test/callback`] });
  });
  after(async () => {
    await Promise.all([app?.close(), idp?.close()]);
  });
  afterEach(() => {
    idp.tamper = undefined;
  });

  const users = () => app.connection.model('User') as Models['users'];
  const startUrl = (query = 'mode=redirect&return=/admin.html') =>
    `${app.baseUrl}/auth/oidc/test/start?${query}`;
  const problemOf = async (url: string) => {
    const response = await fetch(url, {
      headers: { accept: 'application/problem+json' },
      redirect: 'manual',
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.json(),
    };
  };
  /** The session token a full-page sign-in hands back in the fragment of where it returns to. */
  const tokenFrom = async (callbackUrl: string) => {
    const response = await fetch(callbackUrl, { redirect: 'manual' });
    expect(response.status, await response.clone().text()).to.equal(303);
    const location = new URL(response.headers.get('location')!, app.baseUrl);
    expect(location.pathname).to.equal('/admin.html');
    return new URLSearchParams(location.hash.slice(1)).get('careloop-session')!;
  };

  it('lists the provider by name, and no client secret, for the sign-in view', async () => {
    const answer = await callApi(app, 'GET', '/auth/providers');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({
      localPasswords: true,
      providers: [{ id: 'test', name: 'Test NHS login', startUrl: `${app.baseUrl}/auth/oidc/test/start` }],
    });
    expect(answer.text).not.to.include(testClient.clientSecret);
  });

  it('sends the person to the provider with PKCE (S256), state and nonce, and keeps none of it in a cookie', async () => {
    const response = await fetch(startUrl(), { redirect: 'manual' });
    expect(response.status).to.equal(302);
    expect(response.headers.get('set-cookie')).to.equal(null);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).to.equal(new URL(idp.issuer).origin);
    expect(location.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(location.searchParams.get('client_id')).to.equal(testClient.clientId);
    expect(location.searchParams.get('state')).to.have.length.greaterThan(20);
    expect(location.searchParams.get('nonce')).to.have.length.greaterThan(20);
  });

  it('signs a moderator in on the full page, creating their account from the claims', async () => {
    const token = await tokenFrom(await signInAtProvider(startUrl(), 'mo'));
    const me = await callApi(app, 'GET', '/sessions/current', { as: token });
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ email: 'mo.reid@nhs.scot', name: 'Mo Reid', role: 'moderator' });
    const stored = await users().findOne({ email: 'mo.reid@nhs.scot' }).lean();
    expect(stored?.oidc).to.deep.equal({ issuer: idp.issuer, subject: 'mo' });
    expect(stored?.passwordHash, 'an account of the provider has no password').to.equal(undefined);
    expect(me.text, 'the account view keeps the provider binding private').not.to.include('oidc');
  });

  it('refuses a password for an account that only signs in with its provider, as for a wrong one', async () => {
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: 'mo.reid@nhs.scot', password: 'anything at all' },
    });
    expect(answer.status).to.equal(401);
  });

  it('refuses a moderator a local password where moderators must use the provider, saying so', async () => {
    const moderator = await createAccount(app, { role: 'staff' }).then(async (account) => {
      await users().updateOne({ _id: account.id }, { $set: { role: 'moderator', services: [] } });
      return account;
    });
    const answer = await callApi(app, 'POST', '/sessions', {
      body: { email: moderator.email, password: testAccountPassword },
    });
    expect(answer.status).to.equal(403);
    expect(answer.body.detail).to.match(/moderator signs in with their organisation/);
  });

  it('hands a popup’s session only to the page origin it was opened from, by a script the page’s CSP names', async () => {
    const callback = await signInAtProvider(
      startUrl(`mode=popup&origin=${encodeURIComponent(app.baseUrl)}`),
      'sam',
    );
    const response = await fetch(callback);
    const html = await response.text();
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).to.be.a('string');
    expect(html).to.include(`<script nonce="${nonce}">`);
    const handoff = JSON.parse(
      /<script type="application\/json" id="handoff">([^<]*)<\/script>/.exec(html)![1]!,
    );
    expect(handoff.origin).to.equal(app.baseUrl);
    expect(handoff.message).to.include({ type: 'careloop-session' });
    const me = await callApi(app, 'GET', '/sessions/current', { as: handoff.message.token });
    expect(me.body).to.include({ role: 'staff', jobTitle: 'Ward manager' });
    expect(me.body.services).to.deep.equal(['raigmore-hospital']);
  });

  it('will not open a popup sign-in for a site no board allows', async () => {
    const refused = await problemOf(
      startUrl(`mode=popup&origin=${encodeURIComponent('https://stranger.example')}`),
    );
    expect(refused.status).to.equal(403);
    expect(refused.type).to.match(/^application\/problem\+json/);
    expect(refused.body.reason).to.equal('origin-not-allowed');
  });

  it('refuses a start link without a mode, naming the field', async () => {
    const refused = await problemOf(startUrl('mode=sideways'));
    expect(refused.status).to.equal(400);
    expect(refused.body.errors[0]).to.include({ field: 'mode' });
  });

  it('refuses the same callback twice: the state is used once', async () => {
    const callback = await signInAtProvider(startUrl(), 'mo');
    await tokenFrom(callback);
    const replayed = await problemOf(callback);
    expect(replayed.status).to.equal(400);
    expect(replayed.body.reason).to.equal('bad-state');
  });

  it('refuses a callback whose state it never gave out, with a page a person can read', async () => {
    const callback = new URL(await signInAtProvider(startUrl(), 'mo'));
    callback.searchParams.set('state', 'made-up-state-value');
    const response = await fetch(callback, { headers: { accept: 'text/html' } });
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    expect(await response.text()).to.include('You have not been signed in');
  });

  it('refuses an id_token issued for another client (wrong audience), though its signature is good', async () => {
    idp.tamper = (payload) => ({ ...payload, aud: 'some-other-app' });
    const refused = await problemOf(await signInAtProvider(startUrl(), 'mo'));
    expect(refused.status).to.equal(401);
    expect(refused.body.reason).to.equal('token-invalid');
    const logged = app.logLines.find((line) => /did not pass the checks/.test(String(line.msg)));
    expect(logged?.claim, 'the log says which check failed').to.equal('aud');
  });

  it('refuses an expired id_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamper = (payload) => ({ ...payload, iat: now - 7200, exp: now - 3600 });
    const refused = await problemOf(await signInAtProvider(startUrl(), 'mo'));
    expect(refused.status).to.equal(401);
    expect(refused.body.reason).to.equal('token-invalid');
    const logged = app.logLines.filter((line) => /did not pass the checks/.test(String(line.msg))).at(-1);
    expect(logged?.claim).to.equal('exp');
  });

  it('refuses an email address outside the allowed domains, and creates no account', async () => {
    const refused = await problemOf(await signInAtProvider(startUrl(), 'gus'));
    expect(refused.status).to.equal(403);
    expect(refused.body.reason).to.equal('email-domain-not-allowed');
    expect(await users().exists({ email: 'gus@gmail.com' })).to.equal(null);
    const logged = JSON.stringify(app.logLines);
    expect(logged, 'the log names no address').not.to.include('gus@gmail.com');
  });

  it('follows the groups at every sign-in: a new group changes the role, no group ends the account’s sessions', async () => {
    const sam = idp.people.get('sam')!;
    const staffToken = await tokenFrom(await signInAtProvider(startUrl(), 'sam'));
    sam.groups = ['careloop-moderators'];
    const moderatorToken = await tokenFrom(await signInAtProvider(startUrl(), 'sam'));
    const me = await callApi(app, 'GET', '/sessions/current', { as: staffToken });
    expect(me.body).to.include({ role: 'moderator' });
    expect(me.body.services).to.deep.equal([]);

    sam.groups = [];
    const refused = await problemOf(await signInAtProvider(startUrl(), 'sam'));
    expect(refused.status).to.equal(403);
    expect(refused.body.reason).to.equal('no-role');
    for (const token of [staffToken, moderatorToken]) {
      expect((await callApi(app, 'GET', '/sessions/current', { as: token })).status).to.equal(401);
    }
  });

  it('offers no password form, and refuses a password, where local passwords are switched off', async () => {
    // A second instance on the same store, configured without passwords.
    const strict = await startTestApp({
      store: app.store,
      config: { oidc: testOidcConfig(idp.issuer, {}, { localPasswords: false }) },
    });
    try {
      const options = await callApi(strict, 'GET', '/auth/providers');
      expect(options.body.localPasswords).to.equal(false);
      const account = await users()
        .findOne({ passwordHash: { $exists: true } })
        .lean();
      const refused = await callApi(strict, 'POST', '/sessions', {
        body: { email: account!.email, password: testAccountPassword },
      });
      expect(refused.status).to.equal(403);
      expect(refused.body.detail).to.match(/Password sign-in is switched off here/);
    } finally {
      await strict.close();
    }
  });
});
