import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  submitAccepted,
  submitStory,
} from '../../support/stories.js';

const authorEmail = 'author.private@example.net';
const authorPostcode = 'KA2 0BE';
/** A hospital in the constituency below (the Crosshouse services above are not in it). */
const ayrHospital = 'university-hospital-ayr';
const ayrConstituency = 'Ayr, Carrick and Cumnock';

describe('notifications by email', function () {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let moderator: TestAccount;
  let staff: TestAccount;

  before(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ config: { smtpUrl: smtp.url, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    [moderator, staff] = await Promise.all([
      createAccount(app, { role: 'moderator', name: 'Morag Moderator' }),
      createAccount(app, {
        role: 'staff',
        services: [board],
        name: 'Dr Jean Grant',
        jobTitle: 'Clinical Director',
      }),
    ]);
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await Promise.all([
      app.models.subscriptions.deleteMany({}),
      app.models.stories.deleteMany({}),
      app.models.responses.deleteMany({}),
      app.models.replies.deleteMany({}),
      // Confirmation emails are limited per address per day: each test starts with none sent.
      app.models.rateLimits.deleteMany({}),
    ]);
    smtp.messages.length = 0;
  });

  /** What the notifier and the mail worker would do next, done now: every pending event, then every due message. */
  async function deliverAll(): Promise<void> {
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
  }

  function mailTo(address: string): ReceivedMail[] {
    return smtp.messages.filter((mail) => mail.envelopeTo.includes(address));
  }

  async function subscribe(account: TestAccount, body: Record<string, unknown>): Promise<string> {
    const answer = await callApi(app, 'POST', '/subscriptions', { as: account, body });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.id as string;
  }

  /** Tells a story (with the author's private details) and publishes it as the moderator, through the API. */
  async function published(
    overrides: Record<string, unknown> = {},
    moderation: Record<string, unknown> = {},
  ): Promise<{ id: string; authorKey: string }> {
    const story = await submitAccepted(app, { email: authorEmail, postcode: authorPostcode, ...overrides });
    const answer = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'publish', ...moderation },
    });
    expect(answer.status, answer.text).to.equal(200);
    return story;
  }

  function linksIn(text: string): string[] {
    return text.match(/https?:\/\/[^\s>"]+/g) ?? [];
  }

  function expectNothingPrivate(mail: ReceivedMail): void {
    expect(mail.raw).not.to.contain(authorEmail);
    expect(mail.raw).not.to.contain(authorPostcode);
    expect(mail.raw.toLowerCase()).not.to.contain('criticality');
  }

  describe('when a story is published', () => {
    it('alerts each subscriber moments later, with an absolute link to the story and one-click unsubscribe headers', async () => {
      await subscribe(staff, { service: board });
      app.services.mail.startWorker({ pollMs: 50 });
      app.services.notifier.start({ pollMs: 50 });
      try {
        const story = await published({ title: 'Kind nurses in A&E' });
        const received = await waitForMail(smtp, (mail) => mail.envelopeTo.includes(staff.email));
        expect(received.to).to.deep.equal([staff.email]);
        expect(received.subject).to.contain('Kind nurses in A&E');
        expect(received.subject).to.contain('Emergency Department, University Hospital Crosshouse');
        expect(linksIn(received.text)).to.include(`${app.baseUrl}/#careloop-story=${story.id}`);
        expect(received.html).to.contain(`href="${app.baseUrl}/#careloop-story=${story.id}"`);
        expect(received.headers['list-unsubscribe']).to.match(
          new RegExp(
            `^<${escapeRegExp(app.baseUrl)}/unsubscribe\\?token=[0-9a-f]{24}\\.[\\w-]{43}&lang=en>$`,
          ),
        );
        expect(received.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
        expect(received.text).to.contain(`Unsubscribe: ${app.baseUrl}/unsubscribe?token=`);
      } finally {
        await app.services.notifier.stop();
        await app.services.mail.stopWorker();
      }
    });

    it("never puts the author's email, postcode or the story's criticality in an alert", async () => {
      await subscribe(staff, { service: board });
      await published({}, { criticality: 4 });
      await deliverAll();
      const [alert] = mailTo(staff.email);
      expect(alert, 'an alert').not.to.equal(undefined);
      expectNothingPrivate(alert as ReceivedMail);
    });

    it('quotes user text as text: markup in a story is escaped in the HTML part', async () => {
      await subscribe(staff, { service: board });
      await published({ title: 'The <b>ward</b>', body: 'They said <script>alert(1)</script> & left.' });
      await deliverAll();
      const [alert] = mailTo(staff.email);
      expect(alert?.html).not.to.contain('<script>');
      expect(alert?.html).to.contain('&lt;script&gt;');
      expect(alert?.text).to.contain('<script>alert(1)</script>');
    });

    it('records publicly which organisations were alerted, never who', async () => {
      await subscribe(staff, { service: hospital });
      const story = await published();
      await deliverAll();
      const stored = await app.models.stories.findById(story.id).lean();
      expect(stored?.alertedAt).to.be.instanceOf(Date);
      expect(stored?.alertedOrganisations).to.deep.equal([
        { id: hospital, name: 'University Hospital Crosshouse' },
      ]);
      expect(JSON.stringify(stored?.alertedOrganisations)).not.to.contain(staff.email);
    });

    it('leaves a story nobody follows unheard', async () => {
      const story = await published();
      await deliverAll();
      const stored = await app.models.stories.findById(story.id).lean();
      expect(stored?.alertedAt).to.equal(null);
      expect(mailTo(staff.email)).to.deep.equal([]);
    });

    it('sends one alert per story, however often the events are handled', async () => {
      await subscribe(staff, { service: board });
      const story = await published();
      // A crash after queuing but before the event was pulled: the event is handled again.
      await app.services.notifier.runOnce();
      await app.models.stories.updateOne(
        { _id: story.id },
        { $push: { pendingEvents: { type: 'published', at: new Date() } } },
      );
      await deliverAll();
      expect(mailTo(staff.email)).to.have.length(1);
    });

    it('sends one alert to someone who follows the story twice over', async () => {
      await subscribe(staff, { service: board });
      await subscribe(staff, { service: department });
      await published();
      await deliverAll();
      expect(mailTo(staff.email)).to.have.length(1);
    });

    it('alerts only about stories at least as critical as the subscriber asked', async () => {
      await subscribe(staff, { service: board, minCriticality: 3 });
      await published({ title: 'Mildly annoying parking' }, { criticality: 2 });
      await published({ title: 'Unrated story' });
      await published({ title: 'Serious failure of care' }, { criticality: 4 });
      await deliverAll();
      expect(mailTo(staff.email).map((mail) => mail.subject)).to.satisfy(
        (subjects: string[]) => subjects.length === 1 && subjects[0]?.includes('Serious failure of care'),
      );
    });

    it('alerts a constituency subscriber about services in it, and not about others', async () => {
      const caseworker = await createAccount(app, { role: 'stakeholder', constituency: ayrConstituency });
      await subscribe(caseworker, { constituency: ayrConstituency });
      await published({ title: 'Ayr maternity unit', services: [ayrHospital] });
      await published({ title: 'Crosshouse story', services: [department] });
      await deliverAll();
      const subjects = mailTo(caseworker.email).map((mail) => mail.subject);
      expect(subjects).to.have.length(1);
      expect(subjects[0]).to.contain('Ayr maternity unit');
    });

    it('does not alert a disabled account', async () => {
      const leaver = await createAccount(app, { role: 'staff', services: [board] });
      await subscribe(leaver, { service: board });
      await app.models.users.updateOne({ _id: leaver.id }, { $set: { disabledAt: new Date() } });
      await published();
      await deliverAll();
      expect(mailTo(leaver.email)).to.deep.equal([]);
    });
  });

  describe('email subscriptions', () => {
    const caseworker = 'caseworker@mp-office.example.org';

    async function requestAlerts(body: Record<string, unknown> = { service: board }): Promise<void> {
      const answer = await callApi(app, 'POST', '/email-subscriptions', {
        body: { email: caseworker, ...body },
      });
      expect(answer.status, answer.text).to.equal(202);
    }

    it('sends nothing but the confirmation until the address is confirmed', async () => {
      await requestAlerts();
      await published({ title: 'Before confirming' });
      await deliverAll();
      const received = mailTo(caseworker);
      expect(received).to.have.length(1);
      expect(received[0]?.subject).to.contain('Confirm');
      expect(received[0]?.text).to.contain('If this was not you, ignore this email');
      expect(received[0]?.headers['list-unsubscribe']).to.equal(undefined);
    });

    it('sends an address at most three confirmations a day, however often it is asked', async () => {
      for (let request = 0; request < 5; request += 1) await requestAlerts();
      await deliverAll();
      expect(mailTo(caseworker)).to.have.length(3);
    });

    it('alerts the address once it is confirmed with the token from the confirmation link', async () => {
      await requestAlerts();
      await deliverAll();
      const confirmation = mailTo(caseworker)[0] as ReceivedMail;
      const link = linksIn(confirmation.text).find((url) => url.includes('/confirm-subscription?token='));
      expect(link, 'a confirmation link').to.be.a('string');
      const token = new URL(link as string).searchParams.get('token');
      const confirmed = await callApi(app, 'POST', '/email-subscriptions/confirm', { body: { token } });
      expect(confirmed.status, confirmed.text).to.equal(200);
      expect(confirmed.body).to.deep.equal({ status: 'confirmed', scopeName: 'NHS Ayrshire & Arran' });

      await published({ title: 'After confirming' });
      await deliverAll();
      const alert = mailTo(caseworker).find((mail) => mail.subject.includes('After confirming'));
      expect(alert, 'an alert').not.to.equal(undefined);
      expect(alert?.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
      expectNothingPrivate(alert as ReceivedMail);
    });

    it('does not confirm when the confirmation link is merely opened (mail scanners open links)', async () => {
      await requestAlerts();
      await deliverAll();
      const link = linksIn((mailTo(caseworker)[0] as ReceivedMail).text).find((url) =>
        url.includes('/confirm-subscription'),
      ) as string;
      const page = await fetch(link);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain('<form method="post"');
      await published();
      await deliverAll();
      expect(mailTo(caseworker)).to.have.length(1);
    });
    it('confirms when the button on the confirmation page is pressed', async () => {
      await requestAlerts({ constituency: ayrConstituency });
      await deliverAll();
      const link = linksIn((mailTo(caseworker)[0] as ReceivedMail).text).find((url) =>
        url.includes('/confirm-subscription'),
      ) as string;
      const pressed = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(pressed.status).to.equal(200);
      expect(await pressed.text()).to.contain(`a story about ${ayrConstituency} is published`);
      await published({ title: 'Ayr story', services: [ayrHospital] });
      await deliverAll();
      expect(mailTo(caseworker).map((mail) => mail.subject)).to.include(
        'New story about University Hospital Ayr: “Ayr story”',
      );
    });
  });

  describe('in the language the person used', () => {
    const caseworker = 'gweithiwr.achos@swyddfa-as.example.org';

    async function requestAlerts(body: Record<string, unknown>): Promise<ReceivedMail> {
      const answer = await callApi(app, 'POST', '/email-subscriptions', {
        body: { email: caseworker, service: board, ...body },
      });
      expect(answer.status, answer.text).to.equal(202);
      await deliverAll();
      return mailTo(caseworker)[0] as ReceivedMail;
    }

    function confirmLinkIn(mail: ReceivedMail): string {
      return linksIn(mail.text).find((url) => url.includes('/confirm-subscription?')) as string;
    }

    function press(url: string, body = ''): Promise<Response> {
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    }

    it('writes to a Welsh subscriber in Welsh: the confirmation email, and the page its link opens, with lang="cy"', async () => {
      const confirmation = await requestAlerts({ language: 'cy' });
      expect(confirmation.subject).to.equal('Cadarnhewch eich hysbysiadau am NHS Ayrshire & Arran');
      expect(confirmation.html).to.contain('<html lang="cy">');
      expect(confirmation.text).to.contain('Os nad chi oedd hyn, anwybyddwch yr e-bost hwn');
      expect(confirmation.text).not.to.contain('If this was not you');
      const link = confirmLinkIn(confirmation);
      expect(new URL(link).searchParams.get('lang')).to.equal('cy');

      const asked = await (await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text();
      expect(asked).to.contain('<html lang="cy">');
      expect(asked).to.contain('<h1>Cadarnhewch eich hysbysiadau</h1>');
      expect(asked).to.contain('<button type="submit">Cadarnhau</button>');
      const confirmed = await (await press(link)).text();
      expect(confirmed).to.contain('<html lang="cy">');
      expect(confirmed).to.contain('<h1>Wedi’i gadarnhau</h1>');
      expect(confirmed).to.contain('stori am NHS Ayrshire &amp; Arran ei chyhoeddi');
    });

    it('alerts a Welsh subscriber in Welsh, and their unsubscribe page stays Welsh once the subscription is gone', async () => {
      await press(confirmLinkIn(await requestAlerts({ language: 'cy' })));
      await published({ title: 'Nyrsys caredig' });
      await deliverAll();
      const alert = mailTo(caseworker).find((mail) => mail.subject.includes('Nyrsys caredig'));
      expect(alert?.subject).to.match(/^Stori newydd am .+: “Nyrsys caredig”$/);
      expect(alert?.html).to.contain('<html lang="cy">');
      expect(alert?.text).to.contain('Darllen y stori ac ymateb: http');
      expect(alert?.text).to.contain('Dad-danysgrifio: http');
      const unsubscribeUrl = (alert?.headers['list-unsubscribe'] as string).slice(1, -1);

      const asked = await (await fetch(unsubscribeUrl)).text();
      expect(asked).to.contain('<html lang="cy">');
      expect(asked).to.contain('<h1>Stopio’r hysbysiadau hyn?</h1>');
      expect(asked).to.contain('<button type="submit">Dad-danysgrifio</button>');
      expect(asked).to.match(/action="\/unsubscribe\?token=[^"]+&amp;lang=cy"/);
      const done = await (await press(unsubscribeUrl, 'List-Unsubscribe=One-Click')).text();
      expect(done).to.contain('<h1>Wedi dad-danysgrifio</h1>');
      const again = await (await press(unsubscribeUrl, 'List-Unsubscribe=One-Click')).text();
      expect(again).to.contain('<html lang="cy">');
      expect(again).to.contain('Mae’r hysbysiadau hyn wedi’u stopio’n barod');
    });

    it('keeps an English subscriber in English, whatever their browser prefers', async () => {
      const confirmation = await requestAlerts({});
      expect(confirmation.subject).to.equal('Confirm your alerts about NHS Ayrshire & Arran');
      expect(confirmation.html).to.contain('<html lang="en">');
      const link = confirmLinkIn(confirmation);
      const page = await (await fetch(link, { headers: { 'accept-language': 'gd, cy;q=0.8' } })).text();
      expect(page).to.contain('<html lang="en">');
      expect(page).to.contain('<button type="submit">Confirm</button>');
    });

    it('answers a link that names nothing in the browser’s language, and in English when it has none of ours', async () => {
      const gaelic = await fetch(`${app.baseUrl}/unsubscribe?token=nonsense`, {
        headers: { 'accept-language': 'fr;q=0.9, gd-GB;q=0.8, en;q=0.5' },
      });
      expect(gaelic.status).to.equal(404);
      expect(gaelic.headers.get('content-language')).to.equal('gd');
      const html = await gaelic.text();
      expect(html).to.contain('<html lang="gd">');
      expect(html).to.contain('<h1>Chan eil an ceangal dligheach</h1>');
      const french = await fetch(`${app.baseUrl}/confirm-subscription?token=nonsense`, {
        headers: { 'accept-language': 'fr-FR' },
      });
      expect(await french.text()).to.contain('<html lang="en">');
    });
  });

  describe('staff, in the language they signed in with', () => {
    it('alerts them and tells them of an author’s reply in it, unless a subscription names its own', async () => {
      const gaelicStaff = await createAccount(app, {
        role: 'staff',
        services: [board],
        name: 'Màiri NicLeòid',
        jobTitle: 'Banaltram',
      });
      const signedIn = await fetch(`${app.baseUrl}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: gaelicStaff.email, password: gaelicStaff.password, language: 'gd' }),
      });
      expect(signedIn.status).to.equal(201);
      await subscribe(gaelicStaff, { service: board });
      await subscribe(staff, { service: board, language: 'cy' });
      const story = await published({ title: 'Oidhche fhada' });
      await deliverAll();
      const alert = mailTo(gaelicStaff.email)[0] as ReceivedMail;
      expect(alert.subject).to.match(/^Sgeulachd ùr mu dheidhinn .+: “Oidhche fhada”$/);
      expect(alert.html).to.contain('<html lang="gd">');
      const unsubscribeUrl = (alert.headers['list-unsubscribe'] as string).slice(1, -1);
      expect(new URL(unsubscribeUrl).searchParams.get('lang')).to.equal('gd');
      expect(mailTo(staff.email)[0]?.subject).to.match(/^Stori newydd am .+: “Oidhche fhada”$/);

      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: gaelicStaff,
        body: { body: 'Tha sinn duilich.' },
      });
      expect(response.status, response.text).to.equal(201);
      const reply = await callApi(app, 'POST', `/stories/${story.id}/replies`, {
        as: story.authorKey,
        body: { body: 'Mòran taing.' },
      });
      await callApi(app, 'POST', `/replies/${reply.body.id}/moderation`, {
        as: moderator,
        body: { action: 'publish' },
      });
      await deliverAll();
      const notice = mailTo(gaelicStaff.email).find((mail) => mail.subject.startsWith('Fhreagair'));
      expect(notice?.subject).to.equal('Fhreagair Grateful patient air “Oidhche fhada”');
      expect(notice?.html).to.contain('<html lang="gd">');
    });
  });

  describe('one-click unsubscribe', () => {
    async function alertAndItsUnsubscribeUrl(): Promise<string> {
      await subscribe(staff, { service: board });
      await published();
      await deliverAll();
      const alert = mailTo(staff.email)[0] as ReceivedMail;
      return (alert.headers['list-unsubscribe'] as string).slice(1, -1);
    }

    it('stops the alerts when a mail client posts List-Unsubscribe=One-Click', async () => {
      const url = await alertAndItsUnsubscribeUrl();
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(answer.status).to.equal(200);
      smtp.messages.length = 0;
      await published();
      await deliverAll();
      expect(mailTo(staff.email)).to.deep.equal([]);
      const listed = await callApi(app, 'GET', '/subscriptions', { as: staff });
      expect(listed.body.subscriptions).to.deep.equal([]);
    });

    it('only asks, with a button, when the link is opened', async () => {
      const url = await alertAndItsUnsubscribeUrl();
      const page = await fetch(url);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.contain('text/html');
      const html = await page.text();
      expect(html).to.contain('NHS Ayrshire &amp; Arran');
      expect(html).to.contain('<button type="submit">Unsubscribe</button>');
      const listed = await callApi(app, 'GET', '/subscriptions', { as: staff });
      expect(listed.body.subscriptions).to.have.length(1);
    });

    it('answers 404 to a token that was tampered with, and 200 to one used twice', async () => {
      const url = await alertAndItsUnsubscribeUrl();
      const token = new URL(url).searchParams.get('token') as string;
      const tampered = url.replace(token, `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`);
      expect((await fetch(tampered, { method: 'POST' })).status).to.equal(404);
      expect((await fetch(url, { method: 'POST' })).status).to.equal(200);
      const again = await fetch(url, { method: 'POST' });
      expect(again.status).to.equal(200);
      expect(await again.text()).to.contain('already stopped');
    });
  });

  describe('daily digests', () => {
    const dayMs = 24 * 60 * 60 * 1000;

    function at(day: Date, hour: number, minute = 0): Date {
      const date = new Date(day);
      date.setUTCHours(hour, minute, 0, 0);
      return date;
    }

    afterEach(() => app.services.notifier.useClock(() => new Date()));

    it("sends a daily subscriber one digest of the previous day's stories, and no alerts as they happen", async () => {
      await subscribe(staff, { service: board, mode: 'daily' });
      await published({ title: 'First of the day' });
      await published({ title: 'Second of the day' });
      await deliverAll();
      expect(mailTo(staff.email), 'no immediate alerts').to.deep.equal([]);

      const tomorrow = new Date(Date.now() + dayMs);
      app.services.notifier.useClock(() => at(tomorrow, 6));
      await deliverAll();
      const digests = mailTo(staff.email);
      expect(digests).to.have.length(1);
      expect(digests[0]?.subject).to.match(/^2 new stories about NHS Ayrshire & Arran/);
      expect(digests[0]?.text).to.contain('First of the day').and.to.contain('Second of the day');
      expect(digests[0]?.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
      expectNothingPrivate(digests[0] as ReceivedMail);

      app.services.notifier.useClock(() => at(tomorrow, 6, 5));
      await deliverAll();
      app.services.notifier.useClock(() => at(tomorrow, 23, 59));
      await deliverAll();
      expect(mailTo(staff.email), 'still one digest that day').to.have.length(1);
    });

    it('sends no digest for a day without matching stories', async () => {
      await subscribe(staff, { service: board, mode: 'daily', minCriticality: 5 });
      await published({}, { criticality: 1 });
      app.services.notifier.useClock(() => at(new Date(Date.now() + dayMs), 7));
      await deliverAll();
      expect(mailTo(staff.email)).to.deep.equal([]);
    });
  });

  describe('the author', () => {
    it('gets the moderator’s reason when their story is held, and when it is rejected', async () => {
      const story = await submitAccepted(app, { email: authorEmail, title: 'My ward story' });
      const held = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
        as: moderator,
        body: { action: 'hold', reason: 'Please remove the nurse’s full name.' },
      });
      expect(held.status, held.text).to.equal(200);
      const rejected = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
        as: moderator,
        body: { action: 'reject', reason: 'This is about a private clinic outside the NHS.' },
      });
      expect(rejected.status, rejected.text).to.equal(200);
      await deliverAll();
      const subjects = mailTo(authorEmail).map((mail) => mail.subject);
      expect(subjects).to.include('Your story “My ward story” is on hold');
      expect(subjects).to.include('Your story “My ward story” was not published');
      const texts = mailTo(authorEmail).map((mail) => mail.text.replace(/\s+/g, ' '));
      expect(texts.join('\n')).to.contain('Please remove the nurse’s full name.');
      expect(texts.join('\n')).to.contain('This is about a private clinic outside the NHS.');
    });

    it('hears nothing when they gave no email', async () => {
      const story = await submitAccepted(app, { title: 'Anonymous story' });
      await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
        as: moderator,
        body: { action: 'reject', reason: 'Off topic.' },
      });
      await deliverAll();
      expect(smtp.messages.filter((mail) => mail.subject.includes('Anonymous story'))).to.deep.equal([]);
    });

    it('is told their story was received and what happens next', async () => {
      await submitAccepted(app, { email: authorEmail, title: 'Just told' });
      await deliverAll();
      const received = mailTo(authorEmail).find((mail) => mail.subject.includes('Just told'));
      expect(received?.subject).to.equal('Your story “Just told” was received');
      expect(received?.text).to.contain('What happens next');
      expect(received?.html).to.contain('<html lang="en">');
    });

    it('is written to in Gaelic when they told their story in Gaelic: the receipt and a moderator’s reason', async () => {
      const story = await submitAccepted(app, {
        email: authorEmail,
        title: 'Cùram mo sheanmhar',
        language: 'gd',
      });
      const held = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
        as: moderator,
        body: { action: 'hold', reason: 'Please remove the nurse’s full name.' },
      });
      expect(held.status, held.text).to.equal(200);
      await deliverAll();
      const subjects = mailTo(authorEmail).map((mail) => mail.subject);
      expect(subjects).to.have.members([
        'Fhuair sinn an sgeulachd agad “Cùram mo sheanmhar”',
        'Chaidh an sgeulachd agad “Cùram mo sheanmhar” a chumail air ais',
      ]);
      const receipt = mailTo(authorEmail).find((mail) => mail.subject.startsWith('Fhuair')) as ReceivedMail;
      expect(receipt.html).to.contain('<html lang="gd">');
      expect(receipt.text).to.contain('Halò Grateful patient,');
      expect(receipt.text).to.contain('Dè thachras a-nis');
      expect(receipt.text).to.contain('An sgeulachd agad (ceangal prìobhaideach): http');
      expect(receipt.text).not.to.contain('What happens next');
    });

    it('is emailed their private link, which opens author mode with their key', async () => {
      const story = await submitAccepted(app, { email: authorEmail, title: 'Keep my link' });
      await deliverAll();
      const received = mailTo(authorEmail).find((mail) => mail.subject.includes('Keep my link'));
      expect(linksIn(received?.text ?? '')).to.include(
        `${app.baseUrl}/#careloop-author=${story.id}.${story.authorKey}`,
      );
      // Once emailed, the key is no longer kept on the story.
      const stored = await app.models.stories.findById(story.id).lean();
      expect(JSON.stringify(stored)).to.not.contain(story.authorKey);
    });
  });

  describe('responses and replies', () => {
    it('sends the author the response, with who responded, the change marker and a link back to the story', async () => {
      const story = await published({ title: 'Long wait in A&E' });
      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: staff,
        body: { body: 'Thank you. We are adding a second triage nurse.', change: 'planned' },
      });
      expect(response.status, response.text).to.equal(201);
      await deliverAll();
      const received = mailTo(authorEmail).find((mail) => mail.subject.includes('A response to your story'));
      expect(received, 'the response email').not.to.equal(undefined);
      const text = (received as ReceivedMail).text.replace(/\s+/g, ' ');
      expect(text).to.contain('Dr Jean Grant, Clinical Director');
      expect(text).to.contain('We are adding a second triage nurse.');
      expect(text).to.contain('a change is planned');
      expect(linksIn((received as ReceivedMail).text)).to.include(
        `${app.baseUrl}/#careloop-story=${story.id}`,
      );
    });

    it('links the author back to the board site where they told the story, else to their service’s board site', async () => {
      const highlandHospital = 'raigmore-hospital';
      const highlandStaff = await createAccount(app, { role: 'staff', services: [highlandHospital] });
      await app.models.organisations.updateOne(
        { _id: board },
        {
          $set: {
            allowedOrigins: ['https://aaa.example'],
            storyPageUrl: 'https://aaa.example/our-stories#careloop-story={id}',
          },
        },
      );
      await app.models.organisations.updateOne(
        { _id: 'nhs-highland' },
        { $set: { storyPageUrl: 'https://highland.example/stories?story={id}' } },
      );
      try {
        const toldOnSite = await submitStory(
          app,
          { email: authorEmail, title: 'Told on the board site' },
          { headers: { origin: 'https://aaa.example' } },
        );
        expect(toldOnSite.status, toldOnSite.text).to.equal(201);
        const toldElsewhere = await submitAccepted(app, {
          email: authorEmail,
          title: 'Told elsewhere',
          services: [highlandHospital],
        });
        const responders = [
          { story: toldOnSite.body, as: staff },
          { story: toldElsewhere, as: highlandStaff },
        ];
        for (const { story, as } of responders) {
          await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
            as: moderator,
            body: { action: 'publish' },
          });
          const answer = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
            as,
            body: { body: 'Thank you for telling us.' },
          });
          expect(answer.status, answer.text).to.equal(201);
        }
        await deliverAll();
        const linkFor = (title: string) =>
          linksIn(
            mailTo(authorEmail).find((mail) => mail.subject === `A response to your story “${title}”`)
              ?.text ?? '',
          );
        expect(linkFor('Told on the board site')).to.deep.equal([
          `https://aaa.example/our-stories#careloop-story=${toldOnSite.body.id}`,
        ]);
        expect(linkFor('Told elsewhere')).to.deep.equal([
          `https://highland.example/stories?story=${toldElsewhere.id}`,
        ]);
      } finally {
        await app.models.organisations.updateOne(
          { _id: board },
          { $set: { allowedOrigins: [] }, $unset: { storyPageUrl: 1 } },
        );
        await app.models.organisations.updateOne({ _id: 'nhs-highland' }, { $unset: { storyPageUrl: 1 } });
      }
    });

    it('tells subscribed accounts about a response, but not the responder', async () => {
      const colleague = await createAccount(app, { role: 'staff', services: [hospital] });
      await subscribe(colleague, { service: hospital });
      await subscribe(staff, { service: board });
      const story = await published({ title: 'Responded story' });
      await deliverAll();
      smtp.messages.length = 0;
      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: staff,
        body: { body: 'We are looking into this.' },
      });
      expect(response.status, response.text).to.equal(201);
      await deliverAll();
      const toColleague = mailTo(colleague.email);
      expect(toColleague.map((mail) => mail.subject)).to.deep.equal(['New response to “Responded story”']);
      expect(toColleague[0]?.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
      expectNothingPrivate(toColleague[0] as ReceivedMail);
      expect(mailTo(staff.email)).to.deep.equal([]);
    });

    it("tells the story's responders when the author's reply is published", async () => {
      const story = await published({ title: 'Story with a reply' });
      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: staff,
        body: { body: 'Sorry to hear this.' },
      });
      expect(response.status, response.text).to.equal(201);
      const reply = await callApi(app, 'POST', `/stories/${story.id}/replies`, {
        as: story.authorKey,
        body: { body: 'Thank you for listening.' },
      });
      expect(reply.status, reply.text).to.equal(201);
      const publish = await callApi(app, 'POST', `/replies/${reply.body.id}/moderation`, {
        as: moderator,
        body: { action: 'publish' },
      });
      expect(publish.status, publish.text).to.equal(200);
      await deliverAll();
      const received = mailTo(staff.email).find((mail) => mail.subject.includes('replied'));
      expect(received?.subject).to.equal('Grateful patient replied on “Story with a reply”');
      expect(received?.text).to.contain('Thank you for listening.');
      expectNothingPrivate(received as ReceivedMail);
    });
  });
});

async function waitForMail(
  smtp: TestSmtpServer,
  matches: (mail: ReceivedMail) => boolean,
  timeoutMs = 5000,
): Promise<ReceivedMail> {
  for (;;) {
    const found = smtp.messages.find(matches);
    if (found) return found;
    await smtp.waitFor(smtp.messages.length + 1, timeoutMs);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
