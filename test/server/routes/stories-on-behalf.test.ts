import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';
import {
  board,
  department,
  loadScotlandServices,
  otherBoardHospital,
  problemFields,
  storedStory,
  storyBody,
  submitAccepted,
} from '../../support/stories.js';

const authorEmail = 'told.by.phone@example.net';
const consentNote = 'Agreed on the phone with her daughter, Fiona MacLeod, present';
const enterer = 'Volunteer Val Ross';

/** A story as the author told it on paper or the phone, and how it was told and agreed to. */
function toldBody(overrides: Record<string, unknown> = {}, onBehalf: Record<string, unknown> = {}) {
  const { consent: _consent, ...told } = storyBody();
  return {
    ...told,
    title: 'Nobody told us about the transport home',
    ...overrides,
    onBehalf: { via: 'phone-call', consent: 'spoken', consentNote, ...onBehalf },
  };
}

describe('stories told on someone’s behalf (POST /stories/on-behalf)', function () {
  this.timeout(30_000);
  let smtp: TestSmtpServer;
  let app: TestApp;
  let staff: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    smtp = await startSmtpServer();
    // One story an hour per address: entering several for patients must not be limited by it.
    app = await startTestApp({
      config: { smtpUrl: smtp.url, submissionsPerHour: 1, submissionsPerHourMax: 1 },
    });
    await loadScotlandServices(app);
    [staff, moderator] = await Promise.all([
      createAccount(app, { role: 'staff', services: [board], name: enterer }),
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
    ]);
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
  });

  const enter = (body: unknown, as: TestAccount | null = staff) =>
    callApi(app, 'POST', '/stories/on-behalf', { as: as ?? undefined, body });

  /** The author's email with their private link, once the notifier and the mail outbox have run. */
  async function mailTo(address: string) {
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
    const mail = smtp.messages.find((m) => m.envelopeTo.includes(address));
    expect(mail, `an email to ${address}`).to.not.equal(undefined);
    const authorKey = /cla_[A-Za-z0-9_-]+/.exec(mail!.text)?.[0];
    expect(authorKey, 'the private link in the email').to.be.a('string');
    return { text: mail!.text.replace(/\s+/g, ' '), authorKey: authorKey! };
  }

  it('takes the story for moderation, gives the enterer no author key, and emails the author their private link', async () => {
    const entered = await enter(toldBody({ email: authorEmail }));
    expect(entered.status, entered.text).to.equal(201);
    expect(entered.body).to.have.keys(['id', 'status']);
    expect(entered.body.status).to.equal('submitted');
    expect(entered.text).to.not.match(/cla_/);

    // Waiting for moderation: nobody else sees it.
    expect((await callApi(app, 'GET', `/stories/${entered.body.id}`)).status).to.equal(404);

    const { text, authorKey } = await mailTo(authorEmail);
    expect(text).to.include('A member of staff or a volunteer entered it for you, as you agreed');
    const asAuthor = await callApi(app, 'GET', `/stories/${entered.body.id}`, { as: authorKey });
    expect(asAuthor.status, asAuthor.text).to.equal(200);
    expect(asAuthor.body).to.include({ status: 'submitted', toldVia: 'phone-call' });
  });

  it('shows moderators how the author agreed and who entered it; the public sees only that it was told for them', async () => {
    const entered = await enter(toldBody({ title: 'The ward was spotless' }));
    expect(entered.status, entered.text).to.equal(201);
    const id = entered.body.id as string;

    const queued = await callApi(app, 'GET', `/stories/${id}`, { as: moderator });
    expect(queued.status, queued.text).to.equal(200);
    expect(queued.body.toldVia).to.equal('phone-call');
    expect(queued.body.onBehalf).to.deep.include({ consent: 'spoken', consentNote });
    expect(queued.body.onBehalf.enteredBy).to.deep.include({ name: enterer, role: 'staff' });
    const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
    expect(queue.text).to.include('The ward was spotless');

    const published = await callApi(app, 'POST', `/stories/${id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
    const read = await callApi(app, 'GET', `/stories/${id}`);
    expect(read.status).to.equal(200);
    expect(read.body.toldVia).to.equal('phone-call');
    expect(read.body).to.not.have.property('onBehalf');
    const list = await callApi(app, 'GET', `/stories?service=${board}`);
    const listed = (list.body.items as { id: string; toldVia: string | null }[]).find((s) => s.id === id);
    expect(listed?.toldVia).to.equal('phone-call');
    for (const text of [read.text, list.text]) {
      expect(text).to.not.include(consentNote);
      expect(text).to.not.include(enterer);
    }
    // A story its author told themselves says so too: null.
    expect((list.body.items as { toldVia: unknown }[]).every((s) => 'toldVia' in s)).to.equal(true);
  });

  it('is not held back by the per-address hourly limit that applies to the public form', async () => {
    for (const title of ['First paper form', 'Second paper form', 'Third paper form']) {
      const entered = await enter(toldBody({ title }, { via: 'paper-form', consent: 'written' }));
      expect(entered.status, entered.text).to.equal(201);
    }
  });

  it('refuses staff a service they do not act for, and stakeholders, storing nothing', async () => {
    const stakeholder = await createAccount(app, {
      role: 'stakeholder',
      services: [board],
      name: 'MSP office',
    });
    const outOfScope = await enter(
      toldBody({ title: 'Out of scope', services: [department, otherBoardHospital] }),
    );
    expect(outOfScope.status).to.equal(403);
    expect(outOfScope.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(outOfScope.body.detail).to.include(otherBoardHospital);
    expect((await enter(toldBody({ title: 'Out of scope' }), stakeholder)).status).to.equal(403);
    expect((await enter(toldBody({ title: 'Out of scope' }), null)).status).to.equal(401);
    expect(await app.models.stories.exists({ title: 'Out of scope' })).to.equal(null);

    // A moderator enters stories about any service.
    expect((await enter(toldBody({ services: [otherBoardHospital] }), moderator)).status).to.equal(201);
  });

  it('names each bad field in a problem: how it was told, how the author agreed, the note', async () => {
    const cases: [unknown, string[]][] = [
      [toldBody({}, { via: 'carrier-pigeon' }), ['onBehalf.via']],
      [toldBody({}, { consent: 'assumed' }), ['onBehalf.consent']],
      [toldBody({}, { consentNote: 'x'.repeat(501) }), ['onBehalf.consentNote']],
      [{ ...toldBody(), onBehalf: undefined }, ['onBehalf']],
      [toldBody({ nickname: 'val@example.org' }), ['nickname']],
    ];
    for (const [body, fields] of cases) {
      const refused = await enter(body);
      expect(refused.status, JSON.stringify(body)).to.equal(400);
      expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(problemFields(refused.body as { errors?: { field: string }[] })).to.deep.equal(fields);
    }
  });

  it('gives the author how it was told in their data, not who entered it; erasure removes the consent note', async () => {
    const entered = await enter(
      toldBody(
        { title: 'Told at the kiosk', email: 'kiosk.author@example.net' },
        { via: 'kiosk', consent: 'written' },
      ),
    );
    expect(entered.status, entered.text).to.equal(201);
    const { authorKey } = await mailTo('kiosk.author@example.net');

    const data = await callApi(app, 'GET', `/stories/${entered.body.id}/personal-data`, { as: authorKey });
    expect(data.status, data.text).to.equal(200);
    expect(data.body.story.toldOnBehalf).to.deep.include({ via: 'kiosk', consent: 'written', consentNote });
    expect(data.text).to.not.include(enterer);

    const erased = await callApi(app, 'POST', `/stories/${entered.body.id}/erasure`, { as: authorKey });
    expect(erased.status, erased.text).to.be.within(200, 299);
    const stored = await storedStory(app, entered.body.id as string);
    expect(JSON.stringify(stored)).to.not.include(consentNote);
    expect(stored?.toldVia).to.equal('kiosk');
  });

  it('counts the stories told on their authors’ behalf in the board’s report', async () => {
    const entered = await enter(
      toldBody({ title: 'Told on a card, published' }, { via: 'paper-form', consent: 'written' }),
    );
    const own = await submitAccepted(app, { title: 'Told by the author herself' });
    for (const id of [entered.body.id as string, own.id]) {
      const published = await callApi(app, 'POST', `/stories/${id}/moderation`, {
        as: moderator,
        body: { action: 'publish' },
      });
      expect(published.status, published.text).to.equal(200);
    }
    const report = await callApi(app, 'GET', `/reports/services/${board}`, { as: moderator });
    expect(report.status, report.text).to.equal(200);
    // "The ward was spotless" (published above) and the card; not the author's own.
    expect(report.body.toldOnBehalf).to.equal(2);
    expect(report.body.totals.stories).to.equal(3);
  });
});
