import { expect } from 'chai';
import type { Document } from 'mongodb';
import { seedFeedData, type SeededData } from '../../bench/parts/feeds/seed.js';
import { constituencySlug } from '../../server/feeds/text.js';
import { ensureIndexes } from '../../server/models/index.js';
import { encodeCursor } from '../../server/services/pagination.js';
import { createAccount, type TestAccount } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** Published stories in the store: many times any page, so a query that scans shows it at once. */
const STORIES = 3_000;
/**
 * What a query may examine beyond what it returns: a page's worth of skipped documents (a response
 * whose story was withdrawn, a story held again) is fine; reading the board's whole history is not.
 */
const SLACK = 25;
/** Collections that do not grow with the stories told: the service tree and the settings. */
const BOUNDED_COLLECTIONS = new Set(['organisations', 'settings']);

/**
 * A page may examine what it returns and the slack. An exact total (a list's first page says how many
 * stories match) must read every match, on MongoDB too (a COUNT_SCAN of the index keys): it may examine
 * what it counts, twice over (an index narrows to the leading fields, a word search filters the rest).
 */
function allowedExamined(cost: QueryCost): number {
  return cost.method === 'countDocuments' ? 2 * cost.returned + SLACK : cost.returned + SLACK;
}

interface CapturedQuery {
  collection: string;
  method: string;
  filter: Document;
  options: Document;
}

interface QueryCost extends CapturedQuery {
  examined: number;
  returned: number;
}

/**
 * Each request a reader, a feed reader or staff make, served with the public caches off, so every one
 * goes to the store: the queries it makes are captured (mongoose's debug hook sees exactly what goes to
 * the store) and each is explained by the store itself. A query whose cost grows with history — one that
 * examines many more documents than it returns — is named with its filter and sort.
 */
describe('query costs: every read examines about what it returns, however long the history', function () {
  this.timeout(120_000);
  let app: TestApp;
  let seeded: SeededData;
  let staff: TestAccount;
  let moderator: TestAccount;
  const captured: CapturedQuery[] = [];

  before(async function () {
    app = await startTestApp({ config: { feedCache: false } });
    seeded = await seedFeedData(app, STORIES);
    staff = await createAccount(app, { role: 'staff', services: [seeded.busiestBoard.id] });
    moderator = await createAccount(app, { role: 'moderator' });
    app.connection.set('debug', (collection: string, method: string, filter: Document, options: Document) => {
      captured.push({ collection, method, filter, options: options ?? {} });
    });
  });

  after(async function () {
    await app?.close();
  });

  /** Runs the request and explains every query it made against a collection that grows with history. */
  async function costsOf(path: string, token?: string): Promise<QueryCost[]> {
    captured.length = 0;
    const response = await fetch(`${app.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).to.equal(200);
    await response.arrayBuffer();
    const costs: QueryCost[] = [];
    for (const query of captured.splice(0)) {
      if (BOUNDED_COLLECTIONS.has(query.collection)) continue;
      if (!['find', 'findOne', 'countDocuments'].includes(query.method)) continue;
      const { sort, limit, projection } = query.options as {
        sort?: Document;
        limit?: number;
        projection?: Document;
      };
      const explained = await app.connection
        .db!.collection(query.collection)
        .find(query.filter, { sort, projection, limit: query.method === 'findOne' ? 1 : limit })
        .explain('executionStats');
      const stats = explained.executionStats as { totalDocsExamined: number; nReturned: number };
      costs.push({ ...query, examined: stats.totalDocsExamined, returned: stats.nReturned });
    }
    return costs;
  }

  function expectFlat(costs: QueryCost[]): void {
    const scans = costs.filter((cost) => cost.examined > allowedExamined(cost));
    const described = scans.map(
      (cost) =>
        `${cost.collection}.${cost.method}(${JSON.stringify(cost.filter)}, sort ${JSON.stringify(cost.options.sort ?? {})}, ` +
        `limit ${String(cost.options.limit ?? '-')}) examined ${cost.examined} to return ${cost.returned}`,
    );
    expect(described).to.deep.equal([]);
  }

  const board = () => seeded.busiestBoard.id;

  /** Every query the requests made, explained, checked together so one failure names them all. */
  async function expectFlatCosts(requests: Array<string | [path: string, token: string]>): Promise<void> {
    const costs: QueryCost[] = [];
    for (const request of requests) {
      const [path, token] = typeof request === 'string' ? [request, undefined] : request;
      costs.push(...(await costsOf(path, token)));
    }
    expect(costs.length, 'queries made').to.be.greaterThan(0);
    expectFlat(costs);
  }

  it('a board’s story list, its second page, and its filters', async function () {
    const listPath = `/api/v1/stories?service=${board()}&limit=20`;
    const first = (await (await fetch(`${app.baseUrl}${listPath}`)).json()) as { next?: string };
    expect(first.next, 'a second page').to.be.a('string');
    await expectFlatCosts([
      listPath,
      `${listPath}&cursor=${encodeURIComponent(first.next!)}`,
      `${listPath}&responded=true`,
      `${listPath}&q=nurse`,
      `${listPath}&q=${encodeURIComponent('kind nurse')}`,
      `/api/v1/stories?limit=20&tag=${encodeURIComponent(seeded.commonestTag.tag)}`,
    ]);
  });

  it('a story and its thread', async function () {
    await expectFlatCosts([`/api/v1/stories/${seeded.threadStoryId}`]);
  });

  /** A cursor to the board's stories after its `rank`-th newest: a page deep in its history. */
  async function deepCursor(rank: number): Promise<string> {
    const subtree = await app.services.organisations.subtreeIds(board());
    const [story] = await app.models.stories
      .find({ services: { $in: subtree }, status: 'published' }, { publishedAt: 1 })
      .sort({ publishedAt: -1, _id: -1 })
      .skip(rank)
      .limit(1)
      .lean();
    return encodeURIComponent(encodeCursor({ at: story!.publishedAt!, id: story!._id }));
  }

  it('every kind of feed', async function () {
    const constituency = constituencySlug(seeded.busiestConstituency.name);
    await expectFlatCosts([
      `/feeds/services/${board()}.rss?before=${await deepCursor(400)}`,
      `/feeds/services/${board()}.rss?include=responses&before=${await deepCursor(300)}`,
      `/feeds/services/${board()}.rss`,
      `/feeds/services/${board()}.json?include=responses`,
      `/feeds/constituencies/${constituency}.json`,
      `/feeds/tags/${encodeURIComponent(seeded.commonestTag.tag)}.rss`,
      `/feeds/stories/${seeded.threadStoryId}.json`,
    ]);
  });

  it('the moderation queue and a staff member’s story list', async function () {
    await expectFlatCosts([
      ['/api/v1/moderation/queue', moderator.token],
      [`/api/v1/stories?service=${board()}&limit=20`, staff.token],
    ]);
  });
});

describe('indexes an older careloop built', function () {
  let app: TestApp;

  before(async function () {
    app = await startTestApp();
  });

  after(async function () {
    await app?.close();
  });

  it('are replaced at start by the ones that read pages in order; an operator’s own index is kept', async function () {
    const stories = app.models.stories.collection;
    await stories.createIndex({ services: 1, status: 1, publishedAt: -1 });
    await stories.createIndex({ nickname: 1 }, { name: 'operator_nickname' });
    await ensureIndexes(app.models);
    const names = (await stories.listIndexes().toArray()).map((index) => index.name as string);
    expect(names).to.include.members(['services_1_status_1_publishedAt_-1__id_-1', 'operator_nickname']);
    expect(names).to.not.include('services_1_status_1_publishedAt_-1');
  });
});
