import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { mainApi, startMain, stopMain, type RunningMain } from '../support/main-process.js';
import { department, scotlandServicesFile, storyBody } from '../support/stories.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The webhook outbox across `kill -9`: a delivery is pending (its receiver is down) when the service is
 * killed; the receiver comes up, the service is started again on the same data directory, and the
 * delivery arrives, exactly once, verified, with the webhook-id it had before the crash.
 */
const admin = { email: 'webhook-admin@careloop.example', password: 'webhook-test-password' };
const env = {
  CARELOOP_DEMO: 'false',
  CARELOOP_ADMIN_EMAIL: admin.email,
  CARELOOP_ADMIN_PASSWORD: admin.password,
  CARELOOP_TOTP_REQUIRED_ROLES: 'none',
  // The receiver is on loopback; every other private range stays refused.
  CARELOOP_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.0/8',
};

describe('webhook deliveries across kill -9 (the outbox in the store)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let running: RunningMain | undefined;
  const receiver = new WebhookReceiver();

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-webhooks-'));
    await receiver.start();
    await receiver.stop();
  });

  after(async () => {
    await stopMain(running);
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signIn(main: RunningMain): Promise<string> {
    const session = await mainApi(main, 'POST', '/sessions', { body: admin });
    expect(session.status, session.text).to.equal(201);
    return session.body.token as string;
  }

  async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('delivers a delivery pending at the crash once the service is back, exactly once', async () => {
    running = await startMain(dataDir, env);
    let token = await signIn(running);
    const imported = await mainApi(running, 'POST', '/services/import', {
      token,
      body: JSON.parse(readFileSync(scotlandServicesFile, 'utf8')),
    });
    expect(imported.status, imported.text).to.equal(200);
    const endpoint = await mainApi(running, 'POST', '/webhooks', {
      token,
      body: { url: receiver.url, events: ['story.published'] },
    });
    expect(endpoint.status, endpoint.text).to.equal(201);
    receiver.secret = endpoint.body.secret;

    const story = await mainApi(running, 'POST', '/stories', { body: storyBody({ services: [department] }) });
    expect(story.status, story.text).to.equal(201);
    const publish = await mainApi(running, 'POST', `/stories/${story.body.id}/moderation`, {
      token,
      body: { action: 'publish' },
    });
    expect(publish.status, publish.text).to.equal(200);

    // The notifier queues it and the worker tries at once: the receiver is down.
    const main = running;
    const before = await until('a failed first attempt', async () => {
      const list = await mainApi(main, 'GET', `/webhooks/${endpoint.body.id}/deliveries`, { token });
      const [delivery] = list.body.items;
      return delivery?.attempts >= 1 ? delivery : undefined;
    });
    expect(before).to.include({ status: 'pending' });
    expect(before.lastError).to.match(/ECONNREFUSED/);

    running.child.kill('SIGKILL');
    await running.exited;
    await receiver.start();
    running = await startMain(dataDir, env);
    token = await signIn(running);

    await until('the delivery', async () => (receiver.at().length > 0 ? true : undefined));
    // Long enough for a second worker pass (every second) to send it again, if it would.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(receiver.at()).to.have.length(1);
    const [got] = receiver.at();
    expect(got!.verified).to.equal(true);
    expect(got!.headers['webhook-id']).to.equal(before.messageId);
    expect(got!.payload.data.story.id).to.equal(story.body.id);
    const after = await mainApi(running, 'GET', `/webhooks/${endpoint.body.id}/deliveries`, { token });
    expect(after.body.items).to.have.length(1);
    expect(after.body.items[0]).to.include({ status: 'sent', lastStatusCode: 204 });
  });
  it('killed just after a publication (its news still on the story, or just queued), it tells the receiver once after the restart', async () => {
    let token = await signIn(running!);
    const story = await mainApi(running!, 'POST', '/stories', {
      body: storyBody({ services: [department] }),
    });
    expect(story.status, story.text).to.equal(201);
    const publish = await mainApi(running!, 'POST', `/stories/${story.body.id}/moderation`, {
      token,
      body: { action: 'publish' },
    });
    expect(publish.status, publish.text).to.equal(200);
    running!.child.kill('SIGKILL');
    await running!.exited;
    running = await startMain(dataDir, env);
    token = await signIn(running);

    const about = () => receiver.at().filter((got) => got.payload.data.story.id === story.body.id);
    await until('the delivery', async () => (about().length > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // One event, one webhook-id. (Were the process killed between the receiver's 2xx and marking it
    // sent, a copy with the same id would follow: the window the design record names.)
    expect(new Set(about().map((got) => got.headers['webhook-id'])).size).to.equal(1);
    expect(about().every((got) => got.verified)).to.equal(true);
    const endpoints = await mainApi(running, 'GET', '/webhooks', { token });
    const list = await mainApi(running, 'GET', `/webhooks/${endpoints.body.items[0].id}/deliveries`, {
      token,
    });
    expect(list.body.items.map((item: { status: string }) => item.status)).to.deep.equal(['sent', 'sent']);
  });
});
