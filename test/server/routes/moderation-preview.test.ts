import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer, callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import {
  board,
  department,
  getJson,
  loadScotlandServices,
  otherBoardHospital,
  problemFields,
  submitAccepted,
} from '../../support/stories.js';

const authorEmail = 'serious.author@example.net';
const authorPostcode = 'KA2 0BE';
const seriousTitle = 'Left alone on a trolley overnight';
const dayMs = 24 * 60 * 60 * 1000;

describe('moderation: provider preview of serious stories', function () {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let admin: TestAccount;
  let moderator: TestAccount;
  let responder: TestAccount;
  let otherBoardResponder: TestAccount;
  let stakeholder: TestAccount;

  before(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ config: { smtpUrl: smtp.url, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [admin, moderator, responder, otherBoardResponder, stakeholder] = await Promise.all([
      createAccount(app, { role: 'admin' }),
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
      createAccount(app, { role: 'staff', services: [board], name: 'Dr Jean Grant' }),
      createAccount(app, { role: 'staff', services: ['nhs-borders'], name: 'Borders Responder' }),
      createAccount(app, { role: 'stakeholder', services: [board], name: 'An MSP' }),
    ]);
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await Promise.all([app.models.stories.deleteMany({}), app.models.responses.deleteMany({})]);
    await setBoard(board, { previewCriticality: 4, previewWorkingDays: 2 });
    smtp.messages.length = 0;
  });

  async function setBoard(id: string, settings: Record<string, unknown>) {
    const answer = await callApi(app, 'PATCH', `/services/${id}`, { as: admin, body: settings });
    expect(answer.status, answer.text).to.equal(200);
    return answer;
  }

  async function deliverAll(): Promise<void> {
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
  }

  function mailTo(address: string): ReceivedMail[] {
    return smtp.messages.filter((mail) => mail.envelopeTo.includes(address));
  }

  /** Tells a story and publishes it as the moderator, rated `criticality`. */
  async function told(criticality: number, services = [department]) {
    const story = await submitAccepted(app, {
      title: seriousTitle,
      email: authorEmail,
      postcode: authorPostcode,
      services,
    });
    const answer = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', criticality },
    });
    expect(answer.status, answer.text).to.equal(200);
    return { ...story, moderated: answer.body };
  }

  async function previewIds(account: TestAccount): Promise<string[]> {
    const answer = await callApi(app, 'GET', '/previews', { as: account });
    expect(answer.status, answer.text).to.equal(200);
    return (answer.body.items as { id: string }[]).map((item) => item.id);
  }

  it('publishes at once when the board has no preview setting (the default)', async () => {
    await setBoard(board, { previewCriticality: null });
    const story = await told(5);
    expect(story.moderated.status).to.equal('published');
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(200);
  });

  it('publishes a story rated below the threshold at once', async () => {
    const story = await told(3);
    expect(story.moderated.status).to.equal('published');
  });

  it('shows admins the board setting and refuses a bad one with a problem naming the field', async () => {
    const shown = await callApi(app, 'GET', `/services/${board}`, { as: admin });
    expect(shown.body).to.include({ previewCriticality: 4, previewWorkingDays: 2 });
    const refused = await callApi(app, 'PATCH', `/services/${board}`, {
      as: admin,
      body: { previewCriticality: 9 },
    });
    expect(refused.status).to.equal(400);
    expect(refused.contentType).to.match(/^application\/problem\+json/);
    expect(problemFields(refused.body)).to.include('previewCriticality');
  });

  it('puts a story rated at the threshold in preview, closing at the end of the second working day', async () => {
    const before = new Date();
    const story = await told(4);
    expect(story.moderated.status).to.equal('preview');
    expect(story.moderated.publishedAt).to.equal(null);
    const { since, until } = story.moderated.preview as { since: string; until: string };
    expect(new Date(since).getTime()).to.be.at.least(before.getTime() - 1000);
    // Two working days after today: at least two days, at most two plus a weekend and bank holidays.
    const length = new Date(until).getTime() - new Date(since).getTime();
    expect(length)
      .to.be.above(2 * dayMs)
      .and.below(8 * dayMs);
    expect(new Date(until).toISOString()).to.match(/T00:00:00\.000Z$/);
    const entry = (story.moderated.moderation as { action: string; by: { name: string } }[]).at(-1)!;
    expect(entry.action).to.equal('preview');
    expect(entry.by.name).to.equal('Morag Moderator');
  });

  it('never shows a story in preview to the public: not its page, lists, search, feeds or counts', async () => {
    const story = await told(5);
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
    const list = await getJson(app, `/stories?service=${board}`);
    expect(list.text).not.to.include(story.id);
    const search = await getJson(app, `/stories?q=trolley`);
    expect(search.text).not.to.include(story.id);
    const summary = await getJson(app, `/services/${board}/summary`);
    expect(summary.body).to.include({ stories: 0 });
    for (const feed of [`/feeds/services/${board}.rss`, `/feeds/services/${board}.json`]) {
      const response = await fetch(`${app.baseUrl}${feed}`);
      expect(response.status).to.equal(200);
      const text = await response.text();
      expect(text).not.to.include(story.id);
      expect(text).not.to.include(seriousTitle);
    }
  });

  it('lists it for the responders of its services, without the author’s contact details, and no one else', async () => {
    const story = await told(4);
    const answer = await callApi(app, 'GET', '/previews', { as: responder });
    expect(answer.body.items.map((item: { id: string }) => item.id)).to.deep.equal([story.id]);
    expect(answer.body.items[0]).to.include({ title: seriousTitle, criticality: 4 });
    expect(answer.text).not.to.include(authorEmail);
    expect(answer.text).not.to.include(authorPostcode);
    expect(await previewIds(otherBoardResponder)).to.deep.equal([]);
    expect((await callApi(app, 'GET', '/previews', { as: stakeholder })).status).to.equal(403);
  });

  it('emails the responders of its services and tells the author when it will be published', async () => {
    await told(4);
    await deliverAll();
    const [alert] = mailTo(responder.email);
    expect(alert?.subject).to.include(seriousTitle);
    expect(alert?.text).to.include('/admin.html');
    expect(alert?.text).not.to.include(authorEmail);
    expect(mailTo(otherBoardResponder.email)).to.deep.equal([]);
    expect(mailTo(stakeholder.email), 'stakeholders do not preview').to.deep.equal([]);
    const toAuthor = mailTo(authorEmail).find((mail) => /published soon/.test(mail.subject));
    expect(toAuthor?.subject).to.equal(`Your story “${seriousTitle}” will be published soon`);
    expect(toAuthor?.text.replace(/\s+/g, ' ')).to.match(/published at the end of \w+day,? \d+ \w+ 20\d\d/);
  });

  it('writes to the author in the language they told their story in', async () => {
    const story = await submitAccepted(app, {
      title: 'Aros drwy’r nos',
      email: authorEmail,
      services: [department],
      language: 'cy',
    });
    const answer = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', criticality: 5 },
    });
    expect(answer.body.status).to.equal('preview');
    await deliverAll();
    const subjects = mailTo(authorEmail).map((mail) => mail.subject);
    expect(subjects).to.include('Bydd eich stori “Aros drwy’r nos” yn cael ei chyhoeddi cyn bo hir');
  });

  it('shows the author that it is in preview and when it will be published', async () => {
    const story = await told(4);
    const own = await getJson(app, `/stories/${story.id}`, bearer(story.authorKey));
    expect(own.status, own.text).to.equal(200);
    expect(own.body).to.include({ status: 'preview', previewReviewRequested: false });
    expect(own.body.previewUntil).to.equal((story.moderated.preview as { until: string }).until);
    expect(own.text).not.to.include('reviewRequest');
  });

  it('lets a responder ask for a review: back in the queue, still in preview, the author told', async () => {
    const story = await told(4);
    const empty = await callApi(app, 'POST', `/stories/${story.id}/review-requests`, {
      as: responder,
      body: { reason: '  ' },
    });
    expect(empty.status).to.equal(400);
    expect(problemFields(empty.body)).to.deep.equal(['reason']);

    const asked = await callApi(app, 'POST', `/stories/${story.id}/review-requests`, {
      as: responder,
      body: { reason: 'It names a nurse on ward 3.' },
    });
    expect(asked.status, asked.text).to.equal(200);
    expect(asked.body.preview.reviewRequest).to.deep.include({
      reason: 'It names a nurse on ward 3.',
      by: { id: responder.id, name: 'Dr Jean Grant' },
    });

    const queue = await callApi(app, 'GET', '/moderation/queue', { as: moderator });
    const queued = (queue.body.items as { id: string; status: string; preview: unknown }[]).find(
      (item) => item.id === story.id,
    );
    expect(queued?.status).to.equal('preview');
    expect(queued?.preview).to.deep.include({ until: story.moderated.preview.until });
    const history = (queued as unknown as { moderation: { action: string; reason: string }[] }).moderation;
    expect(history.map((entry) => entry.action)).to.deep.equal(['preview', 'review-request']);

    const own = await getJson(app, `/stories/${story.id}`, bearer(story.authorKey));
    expect(own.body).to.include({ status: 'preview', previewReviewRequested: true });
    expect(own.text).not.to.include('ward 3');
    await deliverAll();
    const toAuthor = mailTo(authorEmail).map((mail) => mail.subject);
    expect(toAuthor).to.include(`A moderator is looking at your story “${seriousTitle}” again`);
    expect(
      mailTo(authorEmail)
        .map((mail) => mail.text)
        .join(''),
    ).not.to.include('ward 3');
  });

  it('refuses a review request from a responder of another board, and once the story is out of preview', async () => {
    const story = await told(4);
    const outOfScope = await callApi(app, 'POST', `/stories/${story.id}/review-requests`, {
      as: otherBoardResponder,
      body: { reason: 'Not mine.' },
    });
    expect(outOfScope.status).to.equal(404);
    const published = await told(2);
    const late = await callApi(app, 'POST', `/stories/${published.id}/review-requests`, {
      as: responder,
      body: { reason: 'Too late.' },
    });
    expect(late.status).to.equal(409);
  });

  it('publishes it with the response prepared meanwhile when the window closes, telling the author', async () => {
    const story = await told(4);
    const prepared = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
      as: responder,
      body: { body: 'We are sorry. Please contact our patient experience team.' },
    });
    expect(prepared.status, prepared.text).to.equal(201);
    await deliverAll();
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);

    // Not before the window closes…
    const until = new Date(story.moderated.preview.until as string);
    expect(await app.services.previews.publishDue(new Date(until.getTime() - 1))).to.equal(0);
    // …and then by itself.
    expect(await app.services.previews.publishDue(until)).to.equal(1);
    const shown = await getJson(app, `/stories/${story.id}`);
    expect(shown.status, shown.text).to.equal(200);
    expect(shown.body.publishedAt).to.equal(until.toISOString());
    expect(shown.text).to.include('Please contact our patient experience team.');

    const asModerator = await getJson(app, `/stories/${story.id}`, bearer(moderator));
    const last = (asModerator.body.moderation as { action: string; by: { name: string } }[]).at(-1);
    expect(last).to.deep.include({ action: 'preview-publish', by: { id: 'careloop', name: 'careloop' } });

    smtp.messages.length = 0;
    await deliverAll();
    const subjects = mailTo(authorEmail).map((mail) => mail.subject);
    expect(subjects).to.include(`Your story “${seriousTitle}” is published`);
    expect(subjects.some((subject) => /respon/i.test(subject))).to.equal(true);
  });

  it('keeps a new responder’s prepared response waiting for a moderator when the window closes, and tells nobody of it until approved', async () => {
    const newcomer = await createAccount(app, {
      role: 'staff',
      services: [board],
      name: 'Nina Newcomer',
      newResponder: true,
    });
    const story = await told(4);
    const prepared = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
      as: newcomer,
      body: { body: 'A first response from a new responder, prepared in preview.' },
    });
    expect(prepared.status, prepared.text).to.equal(201);
    const until = new Date(story.moderated.preview.until as string);
    expect(await app.services.previews.publishDue(until)).to.equal(1);

    smtp.messages.length = 0;
    await deliverAll();
    const shown = await getJson(app, `/stories/${story.id}`);
    expect(shown.status, shown.text).to.equal(200);
    expect(shown.text).to.not.include('prepared in preview');
    expect(mailTo(authorEmail).some((mail) => /respon/i.test(mail.subject))).to.equal(false);

    const approved = await callApi(
      app,
      'POST',
      `/stories/${story.id}/responses/${prepared.body.id as string}/moderation`,
      { as: moderator, body: { action: 'publish' } },
    );
    expect(approved.status, approved.text).to.equal(200);
    await deliverAll();
    expect((await getJson(app, `/stories/${story.id}`)).text).to.include('prepared in preview');
    expect(mailTo(authorEmail).filter((mail) => /respon/i.test(mail.subject))).to.have.length(1);
  });

  it('does not publish it when the window closes if a moderator held it meanwhile', async () => {
    const story = await told(4);
    const held = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'hold', reason: 'We need to check a detail with you.' },
    });
    expect(held.body.status).to.equal('held');
    const until = new Date(story.moderated.preview.until as string);
    expect(await app.services.previews.publishDue(new Date(until.getTime() + dayMs))).to.equal(0);
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
    // Published later by the moderator: at once, its preview is over.
    const published = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.body.status).to.equal('published');
  });

  it('takes the strictest rule when a story names services of two boards', async () => {
    await setBoard('nhs-borders', { previewCriticality: 2, previewWorkingDays: 1 });
    try {
      const story = await told(2, [department, otherBoardHospital]);
      expect(story.moderated.status).to.equal('preview');
      expect(await previewIds(otherBoardResponder)).to.deep.equal([story.id]);
    } finally {
      await setBoard('nhs-borders', { previewCriticality: null, previewWorkingDays: null });
    }
  });

  it('counts stories that went through preview in the board’s report', async () => {
    const story = await told(4);
    await told(3);
    // A moderator may publish a story in preview before its window closes.
    const published = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.body.status).to.equal('published');
    const report = await callApi(app, 'GET', `/reports/services/${board}`, { as: moderator });
    expect(report.status, report.text).to.equal(200);
    expect(report.body.previewed).to.equal(1);
    expect(report.body.totals.stories).to.equal(2);
  });
});
