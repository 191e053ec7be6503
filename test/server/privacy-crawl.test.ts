import { expect } from 'chai';
import { hashToken } from '../../server/auth/tokens.js';
import { callApi, createAccount, type TestAccount } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { board, department, hospital, loadScotlandServices, otherBoardHospital } from '../support/stories.js';

/**
 * Nothing private is public: stories are told with contact details from a distinctive client address,
 * moderated (one with a redaction), withdrawn; then every public answer is fetched, as anonymous and as
 * each author, and searched for anything private. The app's logs are searched the same way.
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

describe('privacy: nothing private in any public answer or log', function () {
  this.timeout(60_000);
  let app: TestApp;
  let moderator: TestAccount;
  const receipts = {} as Record<StoryName, { id: string; authorKey: string }>;
  let anonymousCrawl: Fetched[];
  const authorCrawls = {} as Record<StoryName, Fetched[]>;

  before(async () => {
    app = await startTestApp({ config: { trustProxy: true, submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator' });

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

    anonymousCrawl = await crawl(undefined, 'anonymous');
    for (const name of Object.keys(stories) as StoryName[]) {
      authorCrawls[name] = await crawl(receipts[name].authorKey, `author of ${name}`);
    }
  });

  after(async () => {
    await app?.close();
  });

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
    return fetched;
  }

  function everyCrawl(): Fetched[] {
    return [anonymousCrawl, ...Object.values(authorCrawls)].flat();
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

  it('shows no email address, in any case, nor its local part', () => {
    for (const story of Object.values(stories)) {
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
    expect(
      pagesWhere(everyCrawl(), (text) =>
        phraseWords.some((word) => text.toLowerCase().includes(word.toLowerCase())),
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
    expect(found((line) => /Euphemia|Quarrington/i.test(line))).to.deep.equal([]);
    for (const { authorKey } of Object.values(receipts))
      expect(found((line) => line.includes(authorKey))).to.deep.equal([]);
  });
});
