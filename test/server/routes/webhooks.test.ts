import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer, callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  department,
  hospital,
  loadScotlandServices,
  problemFields,
  submitAccepted,
} from '../../support/stories.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';

/**
 * Webhooks end to end: an admin registers an endpoint over HTTP, careloop's events reach a real
 * receiver on loopback that verifies each signature with the `standardwebhooks` package, and failures
 * are retried, listed and redelivered. Loopback is reachable because the test app allows 127.0.0.0/8
 * only (CARELOOP_WEBHOOKS_ALLOW_PRIVATE=127.0.0.0/8): every other private range stays refused, which is
 * how a redirect to 169.254.169.254 or 10.x is shown refused without sending anything anywhere.
 */
describe('webhooks (/api/v1/webhooks)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let admin: TestAccount;
  let moderator: TestAccount;
  let staff: TestAccount;
  let receiver: WebhookReceiver;
  /** Moves the webhook clock forward (backoffs and the day of retries) without waiting. */
  let shiftMs = 0;

  before(async () => {
    app = await startTestApp({
      config: { webhooksAllowPrivate: ['127.0.0.0/8'], submissionsPerHour: 1000 },
    });
    app.services.webhooks.now = () => new Date(Date.now() + shiftMs);
    await loadScotlandServices(app);
    [admin, moderator, staff] = await Promise.all([
      createAccount(app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(app, { role: 'moderator', name: 'Mo Derator' }),
      createAccount(app, {
        role: 'staff',
        services: [hospital],
        name: 'Morag Ross',
        jobTitle: 'Ward manager',
      }),
    ]);
  });

  after(async () => {
    await receiver?.stop();
    await app.close();
  });

  beforeEach(async () => {
    shiftMs = 0;
    app.config.webhooksAllowPrivate = ['127.0.0.0/8'];
    await Promise.all([
      app.models.webhookEndpoints.deleteMany({}),
      app.models.webhookDeliveries.deleteMany({}),
    ]);
    await receiver?.stop();
    receiver = new WebhookReceiver();
    await receiver.start();
  });

  async function register(events: string[], url = receiver.url): Promise<{ id: string; secret: string }> {
    const answer = await callApi(app, 'POST', '/webhooks', { as: admin, body: { url, events } });
    expect(answer.status, answer.text).to.equal(201);
    receiver.secret = answer.body.secret;
    return answer.body;
  }

  /** What the service does in the background, now: the notifier's pass, then every due delivery. */
  async function deliverDue(): Promise<void> {
    await app.services.notifier.runOnce();
    await app.services.webhooks.drain();
  }

  async function published(
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; authorKey: string }> {
    const story = await submitAccepted(app, { services: [department], ...overrides });
    const answer = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', criticality: 4 },
    });
    expect(answer.status, answer.text).to.equal(200);
    return story;
  }

  async function deliveries(endpointId: string, query = '') {
    const answer = await callApi(app, 'GET', `/webhooks/${endpointId}/deliveries${query}`, { as: admin });
    expect(answer.status, answer.text).to.equal(200);
    return answer.body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('registers an endpoint for an admin, shows its secret once, and lists it without the secret', async () => {
    const created = await register(['story.published', 'change.marked']);
    expect(created.secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await callApi(app, 'GET', '/webhooks', { as: admin });
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0]).to.include({ id: created.id, url: receiver.url, createdBy: 'Ada Admin' });
    expect(list.body.items[0].events).to.deep.equal(['story.published', 'change.marked']);
    expect(list.text).not.to.include(created.secret);
  });

  it('delivers a published story, signed so the standardwebhooks package verifies it, with public fields only', async () => {
    const endpoint = await register(['story.published']);
    const story = await published({
      title: 'The night nurses were kind',
      email: 'private.person@example.org',
      postcode: 'KA2 0BE',
    });
    await deliverDue();

    expect(receiver.at()).to.have.length(1);
    const [delivery] = receiver.at();
    expect(delivery!.verified, 'signature verifies').to.equal(true);
    expect(delivery!.headers['webhook-id']).to.match(/^msg_/);
    expect(delivery!.payload.type).to.equal('story.published');
    expect(delivery!.payload.data.story).to.include({ id: story.id, title: 'The night nurses were kind' });
    expect(delivery!.payload.data.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
    // Only what the public story shows: the same fields as the public API's story.
    const publicStory = await callApi(app, 'GET', `/stories/${story.id}`);
    expect(Object.keys(delivery!.payload.data.story).sort()).to.deep.equal(
      Object.keys(publicStory.body)
        .filter((key) => key in delivery!.payload.data.story)
        .sort(),
    );
    for (const secret of [
      'private.person@example.org',
      'KA2 0BE',
      'criticality',
      'moderation',
      'email',
      'postcode',
    ]) {
      expect(delivery!.body).not.to.include(secret);
    }
    const [listed] = await deliveries(endpoint.id);
    expect(listed).to.include({
      status: 'sent',
      attempts: 1,
      lastStatusCode: 204,
      eventType: 'story.published',
    });
    expect(listed!.messageId).to.equal(delivery!.headers['webhook-id']);
  });

  it('tells of a response, of its change marker, and of the marker changed by an edit', async () => {
    await register(['response.published', 'change.marked']);
    const story = await published();
    const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
      as: staff,
      body: { body: 'We are changing the rota.', change: 'planned' },
    });
    expect(response.status, response.text).to.equal(201);
    await deliverDue();
    expect(
      receiver
        .at()
        .map((got) => got.payload.type)
        .sort(),
    ).to.deep.equal(['change.marked', 'response.published']);
    const published_ = receiver.at().find((got) => got.payload.type === 'response.published')!;
    expect(published_.payload.data.response).to.include({
      id: response.body.id,
      body: 'We are changing the rota.',
    });
    expect(published_.payload.data.response.responder).to.deep.equal({
      name: 'Morag Ross',
      jobTitle: 'Ward manager',
      organisation: published_.payload.data.response.responder.organisation,
    });
    expect(published_.body).not.to.include(staff.email);
    expect(published_.body).not.to.include(staff.id);

    const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${response.body.id}`, {
      as: staff,
      body: { change: 'made' },
    });
    expect(edited.status, edited.text).to.equal(200);
    await deliverDue();
    const marks = receiver.at().filter((got) => got.payload.type === 'change.marked');
    expect(marks.map((got) => got.payload.data.change)).to.deep.equal(['planned', 'made']);
    expect(receiver.at().every((got) => got.verified)).to.equal(true);
  });

  it('tells that a story was withdrawn or erased with its id alone, and an erasure removes what was queued about it', async () => {
    const endpoint = await register(['story.published', 'story.withdrawn', 'story.erased']);
    const withdrawn = await published({ title: 'Withdraw me later' });
    await deliverDue();
    const answer = await fetch(`${app.baseUrl}/api/v1/stories/${withdrawn.id}/withdrawal`, {
      method: 'POST',
      headers: bearer(withdrawn.authorKey),
    });
    expect(answer.status).to.equal(200);
    await deliverDue();
    const gone = receiver.at().find((got) => got.payload.type === 'story.withdrawn')!;
    expect(gone.payload.data).to.deep.equal({ story: { id: withdrawn.id } });

    receiver.answer = () => ({ status: 503 });
    const erased = await published({ title: 'Erase me before it goes out' });
    await deliverDue();
    expect((await deliveries(endpoint.id, '?status=pending')).length).to.equal(1);
    const erasure = await fetch(`${app.baseUrl}/api/v1/stories/${erased.id}/erasure`, {
      method: 'POST',
      headers: bearer(erased.authorKey),
    });
    expect(erasure.status).to.equal(200);
    receiver.answer = () => ({ status: 204 });
    await deliverDue();
    const stored = await app.models.webhookDeliveries.find({ about: erased.id }).lean();
    expect(stored.map((delivery) => delivery.eventType)).to.deep.equal(['story.erased']);
    expect(JSON.stringify(stored)).not.to.include('Erase me before it goes out');
    const told = receiver.at().filter((got) => got.payload.type === 'story.erased');
    expect(told.map((got) => got.payload.data)).to.deep.equal([{ story: { id: erased.id } }]);
  });

  it('delivers each event once when two workers (two instances) drain at the same moment', async () => {
    await register(['story.published']);
    receiver.answer = () => ({ status: 204, delayMs: 200 });
    const stories = [await published(), await published(), await published()];
    await app.services.notifier.runOnce();
    const attempted = await Promise.all([app.services.webhooks.drain(), app.services.webhooks.drain()]);
    expect(attempted[0]! + attempted[1]!).to.equal(3);
    expect(
      receiver
        .at()
        .map((got) => got.payload.data.story.id)
        .sort(),
    ).to.deep.equal(stories.map((story) => story.id).sort());
  });

  it('retries while the receiver is down, and delivers once it is back', async () => {
    const endpoint = await register(['story.published']);
    await receiver.stop();
    await published();
    await deliverDue();
    const [waiting] = await deliveries(endpoint.id);
    expect(waiting).to.include({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(waiting!.lastError).to.match(/ECONNREFUSED/);
    const dueIn = Date.parse(waiting!.nextAttemptAt) - Date.now();
    expect(dueIn).to.be.within(3_000, 6_000);

    await app.services.webhooks.drain();
    expect((await deliveries(endpoint.id))[0]).to.include({ attempts: 1 }, 'not retried before it is due');
    await receiver.start();
    shiftMs = 6_000;
    await app.services.webhooks.drain();
    expect(receiver.at()).to.have.length(1);
    expect(receiver.at()[0]!.verified).to.equal(true);
    expect((await deliveries(endpoint.id))[0]).to.include({ status: 'sent', attempts: 2, lastError: null });
  });

  it('retries a 500 with growing waits, fails after a day, lists it as failed, and redelivers it on request', async () => {
    const endpoint = await register(['story.published']);
    receiver.answer = () => ({ status: 500 });
    await published();
    await deliverDue();
    shiftMs = 6_000;
    await app.services.webhooks.drain();
    const [second] = await deliveries(endpoint.id);
    expect(second).to.include({ status: 'pending', attempts: 2, lastStatusCode: 500 });
    expect(second!.lastError).to.equal('the receiver answered 500');
    const wait = Date.parse(second!.nextAttemptAt) - Date.parse(second!.lastAttemptAt);
    expect(wait).to.equal(30_000);

    shiftMs = 25 * 3_600_000;
    await app.services.webhooks.drain();
    const [failed] = await deliveries(endpoint.id, '?status=failed');
    expect(failed).to.include({ status: 'failed', attempts: 3, lastStatusCode: 500, nextAttemptAt: null });
    expect(await deliveries(endpoint.id, '?status=pending')).to.have.length(0);

    receiver.answer = () => ({ status: 200 });
    const redelivered = await callApi(
      app,
      'POST',
      `/webhooks/${endpoint.id}/deliveries/${failed!.id}/redelivery`,
      { as: admin },
    );
    expect(redelivered.status, redelivered.text).to.equal(202);
    expect(redelivered.body).to.include({ status: 'pending' });
    await app.services.webhooks.drain();
    expect((await deliveries(endpoint.id))[0]).to.include({
      status: 'sent',
      attempts: 4,
      lastStatusCode: 200,
    });
    const ids = new Set(receiver.at().map((got) => got.headers['webhook-id']));
    expect([...ids], 'every attempt carries the same webhook-id').to.deep.equal([failed!.messageId]);
    expect(receiver.at().every((got) => got.verified)).to.equal(true);
  });

  it('gives up on a slow receiver at the timeout, records it, and retries', async () => {
    const endpoint = await register(['story.published']);
    const timeouts = app.services.webhooks.timeouts;
    app.services.webhooks.timeouts = { ...timeouts, totalTimeoutMs: 500 };
    try {
      receiver.answer = () => ({ status: 200, delayMs: 3_000 });
      await published();
      const started = Date.now();
      await deliverDue();
      expect(Date.now() - started).to.be.below(2_500);
      const [slow] = await deliveries(endpoint.id);
      expect(slow).to.include({ status: 'pending', attempts: 1, lastStatusCode: null });
      expect(slow!.lastError).to.equal('no answer within 500 ms');
      receiver.answer = () => ({ status: 200 });
      shiftMs = 6_000;
      await app.services.webhooks.drain();
      expect((await deliveries(endpoint.id))[0]).to.include({ status: 'sent', attempts: 2 });
    } finally {
      app.services.webhooks.timeouts = timeouts;
    }
  });

  it('follows a redirect to an allowed address, and refuses one to the metadata service, 10.x or a mapped address at that hop', async () => {
    const endpoint = await register(['story.published']);
    const targets: Record<string, string> = {
      '/hooks': `http://127.0.0.1:${receiver.port}/moved-here`,
      '/moved-here': '',
    };
    receiver.answer = (path) => (targets[path] ? { status: 307, location: targets[path] } : { status: 204 });
    await published();
    await deliverDue();
    expect(receiver.at('/moved-here')).to.have.length(1);
    expect(receiver.at('/moved-here')[0]!.verified).to.equal(true);
    expect((await deliveries(endpoint.id))[0]).to.include({ status: 'sent' });

    for (const [target, address] of [
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
      ['http://10.0.0.7/hooks', '10.0.0.7'],
      ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'],
    ] as const) {
      await app.models.webhookDeliveries.deleteMany({});
      receiver.received.length = 0;
      targets['/hooks'] = target;
      await published();
      await deliverDue();
      const [refused] = await deliveries(endpoint.id);
      expect(refused).to.include({ status: 'pending', attempts: 1, lastStatusCode: null });
      expect(refused!.lastError).to.equal(
        `refused: ${address} is not a public address (redirect 1 to ${new URL(target).origin})`,
      );
      expect(receiver.at(), 'the first hop was made').to.have.length(1);
    }
  });

  it('refuses bad registrations with problem+json naming the field', async () => {
    const attempts: Array<[unknown, string]> = [
      [{ events: ['story.published'] }, 'url'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, events: ['story.liked'] }, 'events.0'],
      [{ url: 'not a url', events: ['story.published'] }, 'url'],
      [{ url: 'ftp://example.org/hooks', events: ['story.published'] }, 'url'],
      [{ url: 'https://user:pw@example.org/hooks', events: ['story.published'] }, 'url'],
      [{ url: receiver.url, events: ['story.published'], secret: 'not-a-secret' }, 'secret'],
      [{ url: receiver.url, events: ['story.published'], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of attempts) {
      const answer = await callApi(app, 'POST', '/webhooks', { as: admin, body });
      expect(answer.status, JSON.stringify(body)).to.equal(400);
      expect(answer.contentType).to.match(/^application\/problem\+json/);
      expect(problemFields(answer.body), JSON.stringify(body)).to.include(field);
    }
  });

  it('without the development flag, refuses http and every loopback, private, link-local or mapped address', async () => {
    app.config.webhooksAllowPrivate = [];
    const refusals: Array<[string, string]> = [
      ['http://127.0.0.1/hooks', 'not-allowed'],
      ['http://example.org/hooks', 'not-allowed'],
      ['https://127.0.0.1/hooks', 'private-address'],
      ['https://localhost/hooks', 'private-address'],
      ['https://[::1]/hooks', 'private-address'],
      ['https://[::ffff:127.0.0.1]/hooks', 'private-address'],
      ['https://169.254.169.254/hooks', 'private-address'],
      ['https://10.1.2.3/hooks', 'private-address'],
      ['https://192.168.1.1/hooks', 'private-address'],
      ['https://[fd00::1]/hooks', 'private-address'],
      ['https://[fe80::1]/hooks', 'private-address'],
      ['https://0.0.0.0/hooks', 'private-address'],
      ['https://224.0.0.1/hooks', 'private-address'],
    ];
    for (const [url, code] of refusals) {
      const answer = await callApi(app, 'POST', '/webhooks', {
        as: admin,
        body: { url, events: ['story.published'] },
      });
      expect(answer.status, url).to.equal(400);
      expect(answer.body.errors, url).to.deep.include({
        field: 'url',
        code,
        message: answer.body.errors[0].message,
      });
    }
    const fine = await callApi(app, 'POST', '/webhooks', {
      as: admin,
      body: { url: 'https://hooks.example.org/careloop', events: ['story.published'] },
    });
    expect(fine.status, fine.text).to.equal(201);
  });

  it('lets only admins see or register endpoints', async () => {
    const body = { url: receiver.url, events: ['story.published'] };
    expect((await callApi(app, 'POST', '/webhooks', { body })).status).to.equal(401);
    for (const account of [moderator, staff]) {
      expect((await callApi(app, 'POST', '/webhooks', { as: account, body })).status).to.equal(403);
      expect((await callApi(app, 'GET', '/webhooks', { as: account })).status).to.equal(403);
    }
    expect(await app.models.webhookEndpoints.countDocuments()).to.equal(0);
  });

  it('removes an endpoint with its deliveries; a change of events takes effect for the next event', async () => {
    const endpoint = await register(['story.published']);
    const changed = await callApi(app, 'PATCH', `/webhooks/${endpoint.id}`, {
      as: admin,
      body: { events: ['story.withdrawn'] },
    });
    expect(changed.status, changed.text).to.equal(200);
    await published();
    await deliverDue();
    expect(receiver.received).to.have.length(0);
    expect((await callApi(app, 'DELETE', `/webhooks/${endpoint.id}`, { as: admin })).status).to.equal(204);
    expect((await callApi(app, 'GET', `/webhooks/${endpoint.id}/deliveries`, { as: admin })).status).to.equal(
      404,
    );
  });
});
