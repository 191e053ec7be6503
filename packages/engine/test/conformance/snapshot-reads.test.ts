import { expect } from 'chai';
import { Timestamp, type Document } from 'mongodb';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';
import { storeIsRealMongoDB } from '../support/store.js';

// Snapshot reads (MongoDB 5.0+ on a replica set or sharded cluster): every read of a snapshot session
// sees the data as it was at the session's first read. careloop's backup reads through one. Against a
// real MongoDB these tests need a replica set: a standalone mongod refuses snapshot reads.
describe('engine conformance: snapshot reads', function () {
  const conformance = useConformanceStore();

  it('the reads of a snapshot session see one moment, across collections, while writes go on', async function () {
    const stories = conformance.freshCollection('stories');
    const responses = conformance.freshCollection('responses');
    await stories.insertMany([
      { _id: 1, title: 'first', status: 'published' },
      { _id: 2, title: 'second', status: 'published' },
    ]);
    await responses.insertOne({ _id: 10, story: 1 });
    const session = conformance.client.startSession({ snapshot: true });
    try {
      const before = await stories.find({}, { session }).sort({ _id: 1 }).toArray();
      // Written after the session's first read: a new story, its response, a change and a deletion.
      await stories.insertOne({ _id: 3, title: 'third', status: 'published' });
      await responses.insertOne({ _id: 11, story: 3 });
      await stories.updateOne({ _id: 1 }, { $set: { title: 'changed' } });
      await responses.deleteOne({ _id: 10 });

      const storiesAgain = await stories.find({}, { session }).sort({ _id: 1 }).toArray();
      const responsesSeen = await responses.find({}, { session }).toArray();
      expect(before.map((story) => story.title)).to.deep.equal(['first', 'second']);
      expect(storiesAgain).to.deep.equal(before);
      expect(responsesSeen).to.deep.equal([{ _id: 10, story: 1 }]);
    } finally {
      await session.endSession();
    }
    // Outside the session, the writes are there.
    expect(await stories.countDocuments()).to.equal(3);
    expect(await responses.find({}).toArray()).to.deep.equal([{ _id: 11, story: 3 }]);
  });

  it('aggregate (with a $lookup of another collection), distinct and countDocuments read the same moment', async function () {
    const stories = conformance.freshCollection('stories');
    const responses = conformance.freshCollection('responses');
    await stories.insertMany([
      { _id: 1, board: 'Highland' },
      { _id: 2, board: 'Lothian' },
    ]);
    await responses.insertOne({ _id: 10, story: 1 });
    const session = conformance.client.startSession({ snapshot: true });
    try {
      await stories.findOne({}, { session });
      await stories.insertOne({ _id: 3, board: 'Tayside' });
      await responses.insertOne({ _id: 11, story: 2 });

      const joined = await stories
        .aggregate(
          [
            {
              $lookup: { from: responses.collectionName, localField: '_id', foreignField: 'story', as: 'rs' },
            },
            { $project: { responses: { $size: '$rs' } } },
            { $sort: { _id: 1 } },
          ],
          { session },
        )
        .toArray();
      expect(joined).to.deep.equal([
        { _id: 1, responses: 1 },
        { _id: 2, responses: 0 },
      ]);
      expect((await stories.distinct('board', {}, { session })).sort()).to.deep.equal([
        'Highland',
        'Lothian',
      ]);
      expect(await stories.countDocuments({}, { session })).to.equal(2);
    } finally {
      await session.endSession();
    }
  });

  it('a snapshot cursor read in several batches holds the documents of its moment', async function () {
    const collection = conformance.freshCollection();
    await collection.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })));
    const session = conformance.client.startSession({ snapshot: true });
    try {
      const cursor = collection.find({}, { session, batchSize: 3 }).sort({ _id: 1 });
      const seen: unknown[] = [];
      for await (const doc of cursor) {
        seen.push(doc._id);
        if (seen.length === 1) await collection.deleteMany({});
      }
      expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await session.endSession();
    }
  });

  it('answers the moment it read as atClusterTime, in the cursor of a find and at the top of a distinct', async function () {
    const collection = conformance.freshCollection();
    await collection.insertOne({ _id: 1, a: 1 });
    const found = await conformance.db.command({
      find: collection.collectionName,
      readConcern: { level: 'snapshot' },
    });
    expect(found.cursor.atClusterTime).to.be.instanceOf(Timestamp);
    const distinct = await conformance.db.command({
      distinct: collection.collectionName,
      key: 'a',
      readConcern: { level: 'snapshot', atClusterTime: found.cursor.atClusterTime },
    });
    expect(distinct.values).to.deep.equal([1]);
    expect(distinct.atClusterTime).to.be.instanceOf(Timestamp);
  });

  it('a write or a count in a snapshot session is refused (InvalidOptions), and nothing is written', async function () {
    const collection = conformance.freshCollection();
    const session = conformance.client.startSession({ snapshot: true });
    try {
      const insert = await serverErrorOf(collection.insertOne({ _id: 1 }, { session }));
      expect(insert.code).to.equal(72);
      const count = await serverErrorOf(
        conformance.db.command({ count: collection.collectionName, readConcern: { level: 'snapshot' } }),
      );
      expect(count.code).to.equal(72);
    } finally {
      await session.endSession();
    }
    expect(await collection.countDocuments()).to.equal(0);
  });
});

if (!(await storeIsRealMongoDB())) {
  describe('engine-only: snapshot reads at a time the engine did not hand out', function () {
    const conformance = useConformanceStore();

    // MongoDB keeps history and can read at any time in its window; the engine keeps only the moments
    // it answered as atClusterTime, and must refuse any other rather than read another moment.
    it('a read at a cluster time the engine never answered is refused, not read at another time', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1 });
      const found: Document = await conformance.db.command({
        find: collection.collectionName,
        readConcern: { level: 'snapshot' },
      });
      const handedOut = found.cursor.atClusterTime as Timestamp;
      const earlier = new Timestamp({ t: handedOut.t - 60, i: 1 });
      const later = new Timestamp({ t: handedOut.t + 60, i: 1 });
      const tooOld = await serverErrorOf(
        conformance.db.command({
          find: collection.collectionName,
          readConcern: { level: 'snapshot', atClusterTime: earlier },
        }),
      );
      expect(tooOld.codeName).to.equal('SnapshotTooOld');
      const tooNew = await serverErrorOf(
        conformance.db.command({
          find: collection.collectionName,
          readConcern: { level: 'snapshot', atClusterTime: later },
        }),
      );
      expect(tooNew.codeName).to.equal('SnapshotUnavailable');
    });

    it('a cluster time without the snapshot level is refused (InvalidOptions)', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        conformance.db.command({
          find: collection.collectionName,
          readConcern: { level: 'majority', atClusterTime: new Timestamp({ t: 1, i: 1 }) },
        }),
      );
      expect(error.code).to.equal(72);
    });
  });
}
