import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import { board, department, loadScotlandServices, submitAccepted } from '../../support/stories.js';

const authorEmail = 'subject.access@example.net';
const authorPostcode = 'IV2 3UJ';
const caseworker = 'caseworker.alerts@example.org';
const someoneElse = 'someone.else@example.org';

describe('personal data: subject access downloads and the "your subscriptions" page', function () {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let moderator: TestAccount;
  let staff: TestAccount;
  let story: { id: string; authorKey: string };
  let responseBody: string;

  before(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ config: { smtpUrl: smtp.url, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [moderator, staff] = await Promise.all([
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
      createAccount(app, { role: 'staff', services: [board], name: 'Dr Jean Grant' }),
    ]);
    // A story with contact details, published, responded to and replied to; and an email subscription
    // of the author's address.
    story = await submitAccepted(app, {
      email: authorEmail,
      postcode: authorPostcode,
      happenedIn: '2024-03',
    });
    await api('POST', `/stories/${story.id}/moderation`, moderator, { action: 'publish' });
    responseBody = 'Thank you: we are looking at waiting times in the department.';
    await api('POST', `/stories/${story.id}/responses`, staff, { body: responseBody, change: 'planned' });
    await api('POST', `/stories/${story.id}/replies`, story.authorKey, { body: 'Thank you for listening.' });
    await api('POST', '/email-subscriptions', undefined, { email: authorEmail, service: department });
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
  });

  async function api(method: string, path: string, as: TestAccount | string | undefined, body: unknown) {
    const answer = await callApi(app, method, path, { as, body });
    expect(answer.status, `${method} ${path}: ${answer.text}`).to.be.within(200, 299);
    return answer;
  }

  describe('an author, from the private link', () => {
    it('downloads everything held about their story as a JSON file', async () => {
      const download = await callApi(app, 'GET', `/stories/${story.id}/personal-data`, {
        as: story.authorKey,
      });
      expect(download.status, download.text).to.equal(200);
      expect(download.headers.get('content-disposition')).to.equal(
        `attachment; filename="careloop-story-${story.id}.json"`,
      );
      expect(download.headers.get('cache-control')).to.equal('private, no-store');
      const data = download.body;
      expect(data.story).to.include({
        id: story.id,
        email: authorEmail,
        postcode: authorPostcode,
        happenedIn: '2024-03',
      });
      expect(data.moderation.map((entry: { action: string }) => entry.action)).to.include('publish');
      expect(data.responses).to.have.length(1);
      expect(data.responses[0]).to.deep.include({ body: responseBody, change: 'planned' });
      expect(data.replies.map((reply: { body: string }) => reply.body)).to.deep.equal([
        'Thank you for listening.',
      ]);
      expect(data.subscriptions).to.have.length(1);
      expect(data.subscriptions[0]).to.include({
        scopeName: 'Emergency Department, University Hospital Crosshouse',
        confirmed: false,
      });
      // The moderator's identity is theirs, not the author's.
      expect(download.text).to.not.include('Morag Moderator');
    });

    it('gets 404 with another story’s key or a malformed id, 401 without a key and 403 as an account', async () => {
      const other = await submitAccepted(app);
      for (const [path, as] of [
        [`/stories/${story.id}/personal-data`, other.authorKey],
        [`/stories/not-an-id/personal-data`, story.authorKey],
      ] as const) {
        const refused = await callApi(app, 'GET', path, { as });
        expect(refused.status, path).to.equal(404);
        expect(refused.contentType).to.match(/^application\/problem\+json/);
        expect(refused.text).to.not.include(authorEmail);
      }
      const anonymous = await callApi(app, 'GET', `/stories/${story.id}/personal-data`);
      expect(anonymous.status).to.equal(401);
      expect(anonymous.contentType).to.match(/^application\/problem\+json/);
      const asStaff = await callApi(app, 'GET', `/stories/${story.id}/personal-data`, { as: staff });
      expect(asStaff.status).to.equal(403);
      expect(asStaff.text).to.not.include(authorEmail);
    });
  });

  describe('a staff member, in their own area', () => {
    it('downloads their account data and every response they wrote, never a password hash', async () => {
      const download = await callApi(app, 'GET', '/account/personal-data', { as: staff });
      expect(download.status, download.text).to.equal(200);
      expect(download.headers.get('content-disposition')).to.match(
        /^attachment; filename="careloop-account-/,
      );
      expect(download.body.account).to.include({ email: staff.email, name: 'Dr Jean Grant', role: 'staff' });
      expect(download.body.sessions).to.not.have.length(0);
      expect(download.body.responses.map((response: { body: string }) => response.body)).to.deep.equal([
        responseBody,
      ]);
      expect(download.text).to.not.include('scrypt$');
    });

    it('gets a problem, not data, without signing in', async () => {
      const anonymous = await callApi(app, 'GET', '/account/personal-data');
      expect(anonymous.status).to.equal(401);
      expect(anonymous.contentType).to.match(/^application\/problem\+json/);
    });
  });

  describe('a subscriber, from any alert email', () => {
    function linksIn(mail: ReceivedMail): string[] {
      return mail.text.match(/https?:\/\/[^\s>"]+/g) ?? [];
    }

    async function page(url: string, method = 'GET'): Promise<{ status: number; html: string; csp: string }> {
      const response = await fetch(url, { method });
      return {
        status: response.status,
        html: await response.text(),
        csp: response.headers.get('content-security-policy') ?? '',
      };
    }

    function deleteActions(html: string): string[] {
      return [...html.matchAll(/<form method="post" action="([^"]+)">/g)].map((match) =>
        match[1]!.replaceAll('&amp;', '&'),
      );
    }

    it('lists every subscription of the address with a delete button that works without JavaScript', async () => {
      for (const service of [board, department]) {
        await api('POST', '/email-subscriptions', undefined, { email: caseworker, service });
      }
      await api('POST', '/email-subscriptions', undefined, { email: someoneElse, service: board });
      await app.models.subscriptions.updateMany({}, { $set: { confirmedAt: new Date() } });
      await app.services.mail.drain();
      smtp.messages.length = 0;

      const published = await submitAccepted(app, { title: 'A kind porter' });
      await api('POST', `/stories/${published.id}/moderation`, moderator, { action: 'publish' });
      await app.services.notifier.runOnce();
      await app.services.mail.drain();
      const alert = smtp.messages.find(
        (mail) => mail.envelopeTo.includes(caseworker) && mail.subject.includes('A kind porter'),
      );
      expect(alert, 'an alert to the caseworker').to.not.equal(undefined);
      const link = linksIn(alert!).find((url) => url.includes('/your-subscriptions?token='));
      expect(link, 'a "your subscriptions" link').to.be.a('string');
      expect(alert!.html).to.include('Your subscriptions</a>');

      const listed = await page(link!);
      expect(listed.status).to.equal(200);
      expect(listed.csp).to.include("default-src 'none'");
      expect(listed.html).to.not.include('<script');
      expect(listed.html).to.include('NHS Ayrshire &amp; Arran');
      expect(listed.html).to.include('Emergency Department');
      expect(listed.html).to.not.include(someoneElse);
      const actions = deleteActions(listed.html);
      expect(actions).to.have.length(2);

      // The first row is the board (oldest first): deleting it leaves the department.
      const afterDelete = await page(new URL(actions[0]!, app.baseUrl).href, 'POST');
      expect(afterDelete.status).to.equal(200);
      expect(afterDelete.html).to.include(
        'Deleted: you will get no more alerts about NHS Ayrshire &amp; Arran.',
      );
      expect(deleteActions(afterDelete.html)).to.have.length(1);
      expect(
        (await app.models.subscriptions.find({ email: caseworker }).lean()).map((s) => s.service),
      ).to.deep.equal([department]);
      expect(await app.models.subscriptions.countDocuments({ email: someoneElse })).to.equal(1);

      // The remaining row's own link opens the page too, here in Welsh.
      const remaining = deleteActions(afterDelete.html)[0]!.replace(/&lang=\w+/, '&lang=cy');
      const welsh = await page(new URL(remaining, app.baseUrl).href);
      expect(welsh.status).to.equal(200);
      expect(welsh.html).to.include('<h1>Eich tanysgrifiadau</h1>');
    });

    it('answers a forged or mangled link with a plain "not valid" page', async () => {
      const forged = await page(
        `${app.baseUrl}/your-subscriptions?token=${'a'.repeat(24)}.${'b'.repeat(43)}`,
      );
      expect(forged.status).to.equal(404);
      expect(forged.html).to.include('This link is not valid.');
      const posted = await page(`${app.baseUrl}/your-subscriptions?token=nonsense`, 'POST');
      expect(posted.status).to.equal(404);
    });
  });
});
