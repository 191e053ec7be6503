import { expect } from 'chai';
import { hashToken } from '../../../server/auth/tokens.js';
import { constituencySlug } from '../../../server/feeds/text.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
} from '../../support/stories.js';

/**
 * Nothing private is public: stories are told with contact details from a distinctive client address,
 * moderated (one with a redaction), withdrawn; staff respond (one response hidden by a moderator), an
 * author replies (one reply published, one rejected); then every public answer is fetched, as anonymous
 * and as each author, with every feed (RSS and JSON) and the threads, and searched for anything private.
 * The app's logs are searched the same way, and so is every email the service sent (to subscribers, to
 * the responder, to authors), for anything private of someone other than its recipient.
 */

const clientAddress = '203.0.113.77';
const fromClient = { 'x-forwarded-for': clientAddress };

interface Told {
  title: string;
  body: string;
  email: string;
  /** As submitted; searched for in any spacing or case. */
  postcode: string;
  nickname: string;
  authorRole: string;
  services: string[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
}

/** The words a moderator takes out; neither they nor the story with them may ever be public. */
const redactedPhrase = 'Staff Nurse Euphemia Quarrington';
const heldReason = 'Held until we hear back: please say which ward, Thornbury.';
const rejectedReason = 'Turned down: this reads as an advert, Lindqvist.';

/** A hospital with a constituency (the Crosshouse services have none), for the constituency feed. */
const ayrHospital = 'university-hospital-ayr';
const ayrConstituency = 'Ayr, Carrick and Cumnock';

/** What staff say in public, and what a moderator hides; what the author replies, and what is rejected. */
const plannedResponse = 'We have asked the porters’ lead to share this with the whole team (sycamore).';
const redactedStoryResponse = 'Thank you: we have passed your thanks to the ward (hornbeam).';
const hiddenResponse = 'We have spoken to porter Wilhelmina Ostrowska about this (juniper).';
const publishedReply = 'Thank you for answering so quickly (hazelnut).';
const rejectedReply = 'My neighbour Dorothea Vantongeren at 4 Mill Lane agrees (medlar).';
const replyRejectionReason = 'It names a private person, Vantongeren.';

/** An MP's caseworker who follows the hospital by email, without an account. */
const emailSubscriber = 'caseworker.private.9917@example.gov.uk';

const stories = {
  published: told('A', 'Raigmore porters went out of their way', 'marmalade', {
    email: 'ailsa.private.7731@example.net',
    postcode: 'ka2 0be',
    authorRole: 'carer',
    tags: { good: ['kindness'], improve: [], feelings: ['grateful'] },
  }),
  alsoPublished: told('B', 'The pharmacy hatch was quick', 'periwinkle', {
    email: 'Bryce.Hidden+care@Example.org',
    postcode: 'IV23UJ',
    services: [department],
  }),
  redacted: told('C', `Thank you to ${redactedPhrase}`, 'gooseberry', {
    email: 'carla.secret.4410@example.com',
    postcode: 'eh11ab',
    body: `${redactedPhrase} stayed late to explain my scan results, and the ward was calm and clean.`,
    tags: { good: [redactedPhrase], improve: [], feelings: ['reassured'] },
  }),
  withdrawn: told('D', 'I changed my mind about this one', 'tangerine', {
    email: 'dougie.withdrawn.5520@example.net',
    postcode: 'G12 8QQ',
  }),
  held: told('E', 'Nobody told us about the delay', 'buttercup', {
    email: 'elspeth.held.6631@example.org',
    postcode: 'AB10 1XG',
  }),
  rejected: told('F', 'Buy my amazing supplements', 'hollyhock', {
    email: 'fergus.rejected.7742@example.org',
    postcode: 'DD1 4HN',
  }),
  waiting: told('G', 'Still with the moderator', 'quince', {
    email: 'gordon.waiting.8853@example.org',
    postcode: 'KY1 1XX',
  }),
  inConstituency: told('H', 'The Ayr maternity unit was calm', 'clementine', {
    email: 'hamish.ayr.9964@example.org',
    postcode: 'KA7 1QS',
    services: [ayrHospital],
  }),
};
type StoryName = keyof typeof stories;

/** A story with a word of its own in the title and body, so it can be found in any answer or log. */
function told(letter: string, title: string, word: string, overrides: Partial<Told> = {}): Told {
  return {
    title: `${title} (${word})`,
    body: `Story ${letter}: the ${word} trolley came round twice a day and the staff listened to us.`,
    nickname: `Teller ${letter}`,
    authorRole: 'patient',
    services: [hospital],
    tags: { good: ['listening'], improve: ['parking'], feelings: ['relieved'] },
    email: '',
    postcode: '',
    ...overrides,
  };
}

/** A postcode in any spacing and any case: `KA20BE`, `ka2 0be`, `K A 2 0 B E`. */
function postcodePattern(postcode: string): RegExp {
  return new RegExp(postcode.replace(/\s+/g, '').split('').join('\\s*'), 'i');
}

interface Fetched {
  url: string;
  as: string;
  status: number;
  /** Status line, headers and body: a private value in a header leaks as surely as one in a body. */
  text: string;
  /** Data answers (API JSON), as opposed to the API description and the example page. */
  data: boolean;
}

describe('privacy: nothing private in any public answer, feed, email or log', function () {
  this.timeout(90_000);
  let smtp: TestSmtpServer;
  let app: TestApp;
  let moderator: TestAccount;
  let staff: TestAccount;
  const receipts = {} as Record<StoryName, { id: string; authorKey: string }>;
  let anonymousCrawl: Fetched[];
  const authorCrawls = {} as Record<StoryName, Fetched[]>;
  /** Every email the service sent, as its recipient got it. */
  let mails: ReceivedMail[];

  before(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ config: { trustProxy: true, submissionsPerHour: 1000, smtpUrl: smtp.url } });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator' });
    staff = await createAccount(app, {
      role: 'staff',
      services: [board],
      name: 'Dr Jean Grant',
      jobTitle: 'Clinical Director',
      email: 'jean.grant.responder.3381@example.org',
    });
    app.services.mail.startWorker({ pollMs: 20 });
    app.services.notifier.start({ pollMs: 20 });

    // Followers: the staff account by its own subscription, a caseworker by email (double opt-in).
    const following = await callApi(app, 'POST', '/subscriptions', { as: staff, body: { service: board } });
    expect(following.status, following.text).to.equal(201);
    for (const service of [hospital, ayrHospital]) {
      const asked = await callApi(app, 'POST', '/email-subscriptions', {
        body: { email: emailSubscriber, service },
      });
      expect(asked.status, asked.text).to.equal(202);
    }
    for (const confirmation of await mailsTo(emailSubscriber, 2)) {
      const token = /confirm-subscription\?token=([\w.-]+)/.exec(confirmation.text)?.[1];
      expect(token, confirmation.text).to.be.a('string');
      const confirmed = await callApi(app, 'POST', '/email-subscriptions/confirm', { body: { token } });
      expect(confirmed.status, confirmed.text).to.equal(200);
    }

    for (const [name, story] of Object.entries(stories) as [StoryName, Told][]) {
      const submitted = await callApi(app, 'POST', '/stories', {
        body: { ...story, consent: true },
        headers: fromClient,
      });
      expect(submitted.status, submitted.text).to.equal(201);
      receipts[name] = { id: submitted.body.id, authorKey: submitted.body.authorKey };
    }

    await moderate('published', { action: 'publish', criticality: 4 });
    await moderate('alsoPublished', { action: 'publish', criticality: 1 });
    await moderate('redacted', {
      action: 'publish',
      title: stories.redacted.title.replace(redactedPhrase, 'the night nurse'),
      body: stories.redacted.body.replace(redactedPhrase, 'A nurse'),
      tags: { good: ['kind nurse'] },
      criticality: 5,
    });
    await moderate('withdrawn', { action: 'publish', criticality: 3 });
    const withdrawal = await callApi(app, 'POST', `/stories/${receipts.withdrawn.id}/withdrawal`, {
      as: receipts.withdrawn.authorKey,
      headers: fromClient,
    });
    expect(withdrawal.status, withdrawal.text).to.equal(200);
    await moderate('held', { action: 'hold', reason: heldReason, criticality: 2 });
    await moderate('rejected', { action: 'reject', reason: rejectedReason });
    await moderate('inConstituency', { action: 'publish', criticality: 2 });

    await respond('published', plannedResponse, 'planned');
    await respond('redacted', redactedStoryResponse);
    const toHide = await respond('alsoPublished', hiddenResponse);
    const hiding = await callApi(
      app,
      'POST',
      `/stories/${receipts.alsoPublished.id}/responses/${toHide}/hide`,
      { as: moderator, body: { reason: 'It names a member of staff.' } },
    );
    expect(hiding.status, hiding.text).to.equal(200);
    await replyAndModerate(publishedReply, { action: 'publish' });
    await replyAndModerate(rejectedReply, { action: 'reject', reason: replyRejectionReason });

    // Whatever the workers have not sent yet, sent now; then nothing more is coming.
    await app.services.notifier.runOnce();
    await app.services.mail.drain();
    await app.services.notifier.stop();
    await app.services.mail.stopWorker();
    mails = smtp.messages;

    anonymousCrawl = await crawl(undefined, 'anonymous');
    for (const name of Object.keys(stories) as StoryName[]) {
      authorCrawls[name] = await crawl(receipts[name].authorKey, `author of ${name}`);
    }
  });

  after(async () => {
    await app?.close();
    await smtp?.stop();
  });

  /** Waits (up to 10 s) for `count` emails to `address`. */
  async function mailsTo(address: string, count: number): Promise<ReceivedMail[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const received = smtp.messages.filter((mail) => mail.envelopeTo.includes(address));
      if (received.length >= count) return received;
      if (Date.now() > deadline)
        throw new Error(`expected ${count} emails to ${address}, got ${received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The staff account responds in public; answers the response's id. */
  async function respond(name: StoryName, body: string, change?: 'planned' | 'made'): Promise<string> {
    const answer = await callApi(app, 'POST', `/stories/${receipts[name].id}/responses`, {
      as: staff,
      body: { body, ...(change ? { change } : {}) },
      headers: fromClient,
    });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body.id as string;
  }

  /** The author of the published story replies with their key; a moderator acts on the reply. */
  async function replyAndModerate(body: string, action: Record<string, unknown>): Promise<void> {
    const replied = await callApi(app, 'POST', `/stories/${receipts.published.id}/replies`, {
      as: receipts.published.authorKey,
      body: { body },
      headers: fromClient,
    });
    expect(replied.status, replied.text).to.equal(201);
    const moderated = await callApi(app, 'POST', `/replies/${replied.body.id}/moderation`, {
      as: moderator,
      body: action,
    });
    expect(moderated.status, moderated.text).to.equal(200);
  }

  async function moderate(name: StoryName, body: Record<string, unknown>): Promise<void> {
    const answer = await callApi(app, 'POST', `/stories/${receipts[name].id}/moderation`, {
      as: moderator,
      body,
    });
    expect(answer.status, answer.text).to.equal(200);
  }

  /** Every public page, as anonymous or with an author key; story lists are followed page by page. */
  async function crawl(authorKey: string | undefined, as: string): Promise<Fetched[]> {
    const today = new Date().toISOString().slice(0, 10);
    const fetched: Fetched[] = [];
    const get = async (path: string, data = true): Promise<Fetched> => {
      const response = await fetch(`${app.baseUrl}${path}`, {
        headers: { ...fromClient, ...(authorKey ? { authorization: `Bearer ${authorKey}` } : {}) },
      });
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      const page: Fetched = {
        url: path,
        as,
        status: response.status,
        text: `${response.status} ${response.statusText}\n${headers}\n\n${await response.text()}`,
        data,
      };
      fetched.push(page);
      return page;
    };

    await get('/healthz');
    await get('/', false);
    await get('/api/v1/openapi.json', false);

    for (const query of [
      '',
      '?roots=true',
      `?parent=${board}`,
      `?parent=${hospital}`,
      '?q=crosshouse',
      '?kind=hospital',
    ]) {
      await get(`/api/v1/services${query}`);
    }
    for (const id of [board, hospital, department, otherBoardHospital]) await get(`/api/v1/services/${id}`);

    const storyQueries = [
      '',
      `?service=${board}`,
      `?service=${hospital}`,
      `?service=${department}`,
      '?q=trolley',
      '?q=marmalade',
      '?tag=kindness',
      '?tag=listening',
      '?authorRole=carer',
      '?authorRole=patient',
      `?from=${today}`,
      `?to=${today}`,
      `?from=${today}&to=${today}`,
      '?responded=false',
      '?responded=true',
      `?service=${board}&q=staff&tag=listening&authorRole=patient&from=${today}&to=${today}&responded=false`,
    ];
    for (const query of storyQueries) {
      // One story a page, so every cursor is fetched too.
      let next: string | null = `/api/v1/stories${query}${query ? '&' : '?'}limit=1`;
      for (let pages = 0; next && pages < 20; pages += 1) {
        const page = await get(next);
        expect(page.status, page.text).to.equal(200);
        const cursor = (JSON.parse(page.text.slice(page.text.indexOf('\n\n') + 2)) as { next: string | null })
          .next;
        next = cursor
          ? `/api/v1/stories${query}${query ? '&' : '?'}limit=1&cursor=${encodeURIComponent(cursor)}`
          : null;
      }
    }
    for (const name of Object.keys(stories) as StoryName[]) await get(`/api/v1/stories/${receipts[name].id}`);
    // Feeds read no credentials: once, in the anonymous crawl, is every reader's view.
    if (!authorKey) await crawlFeeds(get);
    return fetched;
  }

  /**
   * Every feed about the stories told here: per service (and with responses), per constituency, per tag,
   * per story thread, in RSS and JSON Feed (older pages followed), the /feeds page and the API's feed URLs.
   */
  async function crawlFeeds(get: (path: string, data?: boolean) => Promise<Fetched>): Promise<void> {
    const index = await get('/feeds', false);
    expect(index.status, index.text).to.equal(200);
    const services = [board, hospital, department, otherBoardHospital, ayrHospital];
    const feedPaths: string[] = [];
    for (const id of services) {
      const urls = await get(`/api/v1/services/${id}/feeds`);
      expect(urls.status, urls.text).to.equal(200);
      const listed = JSON.parse(bodyOf(urls)) as Record<string, string>;
      feedPaths.push(...Object.values(listed).map((url) => new URL(url).pathname + new URL(url).search));
    }
    feedPaths.push(
      ...['rss', 'json'].map(
        (format) => `/feeds/constituencies/${constituencySlug(ayrConstituency)}.${format}`,
      ),
    );
    const tags = ['kindness', 'listening', 'parking', 'relieved', 'grateful', 'kind nurse', redactedPhrase];
    for (const tag of tags) {
      for (const format of ['rss', 'json'])
        feedPaths.push(`/feeds/tags/${encodeURIComponent(tag)}.${format}`);
    }
    for (const name of Object.keys(stories) as StoryName[]) {
      for (const format of ['rss', 'json']) feedPaths.push(`/feeds/stories/${receipts[name].id}.${format}`);
    }
    for (const path of feedPaths) {
      let next: string | undefined = path;
      for (let pages = 0; next && pages < 5; pages += 1) {
        const page = await get(next);
        next = undefined;
        if (page.status === 200 && path.includes('.json')) {
          const nextUrl = (JSON.parse(bodyOf(page)) as { next_url?: string }).next_url;
          if (nextUrl) next = new URL(nextUrl).pathname + new URL(nextUrl).search;
        }
      }
    }
  }

  function bodyOf(page: Fetched): string {
    return page.text.slice(page.text.indexOf('\n\n') + 2);
  }

  function everyCrawl(): Fetched[] {
    return [anonymousCrawl, ...Object.values(authorCrawls)].flat();
  }

  /** The tag feeds the crawl asks for by the redacted phrase (its request carries the phrase). */
  function askedForRedactedPhrase(page: Fetched): boolean {
    return page.url.includes(encodeURIComponent(redactedPhrase));
  }

  /** Pages that contain `found`, named for the failure message. */
  function pagesWhere(pages: Fetched[], found: (text: string) => boolean): string[] {
    return pages.filter((page) => found(page.text)).map((page) => `${page.as}: GET ${page.url}`);
  }

  it('crawled every public page successfully (the crawl itself is not empty)', () => {
    expect(anonymousCrawl.length).to.be.above(40);
    const publishedIds = [receipts.published.id, receipts.alsoPublished.id, receipts.redacted.id];
    const listed = anonymousCrawl.filter((page) => page.url.startsWith(`/api/v1/stories?service=${board}&`));
    for (const id of publishedIds) {
      expect(
        listed.some((page) => page.text.includes(id)),
        `story ${id} listed`,
      ).to.equal(true);
    }
  });

  it('crawled every feed and thread (the public sees responses, the change marker and the published reply)', () => {
    const page = (url: string) => anonymousCrawl.find((fetched) => fetched.url === url);
    for (const format of ['rss', 'json']) {
      const thread = page(`/feeds/stories/${receipts.published.id}.${format}`);
      expect(thread?.status, `story feed ${format}`).to.equal(200);
      expect(thread?.text).to.include('sycamore').and.to.include('hazelnut');
      expect(page(`/feeds/services/${board}.${format}`)?.text).to.include('marmalade');
      expect(page(`/feeds/services/${board}.${format}?include=responses`)?.text).to.include('sycamore');
      expect(page(`/feeds/constituencies/${constituencySlug(ayrConstituency)}.${format}`)?.text).to.include(
        'clementine',
      );
      expect(page(`/feeds/tags/kindness.${format}`)?.text).to.include('marmalade');
    }
    const story = page(`/api/v1/stories/${receipts.published.id}`);
    expect(story?.text).to.include('sycamore').and.to.include('hazelnut').and.to.include('"planned"');
  });

  it('shows no email address, in any case, nor its local part', () => {
    const others = [{ email: staff.email }, { email: emailSubscriber }];
    for (const story of [...Object.values(stories), ...others]) {
      const email = story.email.toLowerCase();
      const localPart = email.split('@')[0]!;
      expect(
        pagesWhere(everyCrawl(), (text) => text.toLowerCase().includes(localPart)),
        email,
      ).to.deep.equal([]);
    }
  });

  it('shows no postcode, in any spacing or case', () => {
    for (const story of Object.values(stories)) {
      const pattern = postcodePattern(story.postcode);
      expect(
        pagesWhere(everyCrawl(), (text) => pattern.test(text)),
        story.postcode,
      ).to.deep.equal([]);
    }
  });

  it('shows no client IP address', () => {
    expect(pagesWhere(everyCrawl(), (text) => text.includes(clientAddress))).to.deep.equal([]);
  });

  it('shows no author key and no author key hash', () => {
    for (const { authorKey } of Object.values(receipts)) {
      const hash = hashToken(authorKey);
      expect(
        pagesWhere(everyCrawl(), (text) => text.includes(authorKey) || text.includes(hash)),
      ).to.deep.equal([]);
    }
  });

  it('never shows the phrase a moderator redacted, nor finds the story by it', async () => {
    const phraseWords = ['Euphemia', 'Quarrington'];
    // The tag feed asked for by the phrase repeats what was asked for, and must find nothing.
    const byPhrase = everyCrawl().filter(askedForRedactedPhrase);
    expect(byPhrase).to.have.length(2);
    for (const page of byPhrase)
      expect(page.text, page.url).not.to.match(/gooseberry|"items":\s*\[\s*\{|<item>/);
    expect(
      pagesWhere(
        everyCrawl().filter((page) => !askedForRedactedPhrase(page)),
        (text) => phraseWords.some((word) => text.toLowerCase().includes(word.toLowerCase())),
      ),
    ).to.deep.equal([]);
    for (const query of ['?q=quarrington', `?tag=${encodeURIComponent(redactedPhrase.toLowerCase())}`]) {
      const { status, body } = await callApi(app, 'GET', `/stories${query}`);
      expect(status).to.equal(200);
      expect(body.items, query).to.deep.equal([]);
    }
  });

  it('does not find a story by its author’s email or postcode', async () => {
    for (const query of ['?q=ailsa', `?q=${encodeURIComponent('KA2 0BE')}`, '?q=ka20be', '?q=example.net']) {
      const { status, body } = await callApi(app, 'GET', `/stories${query}`);
      expect(status).to.equal(200);
      expect(body.items, query).to.deep.equal([]);
    }
  });

  it('shows the text of no story that is withdrawn, held, rejected or still waiting, to anyone but its author', () => {
    for (const name of ['withdrawn', 'held', 'rejected', 'waiting'] as const) {
      const word = /\((\w+)\)$/.exec(stories[name].title)![1]!;
      const others = [
        anonymousCrawl,
        ...Object.entries(authorCrawls)
          .filter(([who]) => who !== name)
          .map(([, pages]) => pages),
      ];
      expect(
        pagesWhere(others.flat(), (text) => text.includes(word)),
        name,
      ).to.deep.equal([]);
    }
  });

  it('shows a hidden response to nobody, and a rejected reply only to its author', () => {
    expect(pagesWhere(everyCrawl(), (text) => /juniper|Ostrowska/.test(text))).to.deep.equal([]);
    const own = authorCrawls.published.find(
      (page) => page.url === `/api/v1/stories/${receipts.published.id}`,
    )!;
    expect(own.text).to.include('medlar').and.to.include(JSON.stringify(replyRejectionReason));
    const elsewhere = everyCrawl().filter((page) => page !== own);
    expect(
      pagesWhere(elsewhere, (text) => /medlar|Vantongeren/.test(text)),
      'the rejected reply or its reason',
    ).to.deep.equal([]);
  });

  it('shows a hold or rejection reason to that story’s author only', () => {
    for (const [name, reason] of [
      ['held', heldReason],
      ['rejected', rejectedReason],
    ] as const) {
      const own = authorCrawls[name].find((page) => page.url === `/api/v1/stories/${receipts[name].id}`)!;
      expect(own.status).to.equal(200);
      expect(own.text).to.include(JSON.stringify(reason));
      const elsewhere = everyCrawl().filter((page) => page !== own);
      expect(
        pagesWhere(elsewhere, (text) => text.includes(reason)),
        name,
      ).to.deep.equal([]);
    }
  });

  it('puts no private field name in any data answer (criticality, flags, moderation, hashes, contact details)', () => {
    const privateWords = [
      'passwordHash',
      'authorKeyHash',
      'flags',
      'moderation',
      'criticality',
      'clientAddress',
    ];
    const privateKeys = ['"email"', '"postcode"', '"source"', '"searchTerms"', '"tagList"'];
    for (const word of [...privateWords, ...privateKeys]) {
      const pages = everyCrawl().filter((page) => page.data);
      expect(
        pagesWhere(pages, (text) => text.toLowerCase().includes(word.toLowerCase())),
        word,
      ).to.deep.equal([]);
    }
    // The API description documents the moderation routes, but never the stored secrets' field names.
    for (const word of ['passwordHash', 'authorKeyHash']) {
      expect(
        pagesWhere(everyCrawl(), (text) => text.includes(word)),
        word,
      ).to.deep.equal([]);
    }
  });

  /** Everything a recipient's mail client could show or reveal: decoded parts, headers and the raw message. */
  function mailText(mail: ReceivedMail): string {
    return [mail.subject, JSON.stringify(mail.headers), mail.text, mail.html, mail.raw].join('\n');
  }

  /** The emails that went to anyone but `address`, named for the failure message. */
  function mailsNotTo(address: string): ReceivedMail[] {
    return mails.filter((mail) => !mail.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  function mailsWhere(sent: ReceivedMail[], found: (text: string) => boolean): string[] {
    return sent
      .filter((mail) => found(mailText(mail)))
      .map((mail) => `to ${mail.envelopeTo}: ${mail.subject}`);
  }

  it('emailed the followers, the author about the response and the responder about the reply, with absolute links', () => {
    const to = (address: string) => mails.filter((mail) => mail.envelopeTo.includes(address));
    for (const follower of [staff.email, emailSubscriber]) {
      expect(
        to(follower).some((mail) => mail.text.includes(receipts.published.id)),
        `${follower} alerted`,
      ).to.equal(true);
    }
    expect(to(stories.published.email).some((mail) => mail.text.includes('sycamore'))).to.equal(true);
    expect(to(staff.email).some((mail) => mail.text.includes('hazelnut'))).to.equal(true);
    for (const mail of mails) {
      const links = mail.text.match(/https?:\/\/[^\s>"]+/g) ?? [];
      expect(
        links.filter((link) => !link.startsWith(`${app.baseUrl}/`)),
        mail.subject,
      ).to.deep.equal([]);
    }
  });

  it('emails nobody another person’s email address, postcode or author key', () => {
    expect(mails.length).to.be.above(10);
    for (const [name, story] of Object.entries(stories) as [StoryName, Told][]) {
      const others = mailsNotTo(story.email);
      const localPart = story.email.toLowerCase().split('@')[0]!;
      const postcode = postcodePattern(story.postcode);
      const { authorKey } = receipts[name];
      expect(
        mailsWhere(others, (text) => text.toLowerCase().includes(localPart) || postcode.test(text)),
        name,
      ).to.deep.equal([]);
      expect(
        mailsWhere(others, (text) => text.includes(authorKey) || text.includes(hashToken(authorKey))),
        `${name}'s author key`,
      ).to.deep.equal([]);
    }
    for (const address of [staff.email, emailSubscriber]) {
      const localPart = address.split('@')[0]!;
      expect(
        mailsWhere(mailsNotTo(address), (text) => text.toLowerCase().includes(localPart)),
        address,
      ).to.deep.equal([]);
    }
  });

  it('emails no client IP address or criticality to anyone, nor redacted or rejected words to anyone but their author', () => {
    expect(mailsWhere(mails, (text) => text.includes(clientAddress))).to.deep.equal([]);
    expect(mailsWhere(mails, (text) => /criticality/i.test(text))).to.deep.equal([]);
    expect(
      mailsWhere(mailsNotTo(stories.redacted.email), (text) => /Euphemia|Quarrington/i.test(text)),
    ).to.deep.equal([]);
    expect(
      mailsWhere(mailsNotTo(stories.published.email), (text) => /medlar|Vantongeren/i.test(text)),
    ).to.deep.equal([]);
  });

  it('logs no email, postcode, IP address, author key or story text', () => {
    const logText = app.logLines.map((line) => JSON.stringify(line));
    expect(logText.length).to.be.above(100);
    const found = (test: (line: string) => boolean) => logText.filter(test);
    for (const [name, story] of Object.entries(stories)) {
      const word = /\((\w+)\)$/.exec(story.title)![1]!;
      const postcode = postcodePattern(story.postcode);
      expect(
        found((line) => line.toLowerCase().includes(story.email.toLowerCase().split('@')[0]!)),
        name,
      ).to.deep.equal([]);
      expect(
        found((line) => postcode.test(line)),
        name,
      ).to.deep.equal([]);
      expect(
        found((line) => line.includes(word) || line.includes(story.body.slice(0, 30))),
        name,
      ).to.deep.equal([]);
    }
    expect(found((line) => line.includes(clientAddress))).to.deep.equal([]);
    // Except the request lines of the tag feeds the crawl asked for by the phrase: their path is the question.
    const askedForPhrase = (line: string) => line.includes(encodeURIComponent(redactedPhrase));
    expect(found((line) => /Euphemia|Quarrington/i.test(line) && !askedForPhrase(line))).to.deep.equal([]);
    expect(
      found((line) => /hazelnut|medlar|Vantongeren/i.test(line)),
      'reply text',
    ).to.deep.equal([]);
    for (const address of [staff.email, emailSubscriber]) {
      expect(found((line) => line.toLowerCase().includes(address.split('@')[0]!))).to.deep.equal([]);
    }
    for (const { authorKey } of Object.values(receipts))
      expect(found((line) => line.includes(authorKey))).to.deep.equal([]);
  });
});
