import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import PostalMime from 'postal-mime';
import {
  demoAccountsIn,
  mainApi,
  startMain,
  stopMain,
  type DemoAccount,
  type RunningMain,
} from '../../support/main-process.js';

/**
 * The responses issue's "Done when", as a newcomer does it after `npm start`: the real entry point on a
 * fresh data directory, no SMTP_URL (so email lands as .eml files in `<data dir>/mail`). The demo
 * moderator publishes the waiting story and a story just told with an email address; the demo staff
 * account responds with "change planned"; the API shows the thread and who is listening; the alert and
 * the author's email are in the mail folder.
 */

/** One .eml file from the mail folder, parsed as a mail client would show it. */
interface MailFile {
  file: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

const author = {
  email: 'newcomer.private.4471@example.net',
  postcode: 'IV2 3UJ',
  nickname: 'Skye walker',
};
const newStory = {
  title: 'Kind staff in the Emergency Department',
  body: 'I waited a long time, but every nurse I spoke to was kind and explained what was happening.',
  nickname: author.nickname,
  authorRole: 'patient',
  services: ['raigmore-emergency-department'],
  tags: { good: ['kind staff'], improve: ['waiting time'], feelings: ['reassured'] },
  email: author.email,
  postcode: author.postcode,
  consent: true,
};
const plannedResponse =
  'Thank you for telling us. We are changing how we keep people informed while they wait in the Emergency Department.';

async function signIn(main: RunningMain, account: DemoAccount): Promise<string> {
  const answer = await mainApi(main, 'POST', '/sessions', {
    body: { email: account.email, password: account.password },
  });
  expect(answer.status, answer.text).to.equal(201);
  return answer.body.token as string;
}

/** Every .eml file in the mail folder, parsed. */
async function mailFolder(mailDir: string): Promise<MailFile[]> {
  const files = (await readdir(mailDir).catch(() => [] as string[])).filter((file) => file.endsWith('.eml'));
  return Promise.all(
    files.sort().map(async (file) => {
      const raw = await readFile(join(mailDir, file), 'utf8');
      const mail = await PostalMime.parse(raw);
      const headers: Record<string, string> = {};
      for (const header of mail.headers) headers[header.key.toLowerCase()] ??= header.value;
      return {
        file,
        to: (mail.to ?? []).map((address) => address.address ?? ''),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: mail.html ?? '',
        headers,
        raw,
      };
    }),
  );
}

/** Waits up to 10 s for a mail in the folder that `matches`. */
async function waitForMail(mailDir: string, matches: (mail: MailFile) => boolean): Promise<MailFile> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await mailFolder(mailDir)).find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const present = (await mailFolder(mailDir)).map((mail) => `${mail.to}: ${mail.subject}`);
      throw new Error(
        `no such mail in ${mailDir} within 10 s; the folder holds ${JSON.stringify(present)}` +
          ' (does the entry point start the mail worker and the notifier?)',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s>"]+/g) ?? [];
}

function expectNothingPrivateOfTheAuthor(text: string): void {
  expect(text.toLowerCase()).not.to.contain(author.email.split('@')[0]);
  expect(text).not.to.match(/IV2\s*3UJ/i);
  expect(text).not.to.match(/cla_/);
  expect(text.toLowerCase()).not.to.contain('criticality');
}

describe('the demo, end to end: publish, respond with a change planned, the thread and the emails', function () {
  this.timeout(120_000);
  let dataDir: string;
  let mailDir: string;
  let running: RunningMain;
  let moderator: DemoAccount;
  let staff: DemoAccount;
  /** The story the seed left waiting for the moderator. */
  let waiting: { id: string; title: string };
  /** The story told here, with an email address and a postcode. */
  let told: { id: string; authorKey: string };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-demo-flow-'));
    mailDir = join(dataDir, 'mail');
    running = await startMain(dataDir);
    const accounts = demoAccountsIn(running.stderr());
    moderator = accounts.find((account) => account.role === 'moderator')!;
    staff = accounts.find((account) => account.role === 'staff')!;
    expect(moderator, 'the banner lists the demo moderator').not.to.equal(undefined);
    expect(staff, 'the banner lists the demo staff').not.to.equal(undefined);
  });

  after(async () => {
    await stopMain(running);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes a new story with the author’s email and postcode, and keeps it for the moderator', async () => {
    const answer = await mainApi(running, 'POST', '/stories', {
      body: newStory,
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(answer.status, answer.text).to.equal(201);
    expect(answer.body.status).to.equal('submitted');
    told = { id: answer.body.id, authorKey: answer.body.authorKey };
    expect((await mainApi(running, 'GET', `/stories/${told.id}`)).status).to.equal(404);
  });

  it('lets the demo moderator publish the waiting demo story and the new one', async () => {
    const token = await signIn(running, moderator);
    const queue = await mainApi(running, 'GET', '/moderation/queue', { token });
    expect(queue.status, queue.text).to.equal(200);
    const items = queue.body.items as { id: string; title: string; status: string }[];
    expect(items.map((item) => item.id)).to.include(told.id);
    waiting = items.find((item) => item.id !== told.id)!;
    expect(waiting, 'the seeded story waits in the queue').not.to.equal(undefined);

    for (const id of [waiting.id, told.id]) {
      const published = await mainApi(running, 'POST', `/stories/${id}/moderation`, {
        token,
        body: { action: 'publish' },
      });
      expect(published.status, published.text).to.equal(200);
      expect(published.body.status).to.equal('published');
      expect((await mainApi(running, 'GET', `/stories/${id}`)).status).to.equal(200);
    }
  });

  it('lets the demo staff account read both stories and respond to them with "change planned"', async () => {
    const token = await signIn(running, staff);
    for (const id of [waiting.id, told.id]) {
      const read = await mainApi(running, 'POST', `/stories/${id}/reads`, { token });
      expect(read.status, read.text).to.equal(201);
      const responded = await mainApi(running, 'POST', `/stories/${id}/responses`, {
        token,
        body: { body: plannedResponse, change: 'planned' },
      });
      expect(responded.status, responded.text).to.equal(201);
      expect(responded.body.change).to.equal('planned');
    }
  });

  it('shows anyone the thread, the change marker and who is listening, through GET /stories/:id', async () => {
    for (const id of [waiting.id, told.id]) {
      // The alert goes out moments after publication; the story then shows who was alerted.
      const deadline = Date.now() + 10_000;
      let story = await mainApi(running, 'GET', `/stories/${id}`);
      while (story.body.listening?.alertedOrganisations?.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        story = await mainApi(running, 'GET', `/stories/${id}`);
      }
      expect(story.status, story.text).to.equal(200);
      expect(story.body).to.include({ responseCount: 1, responded: true, change: 'planned' });
      expect(story.body.thread).to.have.length(1);
      expect(story.body.thread[0]).to.deep.include({
        type: 'response',
        body: plannedResponse,
        change: 'planned',
      });
      expect(story.body.thread[0].responder).to.deep.include({
        name: 'Dr Iain MacLeod',
        jobTitle: 'Patient Experience Lead',
      });
      expect(story.body.thread[0].responder.organisation.name).to.equal('NHS Highland');
      expect(story.body.listening.alertedOrganisations).to.deep.include({
        id: 'nhs-highland',
        name: 'NHS Highland',
      });
      expect(story.body.listening.readCount).to.equal(1);
      expect(story.text).not.to.contain(staff.email);
      expectNothingPrivateOfTheAuthor(story.text);
    }
  });

  it('puts an alert about each publication for the demo staff in the mail folder, with absolute links and nothing private of the author', async () => {
    for (const story of [waiting, { id: told.id, title: newStory.title }]) {
      const alert = await waitForMail(
        mailDir,
        (mail) => mail.to.includes(staff.email) && mail.subject.includes(story.title),
      );
      expect(alert.text).to.contain(`${running.publicUrl}/#careloop-story=${story.id}`);
      expect(alert.html).to.contain(`href="${running.publicUrl}/#careloop-story=${story.id}"`);
      for (const link of linksIn(alert.text)) expect(link).to.match(/^https?:\/\/[^/\s]+\//);
      expect(alert.headers['list-unsubscribe']).to.match(
        new RegExp(`^<${running.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/unsubscribe\\?token=`),
      );
      expectNothingPrivateOfTheAuthor(alert.raw);
      expectNothingPrivateOfTheAuthor(`${alert.text}\n${alert.html}`);
    }
  });

  it('links back to the service at the port it listens on, when PORT=0 picked a free one', async () => {
    const { port } = new URL(running.baseUrl);
    // An alert from a subscription (the provider-preview notices staff also get have no unsubscribe).
    const alert = await waitForMail(
      mailDir,
      (mail) => mail.to.includes(staff.email) && mail.headers['list-unsubscribe'] !== undefined,
    );
    const unsubscribe = /^<([^>]+)>$/.exec(alert.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    expect(new URL(unsubscribe).port, unsubscribe).to.equal(port);
  });

  it('puts the email to the author about the response in the mail folder, linking back to the story on the board site', async () => {
    const mail = await waitForMail(
      mailDir,
      (candidate) => candidate.to.includes(author.email) && /response/i.test(candidate.subject),
    );
    expect(mail.subject).to.contain(newStory.title);
    expect(mail.text).to.contain('Dr Iain MacLeod');
    expect(mail.text).to.match(/change is planned/i);
    expect(mail.html).to.contain(plannedResponse);
    expect(linksIn(mail.text)).to.include(`${running.publicUrl}/#careloop-story=${told.id}`);
    // Only the author's own private link carries their key, never the response email.
    expect(mail.raw).not.to.contain(told.authorKey);
  });

  it('sends nobody but the author anything with the author’s email or postcode', async () => {
    const mails = await mailFolder(mailDir);
    expect(mails.length).to.be.at.least(3);
    for (const mail of mails.filter((candidate) => !candidate.to.includes(author.email))) {
      expectNothingPrivateOfTheAuthor(`${mail.raw}\n${mail.text}\n${mail.html}`);
    }
  });

  it('logs each mail file, but never the author’s email, postcode or the text of their story', () => {
    const logs = running.stdout();
    expect(logs).to.contain('mail written to file');
    expect(logs.toLowerCase()).not.to.contain(author.email.split('@')[0]);
    expect(logs).not.to.match(/IV2\s*3UJ/i);
    expect(logs).not.to.contain(told.authorKey);
    expect(logs).not.to.contain(newStory.title);
    expect(logs).not.to.contain(newStory.body.slice(0, 40));
  });
});
