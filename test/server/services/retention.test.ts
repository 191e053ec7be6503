import { expect } from 'chai';
import { Types } from 'mongoose';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { department, loadScotlandServices, publishedStory, storedStory } from '../../support/stories.js';
import { ensureIndexes } from '../../../server/models/index.js';
import { RetentionJob } from '../../../server/services/retention.js';
import { silentLogger } from '../../../server/platform/log.js';

const dayMs = 24 * 60 * 60 * 1000;
const authorEmail = 'retention.author@example.net';
const authorPostcode = 'KA2 0BE';

describe('retention: the daily job', function () {
  let app: TestApp;
  let mailDir: string;
  /** The tests run the job on days of their own, far from today, in order. */
  const today = Date.now();
  const dayAfter = (days: number) => new Date(today + days * dayMs);

  before(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'careloop-retention-mail-'));
    app = await startTestApp({ config: { mailDir, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    await ensureIndexes(app.models);
  });

  after(async () => {
    await app?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  /** Another instance of the service on the same store, or this one after a restart. */
  function anotherInstance(): RetentionJob {
    const { config, models, services } = app;
    return new RetentionJob({
      config,
      models,
      logger: silentLogger(),
      idempotencySweeper: services.idempotencySweeper,
      compaction: services.erasures.compaction,
    });
  }

  it("erases an author's email and postcode a year after the story's last activity, and the story stays public", async () => {
    const story = await publishedStory(app, { email: authorEmail, postcode: authorPostcode });

    const early = await app.services.retention.runDue(dayAfter(364));
    expect(early.ran).to.equal(true);
    expect(await storedStory(app, story.id)).to.include({ email: authorEmail, postcode: authorPostcode });

    const due = await app.services.retention.runDue(dayAfter(366));
    expect(due).to.deep.include({ ran: true });
    expect(due.ran && due.counts.authorContacts).to.equal(1);
    const stored = await storedStory(app, story.id);
    expect(stored).to.not.have.any.keys('email', 'postcode');
    const page = await callApi(app, 'GET', `/stories/${story.id}`);
    expect(page.status).to.equal(200);
    expect(page.body).to.include({ id: story.id, title: 'Kind nurses in A&E' });
  });

  it('does nothing more the same day, and the next day finds nothing left to erase', async () => {
    expect(await app.services.retention.runDue(dayAfter(366))).to.deep.equal({
      ran: false,
      day: dayAfter(366).toISOString().slice(0, 10),
    });
    const next = await app.services.retention.runDue(dayAfter(367));
    expect(next.ran && next.counts.authorContacts).to.equal(0);
  });

  it('logs what it removed as counts, never an address or a postcode', async () => {
    const finished = app.logLines.filter((line) => line.msg === 'retention run finished');
    expect(finished.map((line) => line.authorContacts)).to.include(1);
    const everything = JSON.stringify(app.logLines);
    expect(everything).to.not.include(authorEmail);
    expect(everything).to.not.include(authorPostcode);
  });

  it('runs a day once across a restart and across two instances racing for it', async () => {
    const restarted = anotherInstance();
    expect((await restarted.runDue(dayAfter(367))).ran).to.equal(false);
    const outcomes = await Promise.all([
      anotherInstance().runDue(dayAfter(368)),
      anotherInstance().runDue(dayAfter(368)),
    ]);
    expect(outcomes.filter((outcome) => outcome.ran)).to.have.length(1);
    expect(await restarted.lastRun()).to.deep.include({ day: dayAfter(368).toISOString().slice(0, 10) });
    expect((await restarted.lastRun())?.finishedAt).to.be.instanceOf(Date);
  });

  it('deletes unconfirmed email subscriptions, expired sessions and rate-limit windows, and old mail', async () => {
    const asked = await callApi(app, 'POST', '/email-subscriptions', {
      body: { email: 'never.confirms@example.org', service: department },
    });
    expect(asked.status, asked.text).to.equal(202);
    const pending = await app.models.subscriptions.findOne({ email: 'never.confirms@example.org' }).lean();
    expect(pending?.confirmBy?.getTime()).to.be.closeTo(Date.now() + 7 * dayMs, 60_000);
    await createAccount(app, { role: 'staff', services: [department] });
    await app.models.outboxMessages.create({
      dedupeKey: 'retention-test',
      messageId: '<retention-test@careloop.invalid>',
      to: 'old.recipient@example.org',
      subject: 'Old',
      text: 'Old',
      html: '<p>Old</p>',
      status: 'sent',
      nextAttemptAt: new Date(),
      sentAt: new Date(),
    });
    const delivery = (dedupeKey: string, status: 'sent' | 'pending') => ({
      dedupeKey,
      endpointId: new Types.ObjectId(),
      messageId: `msg_${dedupeKey}`,
      eventType: 'story.published' as const,
      payload: '{}',
      status,
      nextAttemptAt: new Date(),
      retryingSince: new Date(),
    });
    await app.models.webhookDeliveries.create([
      delivery('retention-sent', 'sent'),
      delivery('retention-pending', 'pending'),
    ]);
    const oldFile = join(mailDir, '20260101T000000Z-old.eml');
    await writeFile(oldFile, 'To: old.recipient@example.org\n\nOld');
    await utimes(oldFile, new Date(today - 31 * dayMs), new Date(today - 31 * dayMs));
    await writeFile(join(mailDir, 'recent.eml'), 'To: recent@example.org\n\nRecent');
    // Today, only the month-old file goes.
    expect((await app.services.retention.run(new Date())).mailFiles).to.equal(1);
    expect(await readdir(mailDir)).to.deep.equal(['recent.eml']);

    // A year on: every session and window has run out, and the mail is a year old.
    const run = await app.services.retention.runDue(dayAfter(400));
    expect(run.ran).to.equal(true);
    if (!run.ran) return;
    expect(run.counts.unconfirmedSubscriptions).to.equal(1);
    expect(run.counts.expiredSessions).to.be.at.least(1);
    expect(run.counts.rateLimitWindows).to.be.at.least(1);
    expect(run.counts.outboxMessages).to.be.at.least(1);
    expect(await app.models.subscriptions.countDocuments({ email: 'never.confirms@example.org' })).to.equal(
      0,
    );
    expect(await app.models.sessions.countDocuments({})).to.equal(0);
    expect(await app.models.rateLimits.countDocuments({})).to.equal(0);
    expect(await app.models.outboxMessages.countDocuments({ dedupeKey: 'retention-test' })).to.equal(0);
    // A sent webhook delivery goes as mail does; one still to be delivered stays.
    expect(run.counts.webhookDeliveries).to.equal(1);
    expect(
      (await app.models.webhookDeliveries.find({}, { dedupeKey: 1 }).lean()).map((d) => d.dedupeKey),
    ).to.deep.equal(['retention-pending']);
    expect(run.counts.mailFiles).to.equal(1);
    expect(await readdir(mailDir)).to.deep.equal([]);
  });

  it('has TTL indexes on sessions, rate-limit windows and unconfirmed subscriptions', async () => {
    for (const model of [app.models.sessions, app.models.rateLimits, app.models.subscriptions]) {
      const indexes = await model.collection.indexes();
      expect(
        indexes.some((index) => index.expireAfterSeconds === 0),
        model.collection.collectionName,
      ).to.equal(true);
    }
  });

  it('keeps a client address only as a truncated hash, for no longer than the limit window', async () => {
    await app.models.rateLimits.deleteMany({});
    const before = Date.now();
    await publishedStory(app);
    const windows = await app.models.rateLimits.find({}).lean();
    expect(windows).to.not.have.length(0);
    for (const window of windows) {
      expect(window._id).to.not.include('127.0.0.1');
      expect(window._id).to.not.include('::1');
      expect(window.expiresAt.getTime()).to.be.at.most(before + 60 * 60 * 1000 + 1000);
    }
  });
});
