import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { embeddedDatabaseName } from '../../../server/platform/store.js';
import {
  demoAccountsIn,
  mainApi,
  startMain,
  stopMain,
  type DemoAccount,
  type RunningMain,
} from '../../support/main-process.js';

/**
 * What a newcomer gets from `npm start` on an empty machine: the real entry point, its own embedded
 * store in a fresh data directory, the demo accounts printed, and a story waiting for the moderator.
 */

async function signIn(main: RunningMain, email: string, password: string): Promise<string> {
  const answer = await mainApi(main, 'POST', '/sessions', { body: { email, password } });
  expect(answer.status, answer.text).to.equal(201);
  return answer.body.token as string;
}

/** How many services, stories and accounts the store holds, read straight from the running engine. */
async function storeCounts(main: RunningMain): Promise<Record<string, number>> {
  const client = await MongoClient.connect(main.engineUri);
  try {
    const db = client.db(embeddedDatabaseName);
    return {
      services: await db.collection('organisations').countDocuments(),
      stories: await db.collection('stories').countDocuments(),
      users: await db.collection('users').countDocuments(),
    };
  } finally {
    await client.close();
  }
}

describe('the demo (npm start on an empty data directory)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let running: RunningMain | undefined;
  let accounts: DemoAccount[];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-demo-'));
    running = await startMain(dataDir);
    accounts = demoAccountsIn(running.stderr());
  });

  after(async () => {
    await stopMain(running);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints a demo moderator and demo staff accounts (one a new responder), with their passwords, on stderr', () => {
    expect(accounts.map((account) => account.role).sort()).to.deep.equal(['moderator', 'staff', 'staff']);
    for (const account of accounts) expect(account.password).to.have.length.of.at.least(12);
  });

  it('lets the demo moderator publish the story waiting in the queue, and the public then reads it', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const token = await signIn(running!, moderator.email, moderator.password);

    const queue = await mainApi(running!, 'GET', '/moderation/queue', { token });
    expect(queue.status, queue.text).to.equal(200);
    expect(queue.body.items).to.have.length.of.at.least(1);
    const waiting = queue.body.items[0] as { id: string; title: string; status: string };
    expect(waiting.status).to.equal('submitted');

    const before = await mainApi(running!, 'GET', `/stories?service=nhs-highland&limit=50`);
    expect(before.body.items.map((story: { id: string }) => story.id)).not.to.include(waiting.id);
    expect((await mainApi(running!, 'GET', `/stories/${waiting.id}`)).status).to.equal(404);

    const published = await mainApi(running!, 'POST', `/stories/${waiting.id}/moderation`, {
      token,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
    expect(published.body.status).to.equal('published');

    const after = await mainApi(running!, 'GET', `/stories?service=nhs-highland&limit=50`);
    expect(after.status).to.equal(200);
    const listed = (after.body.items as { id: string; title: string }[]).find(
      (story) => story.id === waiting.id,
    );
    expect(listed?.title).to.equal(waiting.title);
    // Newly published, it is the newest story about the board.
    expect(after.body.items[0].id).to.equal(waiting.id);
  });

  it('shows the moderator each moderation-rule warning in the queue, and one story held for a complaint', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const token = await signIn(running!, moderator.email, moderator.password);
    const queue = await mainApi(running!, 'GET', '/moderation/queue?limit=50', { token });
    expect(queue.status, queue.text).to.equal(200);
    const kinds = (queue.body.items as { warnings?: { kind: string }[] }[]).flatMap((item) =>
      (item.warnings ?? []).map((warning) => warning.kind),
    );
    expect(kinds).to.include.members(['long', 'long-ago', 'possible-duplicate']);
    const held = await mainApi(running!, 'GET', '/moderation/queue?status=complaint', { token });
    expect(held.body.items).to.have.length(1);
    expect(held.body.items[0]).to.deep.include({ heldForComplaint: true });
  });

  it('shows stories told on someone’s behalf, an author’s update, and readers’ “me too” and “helpful”', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const token = await signIn(running!, moderator.email, moderator.password);
    const queue = await mainApi(running!, 'GET', '/moderation/queue?limit=50', { token });
    const queued = (queue.body.items as { toldVia?: string | null; onBehalf?: unknown }[]).filter(
      (item) => item.toldVia,
    );
    expect(queued.map((item) => item.toldVia)).to.deep.equal(['paper-form']);
    expect(queued[0]!.onBehalf).to.deep.include({ consent: 'written' });

    const listed = await mainApi(running!, 'GET', '/stories?service=nhs-highland&limit=50');
    const stories = listed.body.items as { id: string; toldVia: string | null; meTooCount: number }[];
    expect(stories.filter((story) => story.toldVia === 'phone-call')).to.have.length(1);
    expect(stories.some((story) => story.meTooCount > 0)).to.equal(true);

    const threads = await Promise.all(
      stories
        .slice(0, 50)
        .map(async (story) => (await mainApi(running!, 'GET', `/stories/${story.id}`)).body),
    );
    const entries = threads.flatMap(
      (story) => story.thread as { type: string; kind?: string; helpfulCount?: number }[],
    );
    expect(entries.some((entry) => entry.type === 'reply' && entry.kind === 'update')).to.equal(true);
    expect(entries.some((entry) => entry.type === 'response' && (entry.helpfulCount ?? 0) > 0)).to.equal(
      true,
    );
  });

  it('shows the demo staff account two stories in provider preview, not yet public, one asked to be reviewed', async () => {
    const staff = accounts.find((account) => account.role === 'staff')!;
    const token = await signIn(running!, staff.email, staff.password);
    const previews = await mainApi(running!, 'GET', '/previews', { token });
    expect(previews.status, previews.text).to.equal(200);
    const items = previews.body.items as { id: string; preview: { reviewRequest: unknown } }[];
    expect(items).to.have.length(2);
    expect(items.filter((item) => item.preview.reviewRequest !== null)).to.have.length(1);
    for (const item of items)
      expect((await mainApi(running!, 'GET', `/stories/${item.id}`)).status).to.equal(404);
  });

  it('shows the moderator a new responder’s response waiting in the queue, flagged, and the responder sees it awaiting moderation', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const token = await signIn(running!, moderator.email, moderator.password);
    const queue = await mainApi(running!, 'GET', '/moderation/queue?limit=50', { token });
    const responses = (queue.body.items as { type: string; flags: { kind: string }[] }[]).filter(
      (item) => item.type === 'response',
    );
    expect(responses).to.have.length(1);
    expect(responses[0]!.flags.map((flag) => flag.kind)).to.include('staff-criticised');
    const story = (responses[0] as unknown as { story: { id: string } }).story.id;
    const newResponder = accounts.find((account) => account.email.startsWith('new-staff@'))!;
    const own = await mainApi(running!, 'GET', `/stories/${story}`, {
      token: await signIn(running!, newResponder.email, newResponder.password),
    });
    expect(own.body.thread.map((entry: { moderationStatus?: string }) => entry.moderationStatus)).to.include(
      'awaiting-moderation',
    );
    const anyone = await mainApi(running!, 'GET', `/stories/${story}`);
    expect(anyone.text).not.to.include('Nurse Fraser');
  });

  it('lets the demo staff account sign in and see who it is', async () => {
    const staff = accounts.find((account) => account.role === 'staff')!;
    const token = await signIn(running!, staff.email, staff.password);
    const current = await mainApi(running!, 'GET', '/sessions/current', { token });
    expect(current.status, current.text).to.equal(200);
    expect(current.body).to.include({ email: staff.email, role: 'staff' });
    expect(current.body.services).to.deep.equal(['nhs-highland']);
  });

  it('shows the demo staff a breakdown of the board’s last whole quarter with groups shown and groups withheld', async () => {
    const staff = accounts.find((account) => account.role === 'staff')!;
    const token = await signIn(running!, staff.email, staff.password);
    const report = await mainApi(running!, 'GET', '/reports/services/nhs-highland', { token });
    expect(report.status, report.text).to.equal(200);
    const demographics = report.body.demographics;
    expect(demographics.available).to.equal(true);
    for (const question of ['ageBand', 'sex', 'ethnicity', 'disability']) {
      const counts = (demographics[question] as { stories: number | null }[]).map((group) => group.stories);
      expect(
        counts.some((stories) => stories !== null && stories > 10),
        `${question}: a group shown`,
      ).to.equal(true);
      expect(counts.includes(null), `${question}: a group withheld`).to.equal(true);
    }
  });

  it('does not seed twice when restarted on the same data directory', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const queueTotal = async () =>
      (
        await mainApi(running!, 'GET', '/moderation/queue', {
          token: await signIn(running!, moderator.email, moderator.password),
        })
      ).body.total as number;
    const first = await storeCounts(running!);
    const waitingBefore = await queueTotal();
    expect(first.services).to.be.above(10);
    expect(first.stories).to.be.above(1);
    await stopMain(running);

    running = await startMain(dataDir);
    expect(await storeCounts(running)).to.deep.equal(first);
    expect(await queueTotal()).to.equal(waitingBefore);
  });

  it('moves the demo board site to wherever the service is started next, so feed links reach it', async () => {
    const firstUrl = running!.publicUrl;
    await stopMain(running);
    running = await startMain(dataDir, { CARELOOP_PUBLIC_URL: 'http://127.0.0.1:4999' });
    const feed = await fetch(`${running.baseUrl}/feeds/services/nhs-highland.rss`).then((r) => r.text());
    const links = [...feed.matchAll(/<link>([^<]+)<\/link>/g)].map(([, link]) => link!);
    const storyLinks = links.filter((link) => link.includes('#careloop-story='));
    expect(storyLinks).to.have.length.above(0);
    for (const link of storyLinks) expect(link).to.match(/^http:\/\/127\.0\.0\.1:4999\/#careloop-story=/);
    expect(feed).not.to.include(firstUrl);
  });
});

describe('the bootstrap admin (CARELOOP_ADMIN_EMAIL and CARELOOP_ADMIN_PASSWORD)', function () {
  this.timeout(60_000);
  const admin = { email: 'operator@board.example', password: 'a-long-bootstrap-password' };
  let dataDir: string;
  let running: RunningMain | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-admin-'));
    running = await startMain(dataDir, {
      CARELOOP_ADMIN_EMAIL: admin.email,
      CARELOOP_ADMIN_PASSWORD: admin.password,
    });
  });

  after(async () => {
    await stopMain(running);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('can sign in as an admin and manage accounts', async () => {
    const token = await signIn(running!, admin.email, admin.password);
    const current = await mainApi(running!, 'GET', '/sessions/current', { token });
    expect(current.body).to.include({ email: admin.email, role: 'admin' });
    const users = await mainApi(running!, 'GET', '/users', { token });
    expect(users.status, users.text).to.equal(200);
    expect(users.body.users.map((user: { email: string }) => user.email)).to.include(admin.email);
  });

  it('never prints or logs the admin password', () => {
    expect(running!.stderr()).not.to.include(admin.password);
    expect(running!.stdout()).not.to.include(admin.password);
  });
});
