import { expect } from 'chai';
import { useConformanceStore } from './fixtures/conformance-store.js';

// An equality lookup on _id or on an indexed field must not scan the collection. serverStatus's
// metrics.queryExecutor.scannedObjects counts the documents queries examine, on MongoDB and on the engine.
describe('engine conformance: indexed lookups do not scan', function () {
  const conformance = useConformanceStore();
  const size = 5_000;

  async function scannedBy(operation: () => Promise<unknown>): Promise<number> {
    const read = async () =>
      (await conformance.db.admin().command({ serverStatus: 1 })).metrics.queryExecutor
        .scannedObjects as number;
    const before = await read();
    await operation();
    return (await read()) - before;
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

  it('a find on a field without an index does scan, so the counter above is real', async function () {
    const stories = await seed();
    expect(await scannedBy(() => stories.findOne({ status: 'withdrawn' }))).to.be.at.least(size);
  });
});
