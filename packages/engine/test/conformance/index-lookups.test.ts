import { expect } from 'chai';
import { useConformanceStore } from '../fixtures/conformance-store.js';

// An equality lookup on _id or on an indexed field must not scan the collection. serverStatus's
// metrics.queryExecutor.scannedObjects counts the documents queries examine, on MongoDB and on the engine.
describe('engine conformance: indexed lookups do not scan', function () {
  const conformance = useConformanceStore();
  const size = 5_000;

  /**
   * The documents `operation` examined: the least of three measurements. The counter is the server's, so
   * when the suite runs in parallel against one server (the README's conformance command) another
   * client's queries between the two reads add to it; they can only add, so the least is this one's.
   */
  async function scannedBy(operation: () => Promise<unknown>): Promise<number> {
    const read = async () =>
      (await conformance.db.admin().command({ serverStatus: 1 })).metrics.queryExecutor
        .scannedObjects as number;
    let least = Infinity;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await read();
      await operation();
      least = Math.min(least, (await read()) - before);
    }
    return least;
  }

  async function seed() {
    const stories = conformance.freshCollection<{
      _id: number;
      code: string;
      board: string;
      status: string;
    }>();
    await stories.insertMany(
      Array.from({ length: size }, (_, i) => ({
        _id: i,
        code: `s-${i}`,
        board: `b-${i % 10}`,
        status: 'published',
      })),
    );
    await stories.createIndex({ code: 1 }, { unique: true });
    await stories.createIndex({ board: 1, status: 1 });
    return stories;
  }

  it('a find by _id examines only the document it returns', async function () {
    const stories = await seed();
    expect(await scannedBy(() => stories.findOne({ _id: 4321 }))).to.be.at.most(1);
  });

  it('a find by a unique indexed field examines only the document it returns', async function () {
    const stories = await seed();
    expect(await scannedBy(() => stories.findOne({ code: 's-4321' }))).to.be.at.most(1);
    expect(
      await scannedBy(() => stories.find({ code: { $in: ['s-1', 's-2', 's-3'] } }).toArray()),
    ).to.be.at.most(3);
  });

  it('a find by every field of a compound index examines only the documents it returns', async function () {
    const stories = await seed();
    const scanned = await scannedBy(() => stories.find({ board: 'b-3', status: 'published' }).toArray());
    expect(scanned).to.be.at.most(size / 10);
  });

  it('an equality on the leading field of a compound index uses that index', async function () {
    const stories = await seed();
    const scanned = await scannedBy(() => stories.find({ board: 'b-7' }).toArray());
    expect(scanned).to.be.at.most(size / 10);
  });

  it('$all on a multikey index examines only documents holding its first value', async function () {
    const words = conformance.freshCollection<{ _id: number; terms: string[] }>();
    await words.insertMany(
      Array.from({ length: size }, (_, i) => ({ _id: i, terms: [`w${i % 100}`, `v${i % 7}`, 'common'] })),
    );
    await words.createIndex({ terms: 1 });
    let found: unknown[] = [];
    const scanned = await scannedBy(async () => {
      found = await words.find({ terms: { $all: ['w3', 'v3'] } }).toArray();
    });
    expect(scanned).to.be.at.most(size / 100);
    expect(found.length).to.be.greaterThan(0);
  });

  it('an update and a delete by indexed field examine only their targets', async function () {
    const stories = await seed();
    expect(
      await scannedBy(() => stories.updateOne({ code: 's-10' }, { $set: { status: 'withdrawn' } })),
    ).to.be.at.most(1);
    expect(await scannedBy(() => stories.deleteOne({ code: 's-11' }))).to.be.at.most(1);
  });

  it('countDocuments on the fields of an index counts from the index, without reading documents', async function () {
    const stories = await seed();
    expect(await stories.countDocuments({ board: 'b-3', status: 'published' })).to.equal(size / 10);
    expect(await scannedBy(() => stories.countDocuments({ board: 'b-3', status: 'published' }))).to.equal(0);
    expect(await scannedBy(() => stories.countDocuments({ code: { $in: ['s-1', 's-2', 'none'] } }))).to.equal(
      0,
    );
  });

  it('countDocuments counts the same through indexes as without, multikey documents once, $all by intersection', async function () {
    const indexed = conformance.freshCollection<{ _id: number; services: string[]; status: string }>();
    const plain = conformance.freshCollection<{ _id: number; services: string[]; status: string }>();
    const docs = Array.from({ length: 500 }, (_, i) => ({
      _id: i,
      services: i % 3 === 0 ? [`s-${i % 5}`, `s-${(i + 1) % 5}`] : [`s-${i % 5}`],
      status: i % 4 === 0 ? 'held' : 'published',
    }));
    await indexed.createIndex({ services: 1, status: 1 });
    await indexed.createIndex({ status: 1 });
    await Promise.all([indexed.insertMany(docs), plain.insertMany(docs)]);
    for (const filter of [
      { services: { $all: ['s-1', 's-2'] } },
      { services: { $all: ['s-3'] }, status: 'held' },
      { services: { $all: ['s-0', 's-1'] }, status: { $in: ['published'] } },
      { services: { $in: ['s-1', 's-2'] }, status: 'published' },
      { services: 's-4', status: { $in: ['held', 'published'] } },
      { services: { $eq: 's-0' } },
      { services: 's-9', status: 'published' },
      { services: 's-1', status: 'published', _id: { $lt: 100 } },
    ]) {
      expect(await indexed.countDocuments(filter), JSON.stringify(filter)).to.equal(
        await plain.countDocuments(filter),
      );
    }
  });

  it('countDocuments keeps counting a document in several groups once as documents change', async function () {
    type Doc = { _id: number; services: string[]; status: string };
    const indexed = conformance.freshCollection<Doc>();
    const plain = conformance.freshCollection<Doc>();
    await indexed.createIndex({ services: 1, status: 1, rank: -1 });
    const docs: Doc[] = Array.from({ length: 300 }, (_, i) => ({
      _id: i,
      services: i % 4 === 0 ? [`s-${i % 3}`, `s-${(i + 1) % 3}`, `s-${i % 3}`] : [`s-${i % 3}`],
      status: i % 5 === 0 ? 'held' : 'published',
    }));
    await Promise.all([indexed.insertMany(docs), plain.insertMany(docs)]);
    const filters = [
      { services: { $in: ['s-0', 's-1'] }, status: 'published' },
      { services: { $in: ['s-0', 's-1', 's-2', 's-0'] }, status: { $in: ['published', 'held'] } },
      { services: { $in: ['s-2'] } },
    ];
    const same = async (when: string) => {
      for (const filter of filters) {
        expect(await indexed.countDocuments(filter), `${when}: ${JSON.stringify(filter)}`).to.equal(
          await plain.countDocuments(filter),
        );
      }
    };
    await same('built');
    for (const collection of [indexed, plain]) {
      await collection.updateMany({ _id: { $lt: 40 } }, { $set: { services: ['s-1', 's-2'] } });
      await collection.updateMany({ _id: { $gte: 40, $lt: 80 } }, { $set: { services: ['s-0'] } });
      await collection.updateOne({ _id: 100 }, { $set: { status: 'held' } });
      await collection.deleteMany({ _id: { $gte: 250 } });
      await collection.insertOne({ _id: 1000, services: ['s-0', 's-2'], status: 'published' });
    }
    await same('after changes');
  });

  it('countDocuments with limit and skip counts as far as asked, through indexes as without', async function () {
    const indexed = conformance.freshCollection<{ _id: number; services: string[]; words: string[] }>();
    const plain = conformance.freshCollection<{ _id: number; services: string[]; words: string[] }>();
    const docs = Array.from({ length: 600 }, (_, i) => ({
      _id: i,
      services: i % 3 === 0 ? [`s-${i % 4}`, `s-${(i + 1) % 4}`] : [`s-${i % 4}`],
      words: i % 2 === 0 ? ['nurse', 'kind'] : ['nurse'],
    }));
    await indexed.createIndex({ services: 1 });
    await indexed.createIndex({ words: 1 });
    await Promise.all([indexed.insertMany(docs), plain.insertMany(docs)]);
    const filters = [
      { services: { $in: ['s-1', 's-2'] } },
      { services: { $in: ['s-0', 's-3'] }, words: { $all: ['nurse', 'kind'] } },
      { services: 's-9' },
    ];
    for (const filter of filters) {
      for (const options of [
        { limit: 1 },
        { limit: 100 },
        { limit: 10_000 },
        { skip: 50 },
        { skip: 40, limit: 25 },
        { skip: 5_000 },
      ]) {
        expect(await indexed.countDocuments(filter, options), JSON.stringify([filter, options])).to.equal(
          await plain.countDocuments(filter, options),
        );
      }
    }
    expect(await indexed.countDocuments(filters[0]!, { limit: 100 })).to.equal(100);
  });

  it('a find on a field without an index does scan, so the counter above is real', async function () {
    const stories = await seed();
    expect(await scannedBy(() => stories.findOne({ status: 'withdrawn' }))).to.be.at.least(size);
  });
});

describe('engine conformance: sorted pages read through compound indexes', function () {
  const conformance = useConformanceStore();
  const boards = ['north', 'south', 'east', 'west', 'islands'];
  const day = 86_400_000;

  // The same documents in two collections, one with the index and one without, so every answer can be
  // compared with a plain sort of everything.
  async function twins() {
    const docs = Array.from({ length: 2_000 }, (_, i) => ({
      _id: i,
      board: boards[(i * 7) % boards.length]!,
      status: i % 3 === 0 ? 'held' : 'published',
      publishedAt: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 2_000) * day),
      tag: 'common',
    }));
    const indexed = conformance.freshCollection<(typeof docs)[number]>();
    const plain = conformance.freshCollection<(typeof docs)[number]>();
    await indexed.insertMany(docs);
    await plain.insertMany(docs);
    await indexed.createIndex({ board: 1, status: 1, publishedAt: -1 });
    return { indexed, plain };
  }

  it('gives the same pages as a full sort, newest or oldest first, for one value or several', async function () {
    const { indexed, plain } = await twins();
    const cases = [
      { filter: { board: 'north', status: 'published' }, sort: { publishedAt: -1 as const } },
      { filter: { board: 'south', status: 'published' }, sort: { publishedAt: 1 as const } },
      {
        filter: { board: { $in: ['east', 'west'] }, status: 'published' },
        sort: { publishedAt: -1 as const },
      },
      {
        filter: { board: 'islands', status: { $in: ['held', 'published'] } },
        sort: { publishedAt: -1 as const },
      },
      {
        filter: { board: 'north', status: 'published', _id: { $gt: 1000 } },
        sort: { publishedAt: -1 as const },
      },
    ];
    for (const { filter, sort } of cases) {
      for (const [skip, limit] of [
        [0, 20],
        [20, 20],
        [0, 0],
      ] as const) {
        const ids = async (collection: typeof indexed) =>
          (await collection.find(filter).sort(sort).skip(skip).limit(limit).toArray()).map((d) => d._id);
        expect(await ids(indexed), JSON.stringify({ filter, sort, skip, limit })).to.deep.equal(
          await ids(plain),
        );
      }
    }
  });

  it('reads about one page of documents for the newest 20 of a board', async function () {
    const { indexed } = await twins();
    const read = async () =>
      (await conformance.db.admin().command({ serverStatus: 1 })).metrics.queryExecutor
        .scannedObjects as number;
    const before = await read();
    const page = await indexed
      .find({ board: 'north', status: 'published' })
      .sort({ publishedAt: -1 })
      .limit(20)
      .toArray();
    expect(page).to.have.length(20);
    expect((await read()) - before).to.be.at.most(25);
  });

  it('prefers a selective index and sorts its few documents over walking the sorted index', async function () {
    const { indexed, plain } = await twins();
    await indexed.updateMany({ _id: { $in: [5, 505, 1505] } }, { $set: { tag: 'rare' } });
    await plain.updateMany({ _id: { $in: [5, 505, 1505] } }, { $set: { tag: 'rare' } });
    await indexed.createIndex({ tag: 1 });
    const query = { board: { $in: boards }, status: 'published', tag: 'rare' };
    const read = async () =>
      (await conformance.db.admin().command({ serverStatus: 1 })).metrics.queryExecutor
        .scannedObjects as number;
    const before = await read();
    const page = await indexed.find(query).sort({ publishedAt: -1 }).limit(20).toArray();
    expect((await read()) - before).to.be.at.most(3);
    const expected = await plain.find(query).sort({ publishedAt: -1 }).limit(20).toArray();
    expect(page.map((d) => d._id)).to.deep.equal(expected.map((d) => d._id));
  });

  it('reads the newest document of a whole collection from a single-field index, without scanning', async function () {
    const { indexed, plain } = await twins();
    await indexed.createIndex({ publishedAt: -1 });
    const read = async () =>
      (await conformance.db.admin().command({ serverStatus: 1 })).metrics.queryExecutor
        .scannedObjects as number;
    const before = await read();
    const newest = await indexed.find({}).sort({ publishedAt: -1 }).limit(1).toArray();
    expect((await read()) - before).to.be.at.most(2);
    const expected = await plain.find({}).sort({ publishedAt: -1 }).limit(1).toArray();
    expect(newest.map((d) => d._id)).to.deep.equal(expected.map((d) => d._id));
    const oldestTen = await indexed.find({ status: 'held' }).sort({ publishedAt: 1 }).limit(10).toArray();
    const expectedTen = await plain.find({ status: 'held' }).sort({ publishedAt: 1 }).limit(10).toArray();
    expect(oldestTen.map((d) => d._id)).to.deep.equal(expectedTen.map((d) => d._id));
  });

  it('serves an aggregation that matches, sorts and limits the same way', async function () {
    const { indexed, plain } = await twins();
    const pipeline = [
      { $match: { board: 'west', status: 'published' } },
      { $sort: { publishedAt: -1 } },
      { $limit: 5 },
      { $project: { _id: 1 } },
    ];
    expect(await indexed.aggregate(pipeline).toArray()).to.deep.equal(
      await plain.aggregate(pipeline).toArray(),
    );
  });
});
