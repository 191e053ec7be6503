import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { solveProofOfWork, type ProofOfWorkChallenge } from '../../server/services/submission-limits.js';
import { builtCli as engineCli } from '../../packages/engine/test/support/built/index.js';
import { mainApi, startMain, stopMain, type RunningMain } from '../support/main-process.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { startWebSubHub, type WebSubHub } from '../support/websub-hub.js';
import { board, department, scotlandServicesFile, storyBody } from '../support/stories.js';

/** What a board's load balancer puts in front of both instances: links in feeds and emails name it. */
const publicUrl = 'http://stories.board.test';
const admin = { email: 'admin@board.test', password: 'an admin password for both' };
const moderator = { email: 'moderator@board.test', password: 'a moderator password' };
const staff = { email: 'lead@board.test', password: 'a staff lead password' };

/** careloop's engine on its own (`npm run engine`), as a board would run a store both instances share. */
async function startStandaloneEngine(dataDir: string): Promise<{ uri: string; stop(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [engineCli, '--port', '0', '--data-dir', dataDir],
    { stdio: 'pipe' },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const uri = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the engine exited with ${code}: ${output}`)));
  });
  return {
    uri,
    async stop() {
      child.kill('SIGTERM');
      expect(await exited, 'the engine stops cleanly').to.equal(0);
    },
  };
}

/** A WebSub hub on loopback that keeps every publish ping. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two instances of the service on one store, behind a load balancer', function () {
  this.timeout(120_000);
  let dataDir: string;
  let engine: Awaited<ReturnType<typeof startStandaloneEngine>>;
  let smtp: TestSmtpServer;
  let hub: WebSubHub;
  let client: MongoClient;
  let db: Db;
  let a: RunningMain;
  let b: RunningMain;
  let adminToken: string;
  let moderatorToken: string;

  const environment = () => ({
    MONGODB_URI: `${engine.uri}careloop`,
    CARELOOP_PUBLIC_URL: publicUrl,
    CARELOOP_ADMIN_EMAIL: admin.email,
    CARELOOP_ADMIN_PASSWORD: admin.password,
    CARELOOP_TRUST_PROXY: 'true',
    CARELOOP_SUBMISSIONS_PER_HOUR: '5',
    CARELOOP_SUBMISSIONS_PER_HOUR_MAX: '8',
    CARELOOP_WEBSUB_HUB: hub.url,
    SMTP_URL: smtp.url,
    // The admin and moderator here sign in with a password alone: two-step sign-in has its own tests.
    CARELOOP_TOTP_REQUIRED_ROLES: 'none',
  });
  /** The load balancer: each request goes to the other instance than the last. */
  let turn = 0;
  const next = () => (turn++ % 2 === 0 ? a : b);
  const signIn = async (main: RunningMain, who: { email: string; password: string }) => {
    const answer = await mainApi(main, 'POST', '/sessions', { body: who });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.token as string;
  };

  before(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-two-'));
    [engine, smtp, hub] = await Promise.all([
      startStandaloneEngine(join(dataDir, 'store')),
      startSmtpServer(),
      startWebSubHub(),
    ]);
    client = await MongoClient.connect(`${engine.uri}careloop`);
    db = client.db();

    // The board sets up through one instance: the service tree, a moderator, a staff lead who follows
    // the board and asked for a weekly report (one is due: the last one sent was weeks ago).
    a = await startMain(join(dataDir, 'a'), environment());
    adminToken = await signIn(a, admin);
    const tree = JSON.parse(readFileSync(scotlandServicesFile, 'utf8')) as unknown;
    expect((await mainApi(a, 'POST', '/services/import', { token: adminToken, body: tree })).status).to.equal(
      200,
    );
    for (const [who, role, services] of [
      [moderator, 'moderator', []],
      [staff, 'staff', [board]],
    ] as const) {
      const created = await mainApi(a, 'POST', '/users', {
        token: adminToken,
        body: { ...who, name: `Test ${role}`, role, services },
      });
      expect(created.status, created.text).to.equal(201);
    }
    const staffToken = await signIn(a, staff);
    // Staff follow their services from the start.
    const own = await mainApi(a, 'GET', '/subscriptions', { token: staffToken });
    const subscription = (own.body.subscriptions as { id: string; service?: string }[]).find(
      (candidate) => candidate.service === board,
    )!;
    const report = await mainApi(a, 'PUT', `/subscriptions/${subscription.id}/report`, {
      token: staffToken,
      body: { frequency: 'weekly' },
    });
    expect(report.status, report.text).to.equal(200);
    await db
      .collection('subscriptions')
      .updateOne({ reportFrequency: 'weekly' }, { $set: { lastReportPeriod: '2020-W01' } });
    await stopMain(a);

    // Both start at once, as after a deployment: both look for due reports straight away.
    [a, b] = await Promise.all([
      startMain(join(dataDir, 'a'), environment()),
      startMain(join(dataDir, 'b'), environment()),
    ]);
    moderatorToken = await signIn(b, moderator);
  });

  after(async () => {
    if (a && a.child.exitCode === null && a.child.signalCode === null) await stopMain(a);
    await stopMain(b);
    await client?.close();
    await Promise.all([engine?.stop(), smtp?.stop(), hub?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a session made on A works on B, and signing out on A ends it on B', async () => {
    const token = await signIn(a, staff);
    expect((await mainApi(b, 'GET', '/sessions/current', { token })).status).to.equal(200);
    expect((await mainApi(a, 'DELETE', '/sessions/current', { token })).status).to.equal(204);
    expect((await mainApi(b, 'GET', '/sessions/current', { token })).status).to.equal(401);
  });

  it('shares the submission limits: the free allowance and the ceiling count stories sent to either', async () => {
    const fromWard = { 'x-forwarded-for': '203.0.113.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const body = storyBody({ title: `Shared limit ${i}` });
      let answer = await mainApi(next(), 'POST', '/stories', { body, headers: fromWard });
      const challenge = answer.body.proofOfWork as ProofOfWorkChallenge | undefined;
      if (answer.status === 429 && challenge) {
        const proof = { 'careloop-proof-of-work': solveProofOfWork(challenge) };
        answer = await mainApi(next(), 'POST', '/stories', { body, headers: { ...fromWard, ...proof } });
      }
      statuses.push(answer.status);
    }
    expect(statuses).to.deep.equal([201, 201, 201, 201, 201, 201, 201, 201, 429]);
    expect(await db.collection('stories').countDocuments({ title: /^Shared limit / })).to.equal(8);
  });

  it('shares the sign-in throttle: ten failures spread over both lock the account out on either', async () => {
    for (let i = 0; i < 10; i += 1) {
      const failed = await mainApi(next(), 'POST', '/sessions', {
        body: { email: staff.email, password: `guess ${i}` },
      });
      expect(failed.status).to.equal(401);
    }
    for (const main of [a, b]) {
      const refused = await mainApi(main, 'POST', '/sessions', { body: staff });
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 15 * 60);
    }
  });

  describe('a story told through B and published through A', () => {
    let id: string;
    let publishedAt: number;

    before(async () => {
      // B has the board's feed and story list cached from before.
      for (let i = 0; i < 3; i += 1)
        await fetch(`${b.baseUrl}/feeds/services/${board}.json`).then((r) => r.text());
      const told = await mainApi(b, 'POST', '/stories', {
        body: storyBody({ title: 'Seen by both instances', email: 'author@patients.test' }),
        headers: { 'idempotency-key': randomUUID(), 'x-forwarded-for': '192.0.2.10' },
      });
      expect(told.status, told.text).to.equal(201);
      id = told.body.id;
      const published = await mainApi(a, 'POST', `/stories/${id}/moderation`, {
        token: moderatorToken,
        body: { action: 'publish' },
      });
      expect(published.status, published.text).to.equal(200);
      publishedAt = Date.now();
    });

    it("is in B's feeds and story list within 2 seconds", async () => {
      await eventually(
        "B's board feed",
        async () => {
          const feed = await (await fetch(`${b.baseUrl}/feeds/services/${board}.json`)).text();
          return feed.includes(id) ? true : undefined;
        },
        2000,
      );
      await eventually(
        "B's story list",
        async () => {
          const list = await mainApi(b, 'GET', `/stories?service=${board}`);
          return list.body.items.some((story: { id: string }) => story.id === id) ? true : undefined;
        },
        2000 - (Date.now() - publishedAt),
      );
    });

    it('pings the WebSub hub once for each feed that changed, not once per instance', async () => {
      const storyFeed = `${publicUrl}/feeds/stories/${id}.rss`;
      const boardFeed = `${publicUrl}/feeds/services/${board}.json`;
      await eventually(
        'a ping for the story feed',
        async () => (hub.pingedUrls().includes(storyFeed) ? true : undefined),
        10_000,
      );
      // Both instances look every second: give the slower one time to ping too, if it would.
      await sleep(3000);
      expect(hub.pingedUrls().filter((url) => url === storyFeed)).to.have.length(1);
      expect(hub.pingedUrls().filter((url) => url === boardFeed)).to.have.length(1);
      expect(
        hub.pingedUrls().filter((url) => url === `${publicUrl}/feeds/services/${department}.rss`),
      ).to.have.length(1);
    });

    it('sends every email exactly once: the private link, the alert and the weekly report', async () => {
      await eventually(
        'the three emails',
        async () => {
          const to = smtp.messages.map((message) => message.envelopeTo.join());
          const subjects = smtp.messages.map((message) => message.subject);
          return to.includes('author@patients.test') &&
            to.filter((address) => address === staff.email).length >= 2 &&
            subjects.some((subject) => /Weekly report/.test(subject))
            ? true
            : undefined;
        },
        20_000,
      );
      // Both instances run every worker: anything sent twice would arrive within a few polls.
      await sleep(3000);
      const ids = smtp.messages.map((message) => message.messageId);
      expect(new Set(ids).size, ids.join('\n')).to.equal(ids.length);
      expect(smtp.messages.filter((message) => /Weekly report/.test(message.subject))).to.have.length(1);
      expect(
        smtp.messages.filter((message) => message.envelopeTo.includes('author@patients.test')),
      ).to.have.length(1);
      expect(await db.collection('outbox_messages').countDocuments({ status: 'sent' })).to.equal(
        smtp.messages.length,
      );
    });

    it("shows B a change that landed after a newer one (another instance's slower write) within 2 seconds", async () => {
      const stories = db.collection<{ updatedAt: Date }>('stories');
      // Another story is the newest change in the store (a write that landed first).
      const other = await mainApi(a, 'POST', '/stories', {
        body: storyBody({ title: 'The newer write' }),
        headers: { 'x-forwarded-for': '192.0.2.11' },
      });
      const newest = new Date();
      await stories.updateOne(
        { _id: new ObjectId(other.body.id as string) },
        { $set: { updatedAt: newest } },
      );
      // B has the feed cached at that state.
      await sleep(1500);
      await fetch(`${b.baseUrl}/feeds/services/${board}.json`).then((response) => response.text());
      // A moderator's redaction whose write was stamped just before the newest change, and landed after it.
      await stories.updateOne(
        { _id: new ObjectId(id) },
        {
          $set: {
            title: 'Redacted while another write landed',
            updatedAt: new Date(newest.getTime() - 200),
          },
        },
      );
      await eventually(
        "the redaction in B's board feed",
        async () => {
          const feed = await (await fetch(`${b.baseUrl}/feeds/services/${board}.json`)).text();
          return feed.includes('Redacted while another write landed') ? true : undefined;
        },
        2000,
      );
      // The hub hears of it too (once more for the story's own feed: its title changed).
      const storyFeed = `${publicUrl}/feeds/stories/${id}.rss`;
      await eventually(
        'a ping for the redaction',
        async () => (hub.pingedUrls().filter((url) => url === storyFeed).length === 2 ? true : undefined),
        5000,
      );
    });
  });

  describe('when A dies', () => {
    it('loses nothing A acknowledged when A is killed mid-way (kill -9)', async () => {
      const titles = Array.from({ length: 16 }, (_, i) => `Told as A died ${i}`);
      const keys = titles.map(() => randomUUID());
      let acknowledged = 0;
      const sent = titles.map((title, i) =>
        mainApi(a, 'POST', '/stories', {
          body: storyBody({ title, email: `died-${i}@patients.test` }),
          headers: { 'idempotency-key': keys[i]!, 'x-forwarded-for': `192.0.2.${100 + i}` },
        }).then(
          (answer) => {
            if (answer.status === 201) acknowledged += 1;
            return answer;
          },
          () => undefined,
        ),
      );
      await eventually(
        'a few stories acknowledged',
        async () => (acknowledged >= 3 ? true : undefined),
        10_000,
      );
      a.child.kill('SIGKILL');
      const answers = await Promise.all(sent);
      const accepted = answers.flatMap((answer, i) =>
        answer?.status === 201 ? [{ i, ...answer.body }] : [],
      );
      expect(accepted.length).to.be.at.least(3);

      for (const story of accepted) {
        // The author's private key works on B, and the story waits for moderation.
        const read = await mainApi(b, 'GET', `/stories/${story.id}`, { token: story.authorKey });
        expect(read.status, read.text).to.equal(200);
        expect(read.body.title).to.equal(titles[story.i]);
      }
      for (const title of titles) {
        expect(await db.collection('stories').countDocuments({ title }), title).to.be.at.most(1);
      }
      // B takes over A's unfinished work: each acknowledged author gets their private link, once.
      const authors = accepted.map((story) => `died-${story.i}@patients.test`);
      await eventually(
        'every acknowledged author emailed',
        async () => {
          const emailed = smtp.messages.flatMap((message) => message.envelopeTo);
          return authors.every((author) => emailed.includes(author)) ? true : undefined;
        },
        90_000,
      );
      for (const author of authors) {
        expect(
          smtp.messages.filter((message) => message.envelopeTo.includes(author)),
          author,
        ).to.have.length(1);
      }
    });
  });
});
