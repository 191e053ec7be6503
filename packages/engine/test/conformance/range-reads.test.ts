import { expect } from 'chai';
import type { Document, Filter } from 'mongodb';
import { useConformanceStore } from '../fixtures/conformance-store.js';

interface Story {
  _id: number;
  board: string;
  at: Date;
  stars: number;
}

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000);

// A page after a cursor, or a period, read through an index that leads with the equality fields and then
// the sorted field: the read starts at the range, so it examines the page, not everything before it.
describe('engine conformance: ranges on an index’s sorted field', function () {
  const conformance = useConformanceStore();
  const size = 2_000;
  // Several stories a day, so cursors land on ties broken by _id.
  const stories: Story[] = Array.from({ length: size }, (_, i) => ({
    _id: i,
    board: `b-${i % 4}`,
    at: day(Math.floor(i / 6)),
    stars: i % 5,
  }));

  async function seeded() {
    const indexed = conformance.freshCollection<Story>('range_indexed');
    const plain = conformance.freshCollection<Story>('range_plain');
    await indexed.createIndex({ board: 1, at: -1, _id: -1 });
    await indexed.createIndex({ stars: 1, at: 1, _id: 1 });
    await Promise.all([indexed.insertMany(stories), plain.insertMany(stories)]);
    return { indexed, plain };
  }

  it('gives the same pages as an unindexed read, for every kind of bound, in both directions', async function () {
    const { indexed, plain } = await seeded();
    const cursor = stories[1_000]!;
    const cases: Array<{ filter: Filter<Story>; sort: Document }> = [
      {
        filter: {
          board: 'b-0',
          $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: cursor._id } }],
        },
        sort: { at: -1, _id: -1 },
      },
      { filter: { board: 'b-1', at: { $gte: day(100), $lt: day(150) } }, sort: { at: -1, _id: -1 } },
      { filter: { board: 'b-1', at: { $gt: day(100), $lte: day(150) } }, sort: { at: 1, _id: 1 } },
      { filter: { board: { $in: ['b-2', 'b-3'] }, at: { $lte: day(40) } }, sort: { at: -1, _id: -1 } },
      { filter: { board: 'b-2', at: day(60) }, sort: { at: -1, _id: -1 } },
      { filter: { stars: 3, at: { $gt: day(300) } }, sort: { at: 1, _id: 1 } },
      { filter: { stars: 3, at: { $lt: day(10) } }, sort: { at: -1, _id: -1 } },
      {
        filter: { board: 'b-0', $and: [{ at: { $gte: day(5) } }, { at: { $lt: day(5) } }] },
        sort: { at: -1, _id: -1 },
      },
    ];
    for (const { filter, sort } of cases) {
      const expected = await plain.find(filter).sort(sort).limit(25).toArray();
      expect(await indexed.find(filter).sort(sort).limit(25).toArray(), JSON.stringify(filter)).to.deep.equal(
        expected,
      );
    }
  });

  it('examines about a page to read the page after a cursor deep in the history', async function () {
    const { indexed } = await seeded();
    const cursor = stories[300]!;
    const explained = await indexed
      .find({ board: 'b-0', $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: cursor._id } }] })
      .sort({ at: -1, _id: -1 })
      .limit(20)
      .explain('executionStats');
    const stats = explained.executionStats as { nReturned: number; totalDocsExamined: number };
    expect(stats.nReturned).to.equal(20);
    expect(stats.totalDocsExamined).to.be.at.most(25);
  });
});
