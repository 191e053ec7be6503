import { expect } from 'chai';
import { Types } from 'mongoose';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { jsonFeed } from '../../support/feeds.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';
import {
  board,
  hospital,
  loadScotlandServices,
  problemFields,
  publishedStory,
} from '../../support/stories.js';

const authorEmail = 'author.responder-moderation@example.net';

describe('responder moderation (a new responder’s first responses wait for a moderator)', function () {
  let smtp: TestSmtpServer;
  let receiver: WebhookReceiver;
  let app: TestApp;
  let moderator: TestAccount;
  let admin: TestAccount;
  let subscriber: TestAccount;

  before(async () => {
    smtp = await startSmtpServer();
    receiver = new WebhookReceiver();
    await receiver.start();
    app = await startTestApp({
      config: { smtpUrl: smtp.url, submissionsPerHour: 1000, webhooksAllowPrivate: ['127.0.0.0/8'] },
    });
    await loadScotlandServices(app);
    [moderator, admin, subscriber] = await Promise.all([
      createAccount(app, { role: 'moderator', name: 'Mo Derator' }),
      createAccount(app, { role: 'admin', name: 'Ada Admin' }),
      createAccount(app, { role: 'staff', services: [board], name: 'Colleague Following' }),
    ]);
    const subscription = await callApi(app, 'POST', '/subscriptions', {
      as: subscriber,
      body: { service: board },
    });
    expect(subscription.status, subscription.text).to.equal(201);
    const webhook = await callApi(app, 'POST', '/webhooks', {
      as: admin,
      body: { url: receiver.url, events: ['response.published'] },
    });
    expect(webhook.status, webhook.text).to.equal(201);
    receiver.secret = webhook.body.secret;
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
    await receiver?.stop();
  });

  beforeEach(async () => {
    await app.models.organisations.updateOne({ _id: board }, { $unset: { moderatedFirstResponses: 1 } });
  });

  /** What the notifier, the mail worker and the webhook worker would do next, done now. */
  async function deliverAll(): Promise<void> {
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
    await app.services.webhooks.drain();
  }

  const newResponder = (name = 'Nia New') =>
    createAccount(app, {
      role: 'staff',
      services: [hospital],
      name,
      jobTitle: 'Ward sister',
      newResponder: true,
    });
  const story = () => publishedStory(app, { email: authorEmail, title: 'Waiting in A&E' });
  const respond = (storyId: string, as: TestAccount, body: string) =>
    callApi(app, 'POST', `/stories/${storyId}/responses`, { as, body: { body } });
  const moderate = (storyId: string, responseId: string, body: Record<string, unknown>, as = moderator) =>
    callApi(app, 'POST', `/stories/${storyId}/responses/${responseId}/moderation`, { as, body });
  const threadAs = async (storyId: string, as?: TestAccount) => {
    const read = await callApi(app, 'GET', `/stories/${storyId}`, as ? { as } : {});
    expect(read.status, read.text).to.equal(200);
    return read.body as { responseCount: number; thread: Record<string, unknown>[] };
  };
  const queuedResponses = async () => {
    const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
    expect(queue.status, queue.text).to.equal(200);
    return (queue.body.items as Record<string, unknown>[]).filter((item) => item.type === 'response');
  };
  const mailAbout = (storyTitle: string) =>
    smtp.messages.filter((mail) => mail.subject.includes(storyTitle) || mail.text.includes(storyTitle));

  it('keeps a new responder’s first response out of every public read, count, feed, email and webhook until a moderator approves it', async () => {
    const nurse = await newResponder();
    const { id } = await story();
    await deliverAll();
    smtp.messages.length = 0;
    const webhooksBefore = receiver.at().length;

    const posted = await respond(id, nurse, 'Thank you: I am sorry you waited so long.');
    expect(posted.status, posted.text).to.equal(201);
    expect(posted.body.moderationStatus).to.equal('awaiting-moderation');
    await deliverAll();

    const anonymous = await threadAs(id);
    expect(anonymous.thread).to.deep.equal([]);
    expect(anonymous.responseCount).to.equal(0);
    const feed = await jsonFeed(app, `/feeds/services/${board}.json?include=responses`);
    expect(JSON.stringify(feed)).not.to.include('sorry you waited');
    expect(smtp.messages, 'no email to the author or subscribers').to.deep.equal([]);
    expect(receiver.at().length, 'no webhook').to.equal(webhooksBefore);
    const { token } = (await callApi(app, 'POST', '/reader-tokens')).body as { token: string };
    const helpful = await callApi(app, 'PUT', `/responses/${posted.body.id}/helpful`, {
      body: { token, signalled: true },
    });
    expect(helpful.status).to.equal(404);

    const approved = await moderate(id, posted.body.id, { action: 'publish' });
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body.moderationStatus).to.equal('published');
    await deliverAll();

    const after = await threadAs(id);
    expect(after.thread.map((entry) => entry.id)).to.deep.equal([posted.body.id]);
    expect(after.thread[0]).not.to.have.property('moderationStatus');
    expect(after.responseCount).to.equal(1);
    const feedAfter = await jsonFeed(app, `/feeds/services/${board}.json?include=responses`);
    expect(JSON.stringify(feedAfter)).to.include('sorry you waited');
    expect(smtp.messages.map((mail) => mail.envelopeTo).flat()).to.include.members([
      authorEmail,
      subscriber.email,
    ]);
    const told = receiver.at().slice(webhooksBefore);
    expect(told.map((got) => got.payload.data.response.id)).to.deep.equal([posted.body.id]);
  });

  it('shows the queued response to its responder and to moderators, marked awaiting moderation, and to no other responder', async () => {
    const nurse = await newResponder();
    const colleague = await createAccount(app, { role: 'staff', services: [hospital] });
    const { id } = await story();
    const posted = await respond(id, nurse, 'We will call you this week.');
    const own = await threadAs(id, nurse);
    expect(own.thread).to.have.length(1);
    expect(own.thread[0]).to.include({ id: posted.body.id, moderationStatus: 'awaiting-moderation' });
    const moderators = await threadAs(id, moderator);
    expect(moderators.thread[0]).to.include({ id: posted.body.id, moderationStatus: 'awaiting-moderation' });
    expect((await threadAs(id, colleague)).thread).to.deep.equal([]);
  });

  it('lists queued responses in the moderation queue with the story, the responder and flags on named staff and identifying details', async () => {
    const nurse = await newResponder('Flagged Responder');
    const { id } = await story();
    const posted = await respond(
      id,
      nurse,
      'I am sorry. Nurse Jones was rude to you and that was wrong. Please call me on 01563 521133.',
    );
    const item = (await queuedResponses()).find((entry) => entry.id === posted.body.id);
    expect(item, 'the queued response').not.to.equal(undefined);
    expect(item).to.include({ moderationStatus: 'awaiting-moderation' });
    expect(item?.story).to.deep.equal({ id, title: 'Waiting in A&E' });
    expect(item?.responder).to.include({ userId: nurse.id, name: 'Flagged Responder' });
    const flags = item?.flags as { kind: string; text: string }[];
    expect(flags.map((flag) => [flag.kind, flag.text])).to.deep.equal([
      ['staff-criticised', 'Nurse Jones'],
      ['phone', '01563 521133'],
    ]);
  });

  it('flags a named person as a name, not as criticised staff, when the sentence blames nobody', async () => {
    const nurse = await newResponder();
    const { id } = await story();
    const posted = await respond(id, nurse, 'Dr Patel will be in touch to arrange a meeting.');
    const item = (await queuedResponses()).find((entry) => entry.id === posted.body.id);
    expect((item?.flags as { kind: string }[]).map((flag) => flag.kind)).to.deep.equal(['person-name']);
  });

  it('publishes directly once the board’s number of responses (default 3) has been approved', async () => {
    const nurse = await newResponder();
    const { id } = await story();
    for (let index = 1; index <= 3; index++) {
      const posted = await respond(id, nurse, `Response number ${index}.`);
      expect(posted.body.moderationStatus, `response ${index}`).to.equal('awaiting-moderation');
      expect((await moderate(id, posted.body.id, { action: 'publish' })).status).to.equal(200);
    }
    const fourth = await respond(id, nurse, 'Response number 4.');
    expect(fourth.body.moderationStatus).to.equal('published');
    expect((await threadAs(id)).thread).to.have.length(4);
  });

  it('follows the board’s own number, set by an admin (0: nobody is moderated)', async () => {
    const set = (value: unknown) =>
      callApi(app, 'PATCH', `/services/${board}`, { as: admin, body: { moderatedFirstResponses: value } });
    const one = await set(1);
    expect(one.status, one.text).to.equal(200);
    expect(one.body.moderatedFirstResponses).to.equal(1);
    const nurse = await newResponder();
    const { id } = await story();
    const first = await respond(id, nurse, 'First.');
    expect(first.body.moderationStatus).to.equal('awaiting-moderation');
    await moderate(id, first.body.id, { action: 'publish' });
    expect((await respond(id, nurse, 'Second.')).body.moderationStatus).to.equal('published');

    expect((await set(0)).status).to.equal(200);
    const another = await newResponder();
    expect((await respond(id, another, 'Straight out.')).body.moderationStatus).to.equal('published');
  });

  it('refuses a board number that is not a whole number from 0 to 100 with problem+json naming it', async () => {
    for (const value of [-1, 101, 2.5, 'three']) {
      const answer = await callApi(app, 'PATCH', `/services/${board}`, {
        as: admin,
        body: { moderatedFirstResponses: value },
      });
      expect(answer.status, String(value)).to.equal(400);
      expect(answer.contentType).to.include('application/problem+json');
      expect(problemFields(answer.body)).to.include('moderatedFirstResponses');
    }
  });

  it('refuses to approve a response whose story was taken down meanwhile (409), and it stays queued', async () => {
    const nurse = await newResponder();
    const { id } = await story();
    const posted = await respond(id, nurse, 'We are looking into it.');
    const held = await callApi(app, 'POST', `/stories/${id}/moderation`, {
      as: moderator,
      body: { action: 'hold', reason: 'Checking a detail with the author.' },
    });
    expect(held.status, held.text).to.equal(200);
    const approved = await moderate(id, posted.body.id, { action: 'publish' });
    expect(approved.status).to.equal(409);
    expect(approved.contentType).to.include('application/problem+json');
    expect((await queuedResponses()).map((entry) => entry.id)).to.include(posted.body.id);
  });

  it('lets a responder who already published responses (before responder moderation) keep publishing directly', async () => {
    const longServing = await newResponder('Long Serving');
    const { id } = await story();
    // A response as stored before responses could be withheld: no `withheld` or `approvedAt` at all.
    await app.connection.collection('responses').insertOne({
      storyId: new Types.ObjectId(id),
      services: [hospital],
      body: 'An answer from last year.',
      responder: {
        userId: new Types.ObjectId(longServing.id),
        name: 'Long Serving',
        role: 'staff',
        organisation: { id: hospital, name: 'University Hospital Crosshouse' },
      },
      editableUntil: new Date(Date.now() - 60_000),
      editedAt: null,
      deletedAt: null,
      hiddenAt: null,
      moderation: [],
      pendingEvents: [],
      createdAt: new Date(Date.now() - 120_000),
      updatedAt: new Date(Date.now() - 120_000),
    });
    expect((await respond(id, longServing, 'A new answer.')).body.moderationStatus).to.equal('published');
  });

  it('lets a moderator put any responder back on moderation and take them off, recorded on the account', async () => {
    const established = await createAccount(app, {
      role: 'staff',
      services: [hospital],
      name: 'Est Ablished',
    });
    const { id } = await story();
    const on = await callApi(app, 'PUT', `/users/${established.id}/responder-moderation`, {
      as: moderator,
      body: { moderated: true },
    });
    expect(on.status, on.text).to.equal(200);
    expect(on.body).to.include({ userId: established.id, setting: 'on' });
    expect((await respond(id, established, 'Queued now.')).body.moderationStatus).to.equal(
      'awaiting-moderation',
    );

    const off = await callApi(app, 'PUT', `/users/${established.id}/responder-moderation`, {
      as: moderator,
      body: { moderated: false },
    });
    expect(off.body.setting).to.equal('off');
    expect((await respond(id, established, 'Direct again.')).body.moderationStatus).to.equal('published');

    const account = await callApi(app, 'GET', `/users/${established.id}`, { as: admin });
    expect(account.status, account.text).to.equal(200);
    expect(
      (account.body.accountAudit as { action: string; by: { name: string } }[]).map((entry) => [
        entry.action,
        entry.by.name,
      ]),
    ).to.deep.equal([
      ['responder-moderation-on', 'Mo Derator'],
      ['responder-moderation-off', 'Mo Derator'],
    ]);
  });

  it('refuses to change responder moderation for anyone but a moderator or admin, and for accounts that do not respond', async () => {
    const nurse = await newResponder();
    const asStaff = await callApi(app, 'PUT', `/users/${nurse.id}/responder-moderation`, {
      as: nurse,
      body: { moderated: false },
    });
    expect(asStaff.status).to.equal(403);
    const ofModerator = await callApi(app, 'PUT', `/users/${moderator.id}/responder-moderation`, {
      as: admin,
      body: { moderated: true },
    });
    expect(ofModerator.status).to.equal(404);
    const badBody = await callApi(app, 'PUT', `/users/${nurse.id}/responder-moderation`, {
      as: moderator,
      body: { moderated: 'yes' },
    });
    expect(badBody.status).to.equal(400);
    expect(problemFields(badBody.body)).to.include('moderated');
  });

  it('rejects with a reason that the responder reads (thread and email), never publishing it, and keeps every step in its history', async () => {
    const nurse = await newResponder('Rejected Responder');
    const { id } = await story();
    await deliverAll();
    smtp.messages.length = 0;
    const posted = await respond(id, nurse, 'Nurse Jones is to blame for this.');

    const withoutReason = await moderate(id, posted.body.id, { action: 'reject' });
    expect(withoutReason.status).to.equal(400);
    expect(withoutReason.contentType).to.include('application/problem+json');
    expect(problemFields(withoutReason.body)).to.deep.equal(['reason']);
    const unknownAction = await moderate(id, posted.body.id, { action: 'hold' });
    expect(problemFields(unknownAction.body)).to.deep.equal(['action']);

    const reason = 'Please do not name colleagues in public: contact the author privately.';
    const rejected = await moderate(id, posted.body.id, { action: 'reject', reason });
    expect(rejected.status, rejected.text).to.equal(200);
    expect(rejected.body).to.include({ moderationStatus: 'rejected', rejectedReason: reason });
    await deliverAll();

    expect((await threadAs(id)).thread).to.deep.equal([]);
    expect((await queuedResponses()).map((entry) => entry.id)).not.to.include(posted.body.id);
    const own = (await threadAs(id, nurse)).thread[0];
    expect(own).to.include({ moderationStatus: 'rejected', rejectedReason: reason });
    const toResponder = smtp.messages.filter((mail) => mail.envelopeTo.includes(nurse.email));
    expect(toResponder.map((mail) => mail.subject)).to.deep.equal([
      'Your response to “Waiting in A&E” was not published',
    ]);
    expect(toResponder[0]?.text).to.include(reason);
    expect(mailAbout('Nurse Jones')).to.deep.equal([]);

    const approved = await moderate(id, posted.body.id, { action: 'publish' });
    expect(approved.status).to.equal(200);
    expect(
      (approved.body.moderation as { action: string; by: { name: string } }[]).map((entry) => entry.action),
    ).to.deep.equal(['reject', 'publish']);
    const again = await moderate(id, posted.body.id, { action: 'publish' });
    expect(again.status).to.equal(409);
  });
});
