import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { embeddedDatabaseName } from '../../server/platform/store.js';
import { mainApi, startMain, stopMain, type RunningMain } from '../support/main-process.js';
import { department, scotlandServicesFile, storyBody } from '../support/stories.js';

/**
 * What an outside check did to the service: many stories sent at once, each with its own
 * Idempotency-Key, the process killed with `kill -9` at random moments, restarted on the same data
 * directory, and every submission that got no answer sent again with the same key and body, as a
 * client that keeps its key does. Every 201 must have its story, no key may have two stories, and a
 * retry after the restart must be answered at once rather than told to wait.
 */

const submissions = 200;
const concurrency = 12;
const kills = 3;
/** A client gives up on a submission this long after the last restart (a bug, not a slow machine). */
const giveUpAfterMs = 20_000;
const admin = { email: 'crash-admin@careloop.example', password: 'crash-test-password' };
const env = {
  CARELOOP_DEMO: 'false',
  CARELOOP_SUBMISSIONS_PER_HOUR: '100000',
  CARELOOP_ADMIN_EMAIL: admin.email,
  CARELOOP_ADMIN_PASSWORD: admin.password,
  // What is tested is exactly-once submission; the admin signs in with a password alone.
  CARELOOP_TOTP_REQUIRED_ROLES: 'none',
};

interface Submission {
  key: string;
  body: Record<string, unknown>;
  /** The first 201 answer's body. */
  receipt?: { id: string; status: string; authorKey: string };
  /** Sent again after getting no answer (the process died under it, or was down). */
  retried: boolean;
}

describe('submissions across kill -9 (Idempotency-Key, exactly once)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let running: RunningMain | undefined;
  const work: Submission[] = Array.from({ length: submissions }, (_, i) => ({
    key: randomUUID(),
    body: storyBody({ title: `Crash test story ${i}`, services: [department] }),
    retried: false,
  }));
  /** Answers other than 201 (status: count), and how many of them came right after a restart. */
  const refusals = new Map<number, number>();
  let retriesAnsweredAfterRestart = 0;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-crash-'));
    running = await startMain(dataDir, env);
    const session = await mainApi(running, 'POST', '/sessions', { body: admin });
    expect(session.status, session.text).to.equal(201);
    const imported = await mainApi(running, 'POST', '/services/import', {
      token: session.body.token as string,
      body: JSON.parse(readFileSync(scotlandServicesFile, 'utf8')),
    });
    expect(imported.status, imported.text).to.equal(200);

    await submitThroughKills();
  });

  after(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      await stopMain(running);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * Sends every submission from `concurrency` clients while the service is killed `kills` times; a
   * submission that gets no answer goes back in the queue and is sent again, with the same key and
   * body, once the service is back.
   */
  async function submitThroughKills(): Promise<void> {
    const queue = [...work];
    let up: Promise<RunningMain> = Promise.resolve(running!);
    let killed = 0;
    let answered = 0;
    let lastStartAt = Date.now();

    async function send(submission: Submission): Promise<boolean> {
      const main = await up;
      let answer: Awaited<ReturnType<typeof mainApi>>;
      try {
        answer = await mainApi(main, 'POST', '/stories', {
          body: submission.body,
          headers: { 'idempotency-key': submission.key },
        });
      } catch {
        submission.retried = true;
        return false;
      }
      if (answer.status === 201) {
        submission.receipt ??= answer.body;
        if (submission.retried) retriesAnsweredAfterRestart += 1;
        answered += 1;
        return true;
      }
      refusals.set(answer.status, (refusals.get(answer.status) ?? 0) + 1);
      submission.retried = true;
      return false;
    }

    async function client(): Promise<void> {
      for (let submission = queue.shift(); submission; submission = queue.shift()) {
        if (killed === kills && Date.now() - lastStartAt > giveUpAfterMs) return;
        if (!(await send(submission))) {
          queue.push(submission);
          // Whatever the answer was, give the service a moment before the same client asks again.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }

    async function killer(): Promise<void> {
      while (killed < kills) {
        // Kill at a random moment while submissions are in flight.
        const threshold = ((killed + 1) * submissions) / (kills + 1);
        while (answered < threshold - concurrency * Math.random()) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const victim = running!;
        let restarted!: (main: RunningMain) => void;
        up = new Promise((resolve) => (restarted = resolve));
        victim.child.kill('SIGKILL');
        await victim.exited;
        killed += 1;
        running = await startMain(dataDir, env);
        lastStartAt = Date.now();
        restarted(running);
      }
    }

    await Promise.all([killer(), ...Array.from({ length: concurrency }, client)]);
    expect(killed).to.equal(kills);
  }

  it('answers every submission with 201 in the end, and never tells a retry to wait (no 409)', () => {
    const unanswered = work.filter((submission) => !submission.receipt).length;
    expect({ unanswered, refusals: Object.fromEntries(refusals) }).to.deep.equal({
      unanswered: 0,
      refusals: {},
    });
  });

  it('was killed while submissions were in flight, and answered their retries after the restart', () => {
    expect(retriesAnsweredAfterRestart).to.be.greaterThan(0);
  });

  it('keeps exactly one story per Idempotency-Key: no acknowledged story lost, none doubled', async () => {
    const client = await MongoClient.connect(running!.engineUri);
    try {
      const stories = await client
        .db(embeddedDatabaseName)
        .collection('stories')
        .find({ title: /^Crash test story / }, { projection: { title: 1 } })
        .toArray();
      const perTitle = new Map<string, string[]>();
      for (const story of stories) {
        perTitle.set(story.title as string, [
          ...(perTitle.get(story.title as string) ?? []),
          String(story._id),
        ]);
      }
      const doubled = [...perTitle.values()].filter((ids) => ids.length > 1).length;
      const lost = work.filter(
        ({ receipt, body }) => receipt && !perTitle.get(body.title as string)?.includes(receipt.id),
      ).length;
      expect({ doubled, lost }).to.deep.equal({ doubled: 0, lost: 0 });
      expect(stories).to.have.length(submissions);
    } finally {
      await client.close();
    }
  });

  it("gives every acknowledged story to its author: the author key in the 201 opens the author's view", async () => {
    const refused: string[] = [];
    for (const submission of work.filter((each) => each.retried && each.receipt)) {
      const { id, authorKey } = submission.receipt!;
      const read = await mainApi(running!, 'GET', `/stories/${id}`, { token: authorKey });
      if (read.status !== 200 || read.body.title !== submission.body.title) refused.push(id);
    }
    expect(refused).to.deep.equal([]);
  });

  it('answers one more retry of every submission with its first 201, creating nothing', async () => {
    const differing: string[] = [];
    for (let i = 0; i < work.length; i += concurrency) {
      await Promise.all(
        work.slice(i, i + concurrency).map(async (submission) => {
          const retry = await mainApi(running!, 'POST', '/stories', {
            body: submission.body,
            headers: { 'idempotency-key': submission.key },
          });
          if (retry.status !== 201 || JSON.stringify(retry.body) !== JSON.stringify(submission.receipt)) {
            differing.push(submission.key);
          }
        }),
      );
    }
    expect(differing).to.deep.equal([]);
  });
});
