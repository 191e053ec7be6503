import { expect } from 'chai';
import { generate } from 'otplib';
import { Types } from 'mongoose';
import { hashToken } from '../../../server/auth/tokens.js';
import type { Models } from '../../../server/models/index.js';
import { describeApi } from '../../../server/routes/api.js';
import { createAccount, signIn, testAccountPassword, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
  storedStory,
  storyBody,
  submitAccepted,
} from '../../support/stories.js';

/**
 * Who may do what: every API operation × every kind of caller, each cell the status the caller should
 * get. Written out in full, so a reader can check the table against the issue's rules: anyone reads
 * services and published stories; only admins manage services and users; only moderators (and admins)
 * moderate or see unpublished stories; staff and stakeholders have no moderation rights; an author key
 * opens its own story only; a token that no longer works is a 401 everywhere, never a silent anonymous.
 * Responses, reads and their thread: staff and stakeholders acting for the story's services respond and
 * record reads (moderators and admins do not); only the responder edits or deletes a response, only
 * moderators and admins hide one or moderate an author's reply; only the story's own author key replies.
 * Subscriptions: any account manages its own, admins anyone's; email subscriptions are public, and so
 * are the unsubscribe and confirmation pages behind the links in emails (they read no credentials).
 * A partner's API key (here with both scopes, for the stories' board) reads published stories and
 * nothing else: every other operation refuses it with 403 unless its cell says otherwise.
 */

const principals = {
  anonymous: 'anonymous',
  ownKey: 'author key of the story',
  otherKey: 'author key of another story',
  staffIn: 'staff in scope',
  staffOut: 'staff out of scope',
  stakeholder: 'stakeholder',
  moderator: 'moderator',
  admin: 'admin',
  disabled: "a disabled account's old token",
  expired: 'an expired session token',
  garbage: 'a garbage token',
  partnerKey: "a partner's API key for the story's board",
} as const;
type Who = keyof typeof principals;
/** A cell per caller; a partner's key, when left out, is refused with 403 (pages outside the API: as anonymous). */
type Expected = Record<Exclude<Who, 'partnerKey'>, number> & { partnerKey?: number };

interface StoryRef {
  id: string;
  authorKey: string;
}

/** What one cell acts on: the story the "own author key" belongs to, and any other resource it needs. */
interface Target {
  story: StoryRef;
  /** A fresh value for cells that create something with a unique name. */
  unique: string;
  /** Filled in by an action's `prepare`: the response, reply or subscription the cell acts on. */
  responseId?: string;
  replyId?: string;
  subscriptionId?: string;
  /** A confirmation or unsubscribe token from an email link. */
  token?: string;
  /** Two-step sign-in: a challenge from `POST /sessions` and a recovery code to answer it with. */
  challenge?: string;
  recoveryCode?: string;
  /** A 6-digit code that is not right for the caller's pending secret. */
  wrongCode?: string;
  /** A partner's API key made for the cell (not the one the partner-key caller uses). */
  apiKeyId?: string;
  /** A webhook endpoint and one of its deliveries (failed, so it may be sent again). */
  webhookId?: string;
  deliveryId?: string;
}

interface OpenApiOperation {
  security?: unknown[];
  responses: Record<string, unknown>;
}

interface Action {
  /** The cell names read `<who> → <name> → <status>`. */
  name: string;
  /** The operation as the OpenAPI description lists it, e.g. `POST /stories/{id}/moderation`. */
  operation: string;
  method: string;
  path: (target: Target) => string;
  body?: (target: Target) => unknown;
  /** A fresh story per cell, for actions that change it (published or still waiting). */
  freshStory?: 'published' | 'submitted';
  /** The shared story the cell reads, when not the published one. */
  sharedStory?: 'submitted' | 'withdrawn';
  /** Sign in again for this cell, for actions that end the session they are sent with. */
  freshSession?: boolean;
  /** Creates what the cell acts on (a response, a reply, a subscription), knowing who will call. */
  prepare?: (target: Target, who: Who) => Promise<void>;
  /**
   * A page outside /api/v1 (the links in emails): the path is the whole path, and the body, if any, is
   * the form a mail client posts.
   */
  outsideApi?: { form?: string };
  expected: Expected;
  /** Checks that a denied request changed nothing. */
  deniedChangedNothing?: (target: Target) => Promise<void>;
}

describe('authorization: every role × every action', function () {
  this.timeout(60_000);
  let app: TestApp;
  const accounts = {} as Record<'staffIn' | 'staffOut' | 'stakeholder' | 'moderator' | 'admin', TestAccount>;
  let disabledToken: string;
  let expiredToken: string;
  let partnerKey: string;
  let signInAccount: TestAccount;
  let targetUserId: string;
  const targetService = 'matrix-target-ward';
  /** A published story every read cell uses; another (own key: "another story") for the others. */
  let shared: { published: StoryRef; submitted: StoryRef; withdrawn: StoryRef; another: StoryRef };
  let counter = 0;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 100_000 } });
    await loadScotlandServices(app);
    [
      accounts.staffIn,
      accounts.staffOut,
      accounts.stakeholder,
      accounts.moderator,
      accounts.admin,
      signInAccount,
    ] = await Promise.all([
      createAccount(app, { role: 'staff', services: [board] }),
      createAccount(app, { role: 'staff', services: [otherBoardHospital] }),
      createAccount(app, {
        role: 'stakeholder',
        services: [hospital],
        constituency: 'Kilmarnock and Loudoun',
      }),
      createAccount(app, { role: 'moderator' }),
      createAccount(app, { role: 'admin' }),
      createAccount(app, { role: 'staff', services: [board] }),
    ]);

    const disabled = await createAccount(app, { role: 'moderator' });
    disabledToken = disabled.token;
    const disabling = await callApi(app, 'PATCH', `/users/${disabled.id}`, {
      as: accounts.admin,
      body: { disabled: true },
    });
    expect(disabling.status, disabling.text).to.equal(200);

    const expiring = await createAccount(app, { role: 'admin' });
    expiredToken = expiring.token;
    const sessions = app.connection.model('Session') as Models['sessions'];
    const { matchedCount } = await sessions.updateOne(
      { tokenHash: hashToken(expiredToken) },
      { $set: { expiresAt: new Date(Date.now() - 60_000) } },
    );
    expect(matchedCount).to.equal(1);

    const target = await createAccount(app, { role: 'staff', services: [board] });
    targetUserId = target.id;

    const keyCreated = await callApi(app, 'POST', '/api-keys', {
      as: accounts.admin,
      body: { name: 'Matrix partner', board, scopes: ['stories:read', 'stories:read-staff'] },
    });
    expect(keyCreated.status, keyCreated.text).to.equal(201);
    partnerKey = keyCreated.body.key;

    const creating = await callApi(app, 'POST', '/services', {
      as: accounts.admin,
      body: { id: targetService, name: 'Matrix Target Ward', kind: 'ward', parent: hospital },
    });
    expect(creating.status, creating.text).to.equal(201);

    const submitted = await submitAccepted(app, { title: 'Still waiting for a moderator' });
    const withdrawn = await publishedStory(app, { title: 'Withdrawn by its author' });
    const withdrawal = await callApi(app, 'POST', `/stories/${withdrawn.id}/withdrawal`, {
      as: withdrawn.authorKey,
    });
    expect(withdrawal.status, withdrawal.text).to.equal(200);
    shared = {
      published: await publishedStory(app, { title: 'Published for everyone' }),
      submitted,
      withdrawn,
      another: await submitAccepted(app, { title: 'Somebody else’s story' }),
    };
  });

  after(async () => {
    await app?.close();
  });

  async function storyStatus(id: string): Promise<unknown> {
    return (await storedStory(app, id))?.status;
  }

  /** The staff account in scope responds, through the API, to the cell's story. */
  async function respondInScope(target: Target): Promise<void> {
    const answer = await callApi(app, 'POST', `/stories/${target.story.id}/responses`, {
      as: accounts.staffIn,
      body: { body: `Thank you for telling us (matrix cell ${target.unique}).` },
    });
    expect(answer.status, answer.text).to.equal(201);
    target.responseId = answer.body.id as string;
  }

  async function storedResponse(id: string | undefined): Promise<Record<string, unknown> | null> {
    return app.models.responses.findById(id).lean<Record<string, unknown>>();
  }

  /** A webhook endpoint an admin registered, with one failed delivery (the store, not the API: no admin acts). */
  async function webhookWithDelivery(target: Target): Promise<void> {
    const endpoint = await app.models.webhookEndpoints.create({
      url: `https://hooks.example.org/${target.unique}`,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      events: ['story.published'],
      createdBy: { id: accounts.admin.id, name: 'Test admin' },
    });
    const now = new Date();
    const delivery = await app.models.webhookDeliveries.create({
      dedupeKey: `story.published:${target.unique}:${endpoint._id.toHexString()}`,
      endpointId: endpoint._id,
      messageId: `msg_${target.unique}`,
      eventType: 'story.published',
      payload: '{}',
      status: 'failed',
      nextAttemptAt: now,
      retryingSince: now,
    });
    target.webhookId = endpoint._id.toHexString();
    target.deliveryId = delivery._id.toHexString();
  }

  /** The story's author replies, through the API, with the story's author key. */
  async function replyAsAuthor(target: Target): Promise<void> {
    const answer = await callApi(app, 'POST', `/stories/${target.story.id}/replies`, {
      as: target.story.authorKey,
      body: { body: `Thank you for answering (matrix cell ${target.unique}).` },
    });
    expect(answer.status, answer.text).to.equal(201);
    target.replyId = answer.body.id as string;
  }

  /** The account `who` signs in as; callers without one (they get a 401) act on an account's anyway. */
  /** An account with two-step sign-in on, and the recovery codes not used yet (one per cell). */
  let twoStep: { email: string; recoveryCodes: string[] } | undefined;
  let revokeTarget: string | undefined;

  async function challengeWithRecoveryCode(target: Target): Promise<void> {
    if (!twoStep) {
      const account = await createAccount(app, { role: 'stakeholder', constituency: 'Dundee East' });
      const started = await callApi(app, 'POST', '/account/second-factor', { as: account });
      const confirmed = await callApi(app, 'POST', '/account/second-factor/confirmation', {
        as: account,
        body: { code: await generate({ secret: started.body.secret }) },
      });
      twoStep = { email: account.email, recoveryCodes: confirmed.body.recoveryCodes };
    }
    const first = await callApi(app, 'POST', '/sessions', {
      body: { email: twoStep.email, password: testAccountPassword },
    });
    target.challenge = first.body.challenge;
    target.recoveryCode = twoStep.recoveryCodes.pop();
  }

  /** Starts setting up two-step sign-in as the caller, and picks a code that is none of the three right ones. */
  async function pendingSecretWithWrongCode(target: Target, who: Who): Promise<void> {
    if (!(who in accounts)) return;
    const started = await callApi(app, 'POST', '/account/second-factor', {
      as: accounts[who as keyof typeof accounts],
    });
    const now = Math.floor(Date.now() / 1000);
    const right = await Promise.all(
      [-60, -30, 0, 30, 60].map((ahead) => generate({ secret: started.body.secret, epoch: now + ahead })),
    );
    let wrong = 0;
    while (right.includes(String(wrong).padStart(6, '0'))) wrong += 1;
    target.wrongCode = String(wrong).padStart(6, '0');
  }

  /** A fresh API key for the cell to read or revoke. */
  async function createMatrixKey(target: Target): Promise<void> {
    const created = await callApi(app, 'POST', '/api-keys', {
      as: accounts.admin,
      body: { name: `Matrix cell ${target.unique}`, board },
    });
    expect(created.status, created.text).to.equal(201);
    target.apiKeyId = created.body.id;
  }

  function accountIdOf(who: Who): string {
    return who in accounts ? accounts[who as keyof typeof accounts].id : signInAccount.id;
  }

  /** A subscription of the account `userId` (made directly, so any number can follow one service). */
  async function accountSubscription(target: Target, userId: string): Promise<void> {
    const created = await app.models.subscriptions.create({
      kind: 'account',
      userId: new Types.ObjectId(userId),
      service: targetService,
      mode: 'immediate',
    });
    target.subscriptionId = created._id.toHexString();
  }

  async function storedSubscription(id: string | undefined): Promise<Record<string, unknown> | null> {
    return app.models.subscriptions.findById(id).lean<Record<string, unknown>>();
  }

  /**
   * An email subscription and the token of the link its email carries: to confirm it (still pending) or
   * to unsubscribe from it (confirmed).
   */
  async function emailSubscription(target: Target, state: 'pending' | 'confirmed'): Promise<void> {
    const _id = new Types.ObjectId();
    const { tokens } = app.services.subscriptions;
    const confirmToken = await tokens.make('confirm', _id.toHexString());
    await app.models.subscriptions.create({
      _id,
      kind: 'email',
      email: `matrix-${target.unique}@example.org`,
      service: board,
      confirmTokenHash: hashToken(confirmToken),
      confirmedAt: state === 'confirmed' ? new Date() : null,
    });
    target.subscriptionId = _id.toHexString();
    target.token = state === 'pending' ? confirmToken : await tokens.make('unsubscribe', _id.toHexString());
  }

  // The table reads best laid out as a table: one line of statuses per row group.
  // prettier-ignore
  const actions: Action[] = [
    // ---- Services ------------------------------------------------------------------------------
    {
      name: 'GET /services',
      operation: 'GET /services',
      method: 'GET',
      path: () => `/services?parent=${board}`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /services/:id',
      operation: 'GET /services/{id}',
      method: 'GET',
      path: () => `/services/${hospital}`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /services/:id/summary',
      operation: 'GET /services/{id}/summary',
      method: 'GET',
      path: () => `/services/${board}/summary`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /services',
      operation: 'POST /services',
      method: 'POST',
      path: () => '/services',
      body: ({ unique }) => ({
        id: `matrix-${unique}`, name: `Matrix ward ${unique}`, kind: 'ward', parent: hospital,
      }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect((await callApi(app, 'GET', `/services/matrix-${unique}`)).status).to.equal(404);
      },
    },
    {
      name: 'PATCH /services/:id',
      operation: 'PATCH /services/{id}',
      method: 'PATCH',
      path: () => `/services/${targetService}`,
      body: ({ unique }) => ({ name: `Matrix Target Ward ${unique}` }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        const { body } = await callApi(app, 'GET', `/services/${targetService}`);
        expect(body.name).not.to.include(unique);
      },
    },
    {
      name: 'POST /services/import',
      operation: 'POST /services/import',
      method: 'POST',
      path: () => '/services/import',
      body: () => ({
        services: [{ id: 'matrix-imported-board', name: 'Matrix Imported Board', kind: 'board' }],
      }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /services/export',
      operation: 'GET /services/export',
      method: 'GET',
      path: () => '/services/export',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- Sessions ------------------------------------------------------------------------------
    {
      name: 'POST /sessions',
      operation: 'POST /sessions',
      method: 'POST',
      path: () => '/sessions',
      body: () => ({ email: signInAccount.email, password: testAccountPassword }),
      expected: {
        anonymous: 201, ownKey: 201, otherKey: 201, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /sessions/current',
      operation: 'GET /sessions/current',
      method: 'GET',
      path: () => '/sessions/current',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /auth/providers',
      operation: 'GET /auth/providers',
      method: 'GET',
      path: () => '/auth/providers',
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'DELETE /sessions/current',
      operation: 'DELETE /sessions/current',
      method: 'DELETE',
      path: () => '/sessions/current',
      freshSession: true,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 204, staffOut: 204, stakeholder: 204,
        moderator: 204, admin: 204, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- Users ---------------------------------------------------------------------------------
    {
      name: 'POST /users',
      operation: 'POST /users',
      method: 'POST',
      path: () => '/users',
      body: ({ unique }) => ({
        email: `matrix-${unique}@example.org`,
        password: 'a long enough password',
        name: `Matrix ${unique}`,
        role: 'staff',
        services: [board],
      }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        const users = app.connection.model('User') as Models['users'];
        expect(await users.exists({ email: `matrix-${unique}@example.org` })).to.equal(null);
      },
    },
    {
      name: 'GET /users',
      operation: 'GET /users',
      method: 'GET',
      path: () => '/users',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /users/:id',
      operation: 'GET /users/{id}',
      method: 'GET',
      path: () => `/users/${targetUserId}`,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'PATCH /users/:id',
      operation: 'PATCH /users/{id}',
      method: 'PATCH',
      path: () => `/users/${targetUserId}`,
      body: ({ unique }) => ({ name: `Renamed ${unique}` }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        const users = app.connection.model('User') as Models['users'];
        expect(await users.exists({ name: `Renamed ${unique}` })).to.equal(null);
      },
    },
    // ---- Two-step sign-in and revoking sessions --------------------------------------------------
    {
      name: 'POST /sessions/second-factor',
      operation: 'POST /sessions/second-factor',
      method: 'POST',
      path: () => '/sessions/second-factor',
      prepare: challengeWithRecoveryCode,
      body: ({ challenge, recoveryCode }) => ({ challenge, recoveryCode }),
      expected: {
        anonymous: 201, ownKey: 201, otherKey: 201, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /account/second-factor',
      operation: 'POST /account/second-factor',
      method: 'POST',
      path: () => '/account/second-factor',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /account/second-factor/confirmation (a wrong code)',
      operation: 'POST /account/second-factor/confirmation',
      method: 'POST',
      path: () => '/account/second-factor/confirmation',
      prepare: pendingSecretWithWrongCode,
      body: ({ wrongCode }) => ({ code: wrongCode ?? '123456' }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 400, staffOut: 400, stakeholder: 400,
        moderator: 400, admin: 400, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'DELETE /users/:id/second-factor',
      operation: 'DELETE /users/{id}/second-factor',
      method: 'DELETE',
      path: () => `/users/${targetUserId}/second-factor`,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing() {
        // Only the admin's own reset (its cell may have run before this one) is on the record.
        const user = await app.models.users.findById(targetUserId).lean();
        const by = (user?.accountAudit ?? []).map((entry) => entry.by?.id);
        expect(by.filter((id) => id !== accounts.admin.id)).to.deep.equal([]);
      },
    },
    {
      name: 'DELETE /users/:id/sessions',
      operation: 'DELETE /users/{id}/sessions',
      method: 'DELETE',
      path: () => `/users/${revokeTarget}/sessions`,
      prepare: async () => {
        revokeTarget ??= (await createAccount(app, { role: 'staff', services: [board] })).id;
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- Stories -------------------------------------------------------------------------------
    {
      name: 'POST /stories',
      operation: 'POST /stories',
      method: 'POST',
      path: () => '/stories',
      body: ({ unique }) => storyBody({ title: `Matrix story ${unique}` }),
      expected: {
        anonymous: 201, ownKey: 201, otherKey: 201, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /stories/on-behalf',
      operation: 'POST /stories/on-behalf',
      method: 'POST',
      path: () => '/stories/on-behalf',
      body: ({ unique }) => {
        const { consent: _consent, ...told } = storyBody({ title: `Told for them ${unique}` });
        return { ...told, onBehalf: { via: 'paper-form', consent: 'written' } };
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 201, staffOut: 403, stakeholder: 403,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect(await app.models.stories.exists({ title: `Told for them ${unique}` })).to.equal(null);
      },
    },
    {
      name: 'GET /stories',
      operation: 'GET /stories',
      method: 'GET',
      path: () => `/stories?service=${board}`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401, partnerKey: 200,
      },
    },
    {
      name: 'GET /stories/:id (published)',
      operation: 'GET /stories/{id}',
      method: 'GET',
      path: ({ story }) => `/stories/${story.id}`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401, partnerKey: 200,
      },
    },
    {
      name: 'GET /stories/:id (waiting for moderation)',
      operation: 'GET /stories/{id}',
      method: 'GET',
      path: ({ story }) => `/stories/${story.id}`,
      sharedStory: 'submitted',
      expected: {
        anonymous: 404, ownKey: 200, otherKey: 404, staffIn: 404, staffOut: 404, stakeholder: 404,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401, partnerKey: 404,
      },
    },
    {
      name: 'GET /stories/:id (withdrawn)',
      operation: 'GET /stories/{id}',
      method: 'GET',
      path: ({ story }) => `/stories/${story.id}`,
      sharedStory: 'withdrawn',
      expected: {
        anonymous: 404, ownKey: 200, otherKey: 404, staffIn: 404, staffOut: 404, stakeholder: 404,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401, partnerKey: 404,
      },
    },
    {
      name: 'POST /stories/:id/withdrawal',
      operation: 'POST /stories/{id}/withdrawal',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/withdrawal`,
      freshStory: 'published',
      expected: {
        anonymous: 401, ownKey: 200, otherKey: 404, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await storyStatus(story.id)).to.equal('published');
      },
    },
    {
      name: 'GET /stories/:id/personal-data',
      operation: 'GET /stories/{id}/personal-data',
      method: 'GET',
      path: ({ story }) => `/stories/${story.id}/personal-data`,
      expected: {
        anonymous: 401, ownKey: 200, otherKey: 404, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /account/personal-data',
      operation: 'GET /account/personal-data',
      method: 'GET',
      path: () => '/account/personal-data',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- Erasure -------------------------------------------------------------------------------
    {
      name: 'POST /stories/:id/erasure',
      operation: 'POST /stories/{id}/erasure',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/erasure`,
      freshStory: 'published',
      expected: {
        anonymous: 401, ownKey: 200, otherKey: 404, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await storyStatus(story.id)).to.equal('published');
      },
    },
    {
      name: 'POST /erasures/search',
      operation: 'POST /erasures/search',
      method: 'POST',
      path: () => '/erasures/search',
      body: ({ unique }) => ({ email: `matrix-${unique}@example.org` }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /erasures',
      operation: 'POST /erasures',
      method: 'POST',
      path: () => '/erasures',
      body: ({ story }) => ({ email: `matrix-${story.id}@example.org` }),
      freshStory: 'published',
      prepare: async ({ story }) => {
        const stories = app.connection.model('Story') as Models['stories'];
        await stories.updateOne({ _id: story.id }, { $set: { email: `matrix-${story.id}@example.org` } });
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await storyStatus(story.id)).to.equal('published');
      },
    },
    // ---- Webhooks (admins only) ---------------------------------------------------------------
    {
      name: 'GET /webhooks',
      operation: 'GET /webhooks',
      method: 'GET',
      path: () => '/webhooks',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /webhooks',
      operation: 'POST /webhooks',
      method: 'POST',
      path: () => '/webhooks',
      body: ({ unique }) => ({ url: `https://hooks.example.org/${unique}`, events: ['story.published'] }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect(await app.models.webhookEndpoints.exists({ url: `https://hooks.example.org/${unique}` })).to.equal(
          null,
        );
      },
    },
    {
      name: 'PATCH /webhooks/:id',
      operation: 'PATCH /webhooks/{id}',
      method: 'PATCH',
      path: ({ webhookId }) => `/webhooks/${webhookId}`,
      body: () => ({ events: ['story.withdrawn'] }),
      prepare: webhookWithDelivery,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ webhookId }) {
        const endpoint = await app.models.webhookEndpoints.findById(webhookId).lean();
        expect(endpoint?.events).to.deep.equal(['story.published']);
      },
    },
    {
      name: 'DELETE /webhooks/:id',
      operation: 'DELETE /webhooks/{id}',
      method: 'DELETE',
      path: ({ webhookId }) => `/webhooks/${webhookId}`,
      prepare: webhookWithDelivery,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 204, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ webhookId }) {
        expect(await app.models.webhookEndpoints.exists({ _id: webhookId })).not.to.equal(null);
      },
    },
    {
      name: 'GET /webhooks/:id/deliveries',
      operation: 'GET /webhooks/{id}/deliveries',
      method: 'GET',
      path: ({ webhookId }) => `/webhooks/${webhookId}/deliveries`,
      prepare: webhookWithDelivery,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /webhooks/:id/deliveries/:deliveryId/redelivery',
      operation: 'POST /webhooks/{id}/deliveries/{deliveryId}/redelivery',
      method: 'POST',
      path: ({ webhookId, deliveryId }) => `/webhooks/${webhookId}/deliveries/${deliveryId}/redelivery`,
      prepare: webhookWithDelivery,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 202, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ deliveryId }) {
        expect((await app.models.webhookDeliveries.findById(deliveryId).lean())?.status).to.equal('failed');
      },
    },
    // ---- Moderation ----------------------------------------------------------------------------
    {
      name: 'GET /moderation/queue',
      operation: 'GET /moderation/queue',
      method: 'GET',
      path: () => '/moderation/queue',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /stories/:id/moderation',
      operation: 'POST /stories/{id}/moderation',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/moderation`,
      body: () => ({ action: 'publish', criticality: 2 }),
      freshStory: 'submitted',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await storyStatus(story.id)).to.equal('submitted');
      },
    },
    {
      name: 'POST /stories/:id/moderation (held for a formal complaint)',
      operation: 'POST /stories/{id}/moderation',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/moderation`,
      body: () => ({ action: 'complaint-hold', complaintReference: 'CMP-1' }),
      freshStory: 'submitted',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await storyStatus(story.id)).to.equal('submitted');
      },
    },
    // ---- Provider preview: staff of the story's services only ----------------------------------
    {
      name: 'GET /previews',
      operation: 'GET /previews',
      method: 'GET',
      path: () => '/previews',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 200, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /stories/:id/review-requests',
      operation: 'POST /stories/{id}/review-requests',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/review-requests`,
      body: () => ({ reason: 'It names a nurse.' }),
      freshStory: 'submitted',
      async prepare({ story }) {
        const since = new Date();
        await app.models.stories.updateOne(
          { _id: story.id },
          { $set: { status: 'preview', preview: { since, until: new Date(since.getTime() + 86_400_000) } } },
        );
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 404, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        const stored = await app.models.stories.findById(story.id).lean();
        expect(stored?.preview?.reviewRequest ?? null).to.equal(null);
      },
    },
    // ---- Responses and reads -----------------------------------------------------------------
    {
      name: 'POST /stories/:id/responses',
      operation: 'POST /stories/{id}/responses',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/responses`,
      body: ({ unique }) => ({ body: `We are sorry, and we are changing this (${unique}).`, change: 'planned' }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 201, staffOut: 403, stakeholder: 201,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect(await app.models.responses.exists({ body: new RegExp(unique) })).to.equal(null);
      },
    },
    {
      name: 'PATCH /stories/:id/responses/:responseId (by staff in scope)',
      operation: 'PATCH /stories/{id}/responses/{responseId}',
      method: 'PATCH',
      path: ({ story, responseId }) => `/stories/${story.id}/responses/${responseId}`,
      body: ({ unique }) => ({ body: `Edited in matrix cell ${unique}.`, change: 'made' }),
      prepare: respondInScope,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ responseId }) {
        const response = await storedResponse(responseId);
        expect(response?.body).not.to.match(/^Edited/);
        expect(response?.change).to.equal(null);
      },
    },
    {
      name: 'DELETE /stories/:id/responses/:responseId (by staff in scope)',
      operation: 'DELETE /stories/{id}/responses/{responseId}',
      method: 'DELETE',
      path: ({ story, responseId }) => `/stories/${story.id}/responses/${responseId}`,
      prepare: respondInScope,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 204, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ responseId }) {
        expect((await storedResponse(responseId))?.deletedAt ?? null).to.equal(null);
      },
    },
    {
      name: 'POST /stories/:id/responses/:responseId/hide',
      operation: 'POST /stories/{id}/responses/{responseId}/hide',
      method: 'POST',
      path: ({ story, responseId }) => `/stories/${story.id}/responses/${responseId}/hide`,
      body: () => ({ reason: 'It names a member of staff.' }),
      prepare: respondInScope,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ responseId }) {
        expect((await storedResponse(responseId))?.hiddenAt ?? null).to.equal(null);
      },
    },
    {
      name: 'POST /stories/:id/responses/:responseId/moderation',
      operation: 'POST /stories/{id}/responses/{responseId}/moderation',
      method: 'POST',
      path: ({ story, responseId }) => `/stories/${story.id}/responses/${responseId}/moderation`,
      body: () => ({ action: 'publish' }),
      // A response waiting for a moderator (set in the store: which responders are new is not the point here).
      async prepare(target) {
        await respondInScope(target);
        await app.models.responses.updateOne({ _id: target.responseId }, { $set: { withheld: 'queued' } });
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ responseId }) {
        expect((await storedResponse(responseId))?.withheld).to.equal('queued');
      },
    },
    {
      name: 'GET /users/:id/responder-moderation',
      operation: 'GET /users/{id}/responder-moderation',
      method: 'GET',
      path: () => `/users/${targetUserId}/responder-moderation`,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'PUT /users/:id/responder-moderation',
      operation: 'PUT /users/{id}/responder-moderation',
      method: 'PUT',
      path: () => `/users/${targetUserId}/responder-moderation`,
      body: () => ({ moderated: false }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /stories/:id/reads',
      operation: 'POST /stories/{id}/reads',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/reads`,
      freshStory: 'published',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 201, staffOut: 403, stakeholder: 201,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect(await app.models.storyReads.countDocuments({ storyId: story.id })).to.equal(0);
      },
    },
    // ---- Readers' signals: open to anyone without an account ------------------------------------
    {
      name: 'POST /reader-tokens',
      operation: 'POST /reader-tokens',
      method: 'POST',
      path: () => '/reader-tokens',
      expected: {
        anonymous: 201, ownKey: 201, otherKey: 201, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'PUT /stories/:id/me-too',
      operation: 'PUT /stories/{id}/me-too',
      method: 'PUT',
      path: ({ story }) => `/stories/${story.id}/me-too`,
      freshStory: 'published',
      prepare: async (target) => {
        target.token = await app.services.readerSignals.issueToken();
      },
      body: ({ token }) => ({ token, signalled: true }),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ story }) {
        expect((await storedStory(app, story.id))?.meTooCount ?? 0).to.equal(0);
      },
    },
    {
      name: 'PUT /responses/:id/helpful',
      operation: 'PUT /responses/{id}/helpful',
      method: 'PUT',
      path: ({ responseId }) => `/responses/${responseId}/helpful`,
      freshStory: 'published',
      prepare: async (target) => {
        await respondInScope(target);
        target.token = await app.services.readerSignals.issueToken();
      },
      body: ({ token }) => ({ token, signalled: true }),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ responseId }) {
        expect((await storedResponse(responseId))?.helpfulCount ?? 0).to.equal(0);
      },
    },
    // ---- Author replies ------------------------------------------------------------------------
    {
      name: 'POST /stories/:id/replies',
      operation: 'POST /stories/{id}/replies',
      method: 'POST',
      path: ({ story }) => `/stories/${story.id}/replies`,
      body: ({ unique }) => ({ body: `Thank you, that helps (${unique}).` }),
      expected: {
        anonymous: 401, ownKey: 201, otherKey: 404, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 403, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect(await app.models.replies.exists({ body: new RegExp(unique) })).to.equal(null);
      },
    },
    {
      name: 'POST /replies/:id/moderation',
      operation: 'POST /replies/{id}/moderation',
      method: 'POST',
      path: ({ replyId }) => `/replies/${replyId}/moderation`,
      body: () => ({ action: 'publish' }),
      freshStory: 'published',
      prepare: replyAsAuthor,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ replyId }) {
        expect((await app.models.replies.findById(replyId).lean())?.status).to.equal('submitted');
      },
    },
    // ---- Subscriptions -------------------------------------------------------------------------
    {
      name: 'GET /subscriptions (own)',
      operation: 'GET /subscriptions',
      method: 'GET',
      path: () => '/subscriptions',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: "GET /subscriptions?userId= (another account's)",
      operation: 'GET /subscriptions',
      method: 'GET',
      path: () => `/subscriptions?userId=${targetUserId}`,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /subscriptions (own)',
      operation: 'POST /subscriptions',
      method: 'POST',
      path: () => '/subscriptions',
      body: () => ({ service: hospital, mode: 'daily' }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 201, staffOut: 201, stakeholder: 201,
        moderator: 201, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: "POST /subscriptions?userId= (for another account)",
      operation: 'POST /subscriptions',
      method: 'POST',
      path: () => `/subscriptions?userId=${targetUserId}`,
      body: () => ({ service: department }),
      // The admin's cell subscribes the account: every cell starts from an account without it.
      prepare: async () => {
        await app.models.subscriptions.deleteMany({ userId: targetUserId, service: department });
      },
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing() {
        expect(
          await app.models.subscriptions.exists({ userId: targetUserId, service: department }),
        ).to.equal(null);
      },
    },
    {
      name: 'PATCH /subscriptions/:id (own)',
      operation: 'PATCH /subscriptions/{id}',
      method: 'PATCH',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}`,
      body: () => ({ mode: 'daily' }),
      prepare: (target, who) => accountSubscription(target, accountIdOf(who)),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect((await storedSubscription(subscriptionId))?.mode).to.equal('immediate');
      },
    },
    {
      name: "PATCH /subscriptions/:id?userId= (another account's)",
      operation: 'PATCH /subscriptions/{id}',
      method: 'PATCH',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}?userId=${targetUserId}`,
      body: () => ({ mode: 'daily' }),
      prepare: (target) => accountSubscription(target, targetUserId),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect((await storedSubscription(subscriptionId))?.mode).to.equal('immediate');
      },
    },
    {
      name: "PATCH /subscriptions/:id (another account's, by its id alone)",
      operation: 'PATCH /subscriptions/{id}',
      method: 'PATCH',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}`,
      body: () => ({ mode: 'daily' }),
      prepare: (target) => accountSubscription(target, targetUserId),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 404, staffOut: 404, stakeholder: 404,
        moderator: 404, admin: 404, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect((await storedSubscription(subscriptionId))?.mode).to.equal('immediate');
      },
    },
    {
      name: 'DELETE /subscriptions/:id (own)',
      operation: 'DELETE /subscriptions/{id}',
      method: 'DELETE',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}`,
      prepare: (target, who) => accountSubscription(target, accountIdOf(who)),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 204, staffOut: 204, stakeholder: 204,
        moderator: 204, admin: 204, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect(await storedSubscription(subscriptionId)).not.to.equal(null);
      },
    },
    {
      name: "DELETE /subscriptions/:id?userId= (another account's)",
      operation: 'DELETE /subscriptions/{id}',
      method: 'DELETE',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}?userId=${targetUserId}`,
      prepare: (target) => accountSubscription(target, targetUserId),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 204, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect(await storedSubscription(subscriptionId)).not.to.equal(null);
      },
    },
    {
      name: "DELETE /subscriptions/:id (another account's, by its id alone)",
      operation: 'DELETE /subscriptions/{id}',
      method: 'DELETE',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}`,
      prepare: (target) => accountSubscription(target, targetUserId),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 404, staffOut: 404, stakeholder: 404,
        moderator: 404, admin: 404, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect(await storedSubscription(subscriptionId)).not.to.equal(null);
      },
    },
    {
      name: 'POST /email-subscriptions',
      operation: 'POST /email-subscriptions',
      method: 'POST',
      path: () => '/email-subscriptions',
      body: ({ unique }) => ({ email: `matrix-${unique}@example.org`, service: board }),
      expected: {
        anonymous: 202, ownKey: 202, otherKey: 202, staffIn: 202, staffOut: 202, stakeholder: 202,
        moderator: 202, admin: 202, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /email-subscriptions/confirm',
      operation: 'POST /email-subscriptions/confirm',
      method: 'POST',
      path: () => '/email-subscriptions/confirm',
      body: ({ token }) => ({ token }),
      prepare: (target) => emailSubscription(target, 'pending'),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ subscriptionId }) {
        expect((await storedSubscription(subscriptionId))?.confirmedAt).to.equal(null);
      },
    },
    // ---- Reports -------------------------------------------------------------------------------
    {
      name: 'GET /reports/services/:id',
      operation: 'GET /reports/services/{id}',
      method: 'GET',
      path: () => `/reports/services/${hospital}`,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 403, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'PUT /subscriptions/:id/report (own)',
      operation: 'PUT /subscriptions/{id}/report',
      method: 'PUT',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}/report`,
      body: () => ({ frequency: 'weekly' }),
      prepare: (target, who) => accountSubscription(target, accountIdOf(who)),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 200, staffOut: 403, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: "PUT /subscriptions/:id/report (another account's)",
      operation: 'PUT /subscriptions/{id}/report',
      method: 'PUT',
      path: ({ subscriptionId }) => `/subscriptions/${subscriptionId}/report`,
      body: () => ({ frequency: 'weekly' }),
      prepare: (target) => accountSubscription(target, targetUserId),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 404, staffOut: 404, stakeholder: 404,
        moderator: 404, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- Feeds ---------------------------------------------------------------------------------
    {
      name: 'GET /services/:id/feeds',
      operation: 'GET /services/{id}/feeds',
      method: 'GET',
      path: () => `/services/${board}/feeds`,
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    // ---- The pages behind the links in emails (outside /api/v1: they read no credentials) ------
    {
      name: 'GET /unsubscribe',
      operation: 'GET /unsubscribe',
      method: 'GET',
      path: ({ token }) => `/unsubscribe?token=${token}`,
      outsideApi: {},
      prepare: (target) => emailSubscription(target, 'confirmed'),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 200, expired: 200, garbage: 200,
      },
    },
    {
      name: 'POST /unsubscribe (one-click)',
      operation: 'POST /unsubscribe',
      method: 'POST',
      path: ({ token }) => `/unsubscribe?token=${token}`,
      outsideApi: { form: 'List-Unsubscribe=One-Click' },
      prepare: (target) => emailSubscription(target, 'confirmed'),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 200, expired: 200, garbage: 200,
      },
    },
    {
      name: 'GET /confirm-subscription',
      operation: 'GET /confirm-subscription',
      method: 'GET',
      path: ({ token }) => `/confirm-subscription?token=${token}`,
      outsideApi: {},
      prepare: (target) => emailSubscription(target, 'pending'),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 200, expired: 200, garbage: 200,
      },
    },
    {
      name: 'POST /confirm-subscription',
      operation: 'POST /confirm-subscription',
      method: 'POST',
      path: ({ token }) => `/confirm-subscription?token=${token}`,
      outsideApi: { form: '' },
      prepare: (target) => emailSubscription(target, 'pending'),
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 200, expired: 200, garbage: 200,
      },
    },
    // ---- Partners' API keys: admins only -----------------------------------------------------------
    {
      name: 'POST /api-keys',
      operation: 'POST /api-keys',
      method: 'POST',
      path: () => '/api-keys',
      body: ({ unique }) => ({ name: `Matrix key ${unique}`, board }),
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 201, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ unique }) {
        expect(await app.models.apiKeys.exists({ name: `Matrix key ${unique}` })).to.equal(null);
      },
    },
    {
      name: 'GET /api-keys',
      operation: 'GET /api-keys',
      method: 'GET',
      path: () => '/api-keys',
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'GET /api-keys/:id',
      operation: 'GET /api-keys/{id}',
      method: 'GET',
      path: ({ apiKeyId }) => `/api-keys/${apiKeyId}`,
      prepare: createMatrixKey,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
    },
    {
      name: 'POST /api-keys/:id/revocation',
      operation: 'POST /api-keys/{id}/revocation',
      method: 'POST',
      path: ({ apiKeyId }) => `/api-keys/${apiKeyId}/revocation`,
      prepare: createMatrixKey,
      expected: {
        anonymous: 401, ownKey: 401, otherKey: 401, staffIn: 403, staffOut: 403, stakeholder: 403,
        moderator: 403, admin: 200, disabled: 401, expired: 401, garbage: 401,
      },
      async deniedChangedNothing({ apiKeyId }) {
        const key = await app.models.apiKeys.findById(apiKeyId).lean();
        expect(key?.revokedAt).to.equal(null);
      },
    },
    // ---- The API description ------------------------------------------------------------------
    {
      name: 'GET /openapi.json',
      operation: 'GET /openapi.json',
      method: 'GET',
      path: () => '/openapi.json',
      expected: {
        anonymous: 200, ownKey: 200, otherKey: 200, staffIn: 200, staffOut: 200, stakeholder: 200,
        moderator: 200, admin: 200, disabled: 401, expired: 401, garbage: 401, partnerKey: 200,
      },
    },
  ];

  /** The bearer credential `who` sends in a cell (none for anonymous). */
  async function credentialOf(who: Who, action: Action, target: Target): Promise<string | undefined> {
    switch (who) {
      case 'anonymous':
        return undefined;
      case 'ownKey':
        return target.story.authorKey;
      case 'otherKey':
        return shared.another.authorKey;
      case 'disabled':
        return disabledToken;
      case 'expired':
        return expiredToken;
      case 'garbage':
        return 'not-a-careloop-token';
      case 'partnerKey':
        return partnerKey;
      default: {
        const account = accounts[who];
        return action.freshSession
          ? (await signIn(app, account.email, account.password)).token
          : account.token;
      }
    }
  }

  async function targetFor(action: Action, who: Who): Promise<Target> {
    counter += 1;
    const unique = `${counter}-${Date.now().toString(36)}`;
    let story = shared[action.sharedStory ?? 'published'];
    if (action.freshStory === 'published') story = await publishedStory(app);
    if (action.freshStory === 'submitted') story = await submitAccepted(app);
    const target: Target = { story, unique };
    await action.prepare?.(target, who);
    return target;
  }

  /** A page outside /api/v1, as a browser or mail client requests it: any form body is url-encoded. */
  async function callPage(
    method: string,
    path: string,
    options: { as?: string; form?: string },
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...(options.as === undefined ? {} : { authorization: `Bearer ${options.as}` }),
      },
      body: options.form,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  let openApi: { paths: Record<string, Record<string, OpenApiOperation>> } | undefined;
  /** A client reading the API description learns every refusal an operation that needs a credential gives. */
  async function expectRefusalDocumented(operation: string, status: number): Promise<void> {
    openApi ??= (await callApi(app, 'GET', '/openapi.json')).body;
    const [method, path] = operation.split(' ') as [string, string];
    const documented = openApi?.paths[path]?.[method.toLowerCase()];
    // A public operation refuses only a bad credential, which the generic problem answer covers.
    if (!documented || documented.security?.length === 0) return;
    expect(documented.responses, `${operation} documents ${status}`).to.have.property(String(status));
  }

  for (const action of actions) {
    describe(action.name, () => {
      for (const who of Object.keys(principals) as Who[]) {
        const status =
          who === 'partnerKey'
            ? (action.expected.partnerKey ?? (action.outsideApi ? action.expected.anonymous : 403))
            : action.expected[who];
        it(`${principals[who]} → ${action.name} → ${status}`, async () => {
          const target = await targetFor(action, who);
          const credential = await credentialOf(who, action, target);
          const answer = action.outsideApi
            ? await callPage(action.method, action.path(target), {
                ...(credential === undefined ? {} : { as: credential }),
                ...action.outsideApi,
              })
            : await callApi(app, action.method, action.path(target), {
                ...(credential === undefined ? {} : { as: credential }),
                ...(action.body ? { body: action.body(target) } : {}),
              });
          expect(answer.status, answer.text).to.equal(status);
          if ((status === 401 || status === 403) && !action.outsideApi) {
            await expectRefusalDocumented(action.operation, status);
          }
          if (status === 401) expect(answer.headers.get('www-authenticate')).to.match(/^Bearer/);
          if (status >= 400)
            expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
          if (status >= 400 && action.deniedChangedNothing) await action.deniedChangedNothing(target);
        });
      }
    });
  }

  it('the table covers every operation the API describes', async () => {
    const { body } = await callApi(app, 'GET', '/openapi.json');
    const described = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const inTable = new Set(actions.filter((action) => !action.outsideApi).map((action) => action.operation));
    expect(described.filter((operation) => !inTable.has(operation))).to.deep.equal([]);
    expect(
      [...inTable].filter((operation) => operation !== 'GET /openapi.json' && !described.includes(operation)),
    ).to.deep.equal([]);
  });

  it('serves the very document the widget API types are generated from (npm run api-types)', async () => {
    const { body } = await callApi(app, 'GET', '/openapi.json');
    expect(body).to.deep.equal(JSON.parse(JSON.stringify(describeApi(app.config.publicUrl))));
  });
});
