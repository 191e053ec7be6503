import { expect } from 'chai';
import { Long, MongoClient, type Collection, type Document } from 'mongodb';
import { startEngine } from '../../src/index.js';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';

describe('engine conformance: cursors', function () {
  const conformance = useConformanceStore();
  let thousand: Collection<AnyIdDocument>;

  before(async function () {
    thousand = conformance.freshCollection('thousand');
    await thousand.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: i, label: `story ${i}` })));
  });

  it('iterates 1,000 documents in batches of 10 through getMore, in sort order', async function () {
    const cursor = thousand.find({}, { batchSize: 10 }).sort({ _id: -1 });
    const seen: number[] = [];
    for await (const doc of cursor) seen.push(doc._id as unknown as number);
    expect(seen).to.deep.equal(Array.from({ length: 1000 }, (_, i) => 999 - i));
  });

  it('a limit larger than the batch size stops at the limit', async function () {
    const found = await thousand
      .find({ _id: { $gte: 500 } })
      .sort({ _id: 1 })
      .limit(25)
      .batchSize(10)
      .toArray();
    expect(found.map((d) => d._id)).to.deep.equal(Array.from({ length: 25 }, (_, i) => 500 + i));
  });

  it('a find whose results fit in the first batch returns cursor id 0', async function () {
    const reply = await conformance.db.command({
      find: thousand.collectionName,
      filter: { _id: { $lt: 5 } },
    });
    expect(reply.cursor.firstBatch).to.have.length(5);
    expect(Long.fromValue(reply.cursor.id).isZero()).to.equal(true);
    expect(reply.cursor.ns).to.equal(`${conformance.db.databaseName}.${thousand.collectionName}`);
  });

  it('find and getMore commands honour their batchSize and end with cursor id 0', async function () {
    const first = await conformance.db.command({
      find: thousand.collectionName,
      filter: { _id: { $lt: 10 } },
      sort: { _id: 1 },
      batchSize: 3,
    });
    expect(first.cursor.firstBatch.map((d: Document) => d._id)).to.deep.equal([0, 1, 2]);
    const id = Long.fromValue(first.cursor.id);
    expect(id.isZero()).to.equal(false);
    const second = await conformance.db.command({
      getMore: id,
      collection: thousand.collectionName,
      batchSize: 4,
    });
    expect(second.cursor.nextBatch.map((d: Document) => d._id)).to.deep.equal([3, 4, 5, 6]);
    const last = await conformance.db.command({
      getMore: id,
      collection: thousand.collectionName,
      batchSize: 100,
    });
    expect(last.cursor.nextBatch.map((d: Document) => d._id)).to.deep.equal([7, 8, 9]);
    expect(Long.fromValue(last.cursor.id).isZero()).to.equal(true);
  });

  it('a getMore on an exhausted cursor fails with CursorNotFound (43)', async function () {
    const first = await conformance.db.command({ find: thousand.collectionName, batchSize: 2, limit: 3 });
    const id = Long.fromValue(first.cursor.id);
    await conformance.db.command({ getMore: id, collection: thousand.collectionName });
    const error = await serverErrorOf(
      conformance.db.command({ getMore: id, collection: thousand.collectionName }),
    );
    expect(error.code).to.equal(43);
  });

  it('cursor.close() kills the cursor on the server', async function () {
    const cursor = thousand.find({}, { batchSize: 5 });
    await cursor.next();
    const id = cursor.id;
    expect(id && !id.isZero()).to.equal(true);
    await cursor.close();
    const error = await serverErrorOf(
      conformance.db.command({ getMore: id, collection: thousand.collectionName }),
    );
    expect(error.code).to.equal(43);
    expect(error.codeName).to.equal('CursorNotFound');
  });

  it('killCursors reports the cursors it killed', async function () {
    const first = await conformance.db.command({ find: thousand.collectionName, batchSize: 2 });
    const id = Long.fromValue(first.cursor.id);
    const reply = await conformance.db.command({ killCursors: thousand.collectionName, cursors: [id] });
    expect(reply.cursorsKilled.map((killed: Long) => Long.fromValue(killed).toString())).to.deep.equal([
      id.toString(),
    ]);
    const again = await conformance.db.command({ killCursors: thousand.collectionName, cursors: [id] });
    expect(again.cursorsNotFound.map((missing: Long) => Long.fromValue(missing).toString())).to.deep.equal([
      id.toString(),
    ]);
  });

  it('an aggregate cursor pages through getMore like a find cursor', async function () {
    const cursor = thousand.aggregate([{ $match: { _id: { $lt: 300 } } }, { $sort: { _id: 1 } }], {
      batchSize: 50,
    });
    const found = await cursor.toArray();
    expect(found).to.have.length(300);
    expect(found[299]).to.deep.equal({ _id: 299, label: 'story 299' });
  });
});

// The reaping interval is the engine's own setting, so this runs on the embedded engine even when the rest
// of the suite points at a real MongoDB (whose 10-minute cursor timeout is too long to wait for).
describe('engine: idle cursors', function () {
  it('an idle cursor is reaped after cursorTimeoutMs and its next getMore fails with CursorNotFound (43)', async function () {
    const engine = await startEngine({ cursorTimeoutMs: 300 });
    const client = await MongoClient.connect(`${engine.uri}idle`);
    try {
      const collection = client.db().collection<AnyIdDocument>('items');
      await collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i })));
      const cursor = collection.find({}, { batchSize: 2 });
      await cursor.next();
      await cursor.next();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const error = await serverErrorOf(cursor.next());
      expect(error.code).to.equal(43);
      await cursor.close().catch(() => {});
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('a cursor in active use is not reaped', async function () {
    // Used every ~200 ms, five times within its timeout even on a busy machine, for twice the timeout in
    // all: a reaper that counted from the cursor's creation rather than its last use would kill it.
    const engine = await startEngine({ cursorTimeoutMs: 1000 });
    const client = await MongoClient.connect(`${engine.uri}busy`);
    try {
      const collection = client.db().collection<AnyIdDocument>('items');
      await collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i })));
      const cursor = collection.find({}, { batchSize: 2 }).sort({ _id: 1 });
      const seen: unknown[] = [];
      for await (const doc of cursor) {
        seen.push(doc._id);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(seen).to.have.length(20);
    } finally {
      await client.close();
      await engine.stop();
    }
  });
});
