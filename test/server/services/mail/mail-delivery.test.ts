import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import PostalMime from 'postal-mime';
import { loadConfig, type Config } from '../../../../server/platform/config.js';
import { createLogger } from '../../../../server/platform/log.js';
import { createModels, ensureIndexes, type Models } from '../../../../server/models/index.js';
import {
  MailService,
  renderEmail,
  unsubscribeHeaders,
  type OutgoingMessage,
} from '../../../../server/services/mail/index.js';
import { startSmtpServer, type TestSmtpServer } from '../../../support/smtp.js';
import { startTestStore, type TestStore } from '../../../../packages/engine/test/support/store.js';

const minute = 60_000;
const hour = 60 * minute;

/** A message as the notifier would queue it. */
function outgoing(n: number, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const rendered = renderEmail({
    preheader: `Story ${n} was published`,
    paragraphs: [`A new story about Ward ${n} was published.`],
    quote: `The nurses on ward ${n} were kind <3`,
    actions: [{ label: 'Read the story', url: `https://board.example.org/stories/${n}` }],
    unsubscribeUrl: `https://careloop.example.org/unsubscribe?token=t${n}`,
  });
  return {
    dedupeKey: `alert:story${n}:subscription${n}`,
    to: `reader${n}@example.org`,
    subject: `New story: Ward ${n}`,
    ...rendered,
    headers: unsubscribeHeaders(`https://careloop.example.org/unsubscribe?token=t${n}`),
    ...overrides,
  };
}

describe('email delivery', () => {
  let store: TestStore;
  let dataDir: string;
  const connections: Connection[] = [];
  const services: MailService[] = [];
  const smtpServers: TestSmtpServer[] = [];
  let logLines: Record<string, unknown>[];
  let clock: number;

  before(async () => {
    store = await startTestStore();
  });
  after(async () => {
    await store.stop();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-mail-'));
    logLines = [];
    clock = Date.now();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stopWorker()));
    await Promise.all(smtpServers.splice(0).map((server) => server.stop()));
    const [first] = connections;
    if (first) await createModels(first).outboxMessages.deleteMany({});
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function smtp(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
    const server = await startSmtpServer(options);
    smtpServers.push(server);
    return server;
  }

  /** A MailService on its own connection to the shared store, as one instance of the service has. */
  async function mailService(
    config: Partial<Config>,
    options: { realClock?: boolean } = {},
  ): Promise<{ mail: MailService; models: Models }> {
    const connection = await mongoose.createConnection(store.uri).asPromise();
    connections.push(connection);
    const models = createModels(connection);
    await ensureIndexes(models);
    const logger = createLogger({
      level: 'info',
      destination: { write: (line) => void logLines.push(JSON.parse(line)) },
    });
    const baseConfig = loadConfig({
      PORT: '0',
      CARELOOP_PUBLIC_URL: 'https://careloop.example.org',
      CARELOOP_DATA_DIR: dataDir,
      CARELOOP_MAIL_FROM: 'Careloop <alerts@careloop.example.org>',
    });
    const mail = new MailService({
      config: { ...baseConfig, ...config },
      logger,
      models,
      now: options.realClock ? undefined : () => new Date(clock),
    });
    services.push(mail);
    return { mail, models };
  }

  it('delivers a queued message over SMTP with From, To, Subject, a stable Message-ID, a Date, both parts and its headers', async () => {
    const server = await smtp();
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1)]);
    await mail.drain();

    expect(server.messages).to.have.length(1);
    const [received] = server.messages;
    const stored = await models.outboxMessages.findOne({ dedupeKey: outgoing(1).dedupeKey }).lean();
    expect(received.from).to.equal('alerts@careloop.example.org');
    expect(received.to).to.deep.equal(['reader1@example.org']);
    expect(received.envelopeTo).to.deep.equal(['reader1@example.org']);
    expect(received.subject).to.equal('New story: Ward 1');
    expect(received.messageId).to.equal(stored?.messageId);
    expect(received.messageId).to.match(/^<[0-9a-f]{32}@careloop\.example\.org>$/);
    expect(received.headers.date).to.be.a('string').and.not.equal('');
    expect(received.text).to.include('The nurses on ward 1 were kind <3');
    expect(received.text).to.include('Read the story: https://board.example.org/stories/1');
    expect(received.html).to.include('The nurses on ward 1 were kind &lt;3');
    expect(received.headers['list-unsubscribe']).to.equal(
      '<https://careloop.example.org/unsubscribe?token=t1>',
    );
    expect(received.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
    expect(stored).to.include({ status: 'sent', attempts: 1 });
    expect(stored?.sentAt).to.be.instanceOf(Date);
  });

  it('queues a message once however many times it is enqueued with the same dedupe key', async () => {
    const server = await smtp();
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1), outgoing(1, { subject: 'Second copy' })]);
    await mail.enqueue([outgoing(1), outgoing(2)]);
    await mail.drain();
    await mail.enqueue([outgoing(1)]);
    await mail.drain();

    expect(await models.outboxMessages.countDocuments()).to.equal(2);
    expect(server.messages.map((message) => message.subject).sort()).to.deep.equal([
      'New story: Ward 1',
      'New story: Ward 2',
    ]);
  });

  it('queues the rest of a batch when one recipient is not an email address, and says which message in the log', async () => {
    const server = await smtp();
    const { mail, models } = await mailService({ smtpUrl: server.url });
    const unusable = outgoing(2, { to: 'reader2@example.org, other@example.org' });
    await mail.enqueue([outgoing(1), unusable, outgoing(3)]);
    await mail.drain();

    expect(await models.outboxMessages.countDocuments()).to.equal(2);
    expect(server.messages.map((message) => message.subject).sort()).to.deep.equal([
      'New story: Ward 1',
      'New story: Ward 3',
    ]);
    const warning = logLines.find((line) => line.msg === 'mail not queued: not an email address');
    expect(warning).to.include({ dedupeKey: unusable.dedupeKey });
    expect(JSON.stringify(warning)).not.to.include('reader2');
  });

  it('keeps retrying with backoff while SMTP refuses, then delivers the message exactly once', async () => {
    const server = await smtp({ failFirst: 3 });
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1)]);

    await mail.drain(); // refused
    const afterFirst = await models.outboxMessages.findOne().lean();
    expect(afterFirst).to.include({ status: 'pending', attempts: 1 });
    expect(afterFirst?.lastError).to.include('451 Try again later');
    expect(afterFirst?.nextAttemptAt.getTime()).to.equal(clock + 5_000);

    clock += 4_000;
    expect(await mail.drain()).to.equal(0); // not due yet: nothing is hammered
    clock += 1_000;
    await mail.drain(); // refused
    clock += 30_000;
    await mail.drain(); // refused
    clock += 2 * minute;
    await mail.drain(); // accepted
    clock += hour;
    await mail.drain();

    expect(server.offered).to.equal(4);
    expect(server.messages).to.have.length(1);
    const stored = await models.outboxMessages.findOne().lean();
    expect(stored).to.include({ status: 'sent', attempts: 4 });
  });

  it('gives up on a message after a day of temporary refusals, and says so in the log', async () => {
    const server = await smtp();
    server.setRefusing(true);
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1)]);
    await mail.drain();
    // Retries are hourly by then; every six hours is enough to see the day run out.
    for (let elapsed = 0; elapsed <= 30 * hour; elapsed += 6 * hour) {
      clock += 6 * hour;
      await mail.drain();
    }
    server.setRefusing(false);
    clock += 2 * hour;
    await mail.drain();

    const stored = await models.outboxMessages.findOne().lean();
    expect(stored?.status).to.equal('failed');
    expect(server.messages).to.have.length(0);
    expect(logLines.some((line) => line.level === 50 && line.messageId === stored?.messageId)).to.equal(true);
  });

  it('gives up at once when SMTP refuses permanently, keeping the reason without the address', async () => {
    const server = await smtp({
      refuseWith: { code: 550, message: '<reader1@example.org>: mailbox unavailable' },
      failFirst: 1,
    });
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1)]);
    await mail.drain();
    clock += hour;
    await mail.drain();

    const stored = await models.outboxMessages.findOne().lean();
    expect(stored).to.include({ status: 'failed', attempts: 1 });
    expect(stored?.lastError).to.include('550');
    expect(stored?.lastError).to.include('mailbox unavailable');
    expect(stored?.lastError).not.to.include('reader1');
    expect(server.messages).to.have.length(0);
  });

  it('never logs a recipient address or a message body', async () => {
    const server = await smtp({ failFirst: 1 });
    const { mail } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1)]);
    await mail.drain();
    clock += minute;
    await mail.drain();

    expect(server.messages).to.have.length(1);
    expect(logLines.length).to.be.greaterThan(1);
    const logged = JSON.stringify(logLines);
    expect(logged).not.to.include('reader1');
    expect(logged).not.to.include('@example.org');
    expect(logged).not.to.include('nurses');
  });

  it('sends each of 50 messages once when two instances deliver from the same store', async () => {
    const server = await smtp();
    const first = await mailService({ smtpUrl: server.url }, { realClock: true });
    const second = await mailService({ smtpUrl: server.url }, { realClock: true });
    const messages = Array.from({ length: 50 }, (_, n) => outgoing(n));
    await first.mail.enqueue(messages.slice(0, 25));
    await second.mail.enqueue(messages.slice(25));

    first.mail.startWorker({ pollMs: 20, workerId: 'first' });
    second.mail.startWorker({ pollMs: 20, workerId: 'second' });
    await server.waitFor(50, 15_000);
    await Promise.all([first.mail.stopWorker(), second.mail.stopWorker()]);

    expect(server.messages).to.have.length(50);
    const subjects = new Set(server.messages.map((message) => message.subject));
    expect(subjects.size).to.equal(50);
    const sent = await first.models.outboxMessages.find({ status: 'sent' }).lean();
    expect(sent).to.have.length(50);
    // Both instances took part, or this would not test what it says.
    const workers = new Set(logLines.filter((line) => line.msg === 'mail sent').map((line) => line.workerId));
    expect([...workers].sort()).to.deep.equal(['first', 'second']);
  });

  it('delivers a message a dead worker had claimed, once its claim runs out', async () => {
    const server = await smtp();
    const { mail, models } = await mailService({ smtpUrl: server.url });
    await mail.enqueue([outgoing(1), outgoing(2)]);
    // A worker claims message 1 and dies before sending it.
    await models.outboxMessages.updateOne(
      { dedupeKey: outgoing(1).dedupeKey },
      { $set: { status: 'sending', claimedBy: 'dead-worker', claimedUntil: new Date(clock + minute) } },
    );

    await mail.drain();
    expect(server.messages.map((message) => message.subject)).to.deep.equal(['New story: Ward 2']);

    clock += minute + 1_000;
    await mail.drain();
    expect(server.messages.map((message) => message.subject)).to.deep.equal([
      'New story: Ward 2',
      'New story: Ward 1',
    ]);
    expect(await models.outboxMessages.countDocuments({ status: 'sent' })).to.equal(2);
  });

  it('sends a message as soon as it is queued while the worker runs', async () => {
    const server = await smtp();
    const { mail } = await mailService({ smtpUrl: server.url }, { realClock: true });
    mail.startWorker({ pollMs: 60 * minute });
    await mail.enqueue([outgoing(1)]);
    await server.waitFor(1, 5_000);
    expect(server.messages[0].subject).to.equal('New story: Ward 1');
  });

  it('leaves nothing half-claimed when the worker is stopped mid-delivery', async () => {
    const server = await smtp();
    const { mail, models } = await mailService({ smtpUrl: server.url }, { realClock: true });
    await mail.enqueue(Array.from({ length: 10 }, (_, n) => outgoing(n)));
    mail.startWorker({ pollMs: 20 });
    await server.waitFor(1, 5_000);
    await mail.stopWorker();

    const sending = await models.outboxMessages.countDocuments({ status: 'sending' });
    const sent = await models.outboxMessages.countDocuments({ status: 'sent' });
    expect(sending).to.equal(0);
    expect(server.messages).to.have.length(sent);

    // A restarted worker sends the rest, and nothing twice.
    await mail.drain();
    expect(server.messages).to.have.length(10);
    expect(new Set(server.messages.map((message) => message.subject)).size).to.equal(10);
  });

  it('without SMTP_URL, writes each message as a readable .eml file in the mail folder and logs where', async () => {
    const mailDir = join(dataDir, 'mail');
    const { mail, models } = await mailService({ smtpUrl: undefined, mailDir });
    await mail.enqueue([outgoing(1)]);
    await mail.drain();

    const files = await readdir(mailDir);
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^\d{8}-\d{6}-[0-9a-f]{32}\.eml$/);
    const raw = await readFile(join(mailDir, files[0]));
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).to.equal('New story: Ward 1');
    expect(parsed.to?.[0]).to.deep.include({ address: 'reader1@example.org' });
    expect(parsed.text).to.include('Read the story: https://board.example.org/stories/1');
    expect(parsed.html).to.include('<html lang="en">');
    expect(parsed.headers.find((header) => header.key === 'list-unsubscribe')?.value).to.equal(
      '<https://careloop.example.org/unsubscribe?token=t1>',
    );
    const stored = await models.outboxMessages.findOne().lean();
    expect(stored?.status).to.equal('sent');
    const line = logLines.find((entry) => entry.msg === 'mail written to file');
    expect(line).to.include({ messageId: stored?.messageId });
    expect(JSON.stringify(line)).not.to.include('reader1');
    expect(JSON.stringify(line)).not.to.include('Ward 1');
  });
});
