import { expect } from 'chai';
import { Double, MongoServerError, type Collection } from 'mongodb';
import mongoose from 'mongoose';
import {
  rejectionOf,
  serverErrorOf,
  useConformanceStore,
  type AnyIdDocument,
} from '../fixtures/conformance-store.js';

/** Index name → key, as listIndexes reports them. */
async function indexKeys(collection: Collection<AnyIdDocument>): Promise<Record<string, unknown>> {
  const indexes = await collection.listIndexes().toArray();
  return Object.fromEntries(indexes.map((index) => [index.name, index.key]));
}

describe('engine conformance: indexes', function () {
  const conformance = useConformanceStore({ ttlSweepIntervalMs: 200 });

  describe('managing indexes', function () {
    it('createIndex names the index after its keys and listIndexes shows it beside _id_', async function () {
      const collection = conformance.freshCollection();
      const name = await collection.createIndex({ a: 1, b: -1 });
      expect(name).to.equal('a_1_b_-1');
      expect(await indexKeys(collection)).to.deep.equal({ _id_: { _id: 1 }, 'a_1_b_-1': { a: 1, b: -1 } });
    });

    it('createIndex on a collection that does not exist yet creates the collection', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ a: 1 });
      const names = (await conformance.db.listCollections({ name: collection.collectionName }).toArray()).map(
        (c) => c.name,
      );
      expect(names).to.deep.equal([collection.collectionName]);
    });

    it('createIndexes creates several indexes, with custom names and options', async function () {
      const collection = conformance.freshCollection();
      const names = await collection.createIndexes([
        { key: { email: 1 }, unique: true },
        { key: { board: 1, at: -1 }, name: 'by_board_recent' },
      ]);
      expect(names).to.deep.equal(['email_1', 'by_board_recent']);
      const indexes = await collection.listIndexes().toArray();
      const email = indexes.find((index) => index.name === 'email_1');
      expect(email).to.include({ unique: true });
      expect(indexes.map((index) => index.name).sort()).to.deep.equal(['_id_', 'by_board_recent', 'email_1']);
    });

    it('creating the same index twice is a no-op', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ a: 1 });
      expect(await collection.createIndex({ a: 1 })).to.equal('a_1');
      expect(Object.keys(await indexKeys(collection)).sort()).to.deep.equal(['_id_', 'a_1']);
    });

    it('reusing an index name for different keys is refused', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ a: 1 }, { name: 'mine' });
      await serverErrorOf(collection.createIndex({ b: 1 }, { name: 'mine' }));
    });

    it('dropIndex removes one index by name', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);
      await collection.dropIndex('a_1');
      expect(Object.keys(await indexKeys(collection)).sort()).to.deep.equal(['_id_', 'b_1']);
    });

    it('dropIndex of an index that does not exist fails with IndexNotFound (27)', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      const error = await serverErrorOf(collection.dropIndex('nope_1'));
      expect(error.code).to.equal(27);
    });

    it('the _id_ index cannot be dropped', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      await serverErrorOf(collection.dropIndex('_id_'));
      expect(Object.keys(await indexKeys(collection))).to.deep.equal(['_id_']);
    });

    it('a hint naming an index that does not exist is refused', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ a: 1 });
      await collection.insertOne({ a: 1 });
      expect(await collection.find({ a: 1 }).hint('a_1').toArray()).to.have.length(1);
      expect(await collection.find({ a: 1 }).hint({ a: 1 }).toArray()).to.have.length(1);
      await serverErrorOf(collection.find({ a: 1 }).hint('b_1').toArray());
    });

    it('dropping a collection drops its indexes', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ a: 1 }, { unique: true });
      await collection.insertOne({ a: 1 });
      await collection.drop();
      await collection.insertMany([{ a: 1 }, { a: 1 }]);
      expect(Object.keys(await indexKeys(collection))).to.deep.equal(['_id_']);
    });

    it('dropIndexes removes every index except _id_', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }]);
      await collection.dropIndexes();
      expect(Object.keys(await indexKeys(collection))).to.deep.equal(['_id_']);
    });
  });

  describe('unique indexes', function () {
    async function uniqueEmails(): Promise<Collection<AnyIdDocument>> {
      const collection = conformance.freshCollection();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertOne({ _id: 1, email: 'ann@example.org' });
      return collection;
    }

    it('a duplicate insert fails with E11000, code 11000, keyPattern and keyValue', async function () {
      const collection = await uniqueEmails();
      const error = await serverErrorOf(collection.insertOne({ _id: 2, email: 'ann@example.org' }));
      expect(error.code).to.equal(11000);
      expect(error.message).to.match(/^E11000 duplicate key error/);
      expect(error.message).to.include('email_1');
      expect(error.keyPattern).to.deep.equal({ email: 1 });
      expect(error.keyValue).to.deep.equal({ email: 'ann@example.org' });
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('a duplicate _id fails the same way, naming the _id_ index', async function () {
      const collection = await uniqueEmails();
      const error = await serverErrorOf(collection.insertOne({ _id: 1, email: 'other@example.org' }));
      expect(error.code).to.equal(11000);
      expect(error.message).to.match(/^E11000 duplicate key error.*_id_/);
      expect(error.keyPattern).to.deep.equal({ _id: 1 });
      expect(error.keyValue).to.deep.equal({ _id: 1 });
    });

    it('an update that would duplicate a key fails with 11000 and changes nothing', async function () {
      const collection = await uniqueEmails();
      await collection.insertOne({ _id: 2, email: 'bob@example.org' });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 2 }, { $set: { email: 'ann@example.org' } }),
      );
      expect(error.code).to.equal(11000);
      expect(error.message).to.match(/^E11000 duplicate key error/);
      expect(error.keyValue).to.deep.equal({ email: 'ann@example.org' });
      expect((await collection.findOne({ _id: 2 }))?.email).to.equal('bob@example.org');
    });

    it('an upsert that would insert a duplicate key fails with 11000', async function () {
      const collection = await uniqueEmails();
      const error = await serverErrorOf(
        collection.updateOne({ _id: 3 }, { $set: { email: 'ann@example.org' } }, { upsert: true }),
      );
      expect(error.code).to.equal(11000);
      expect(error.keyPattern).to.deep.equal({ email: 1 });
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('uniqueness compares numbers by value across types', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ n: 1 }, { unique: true });
      await collection.insertOne({ n: 1 });
      const error = await serverErrorOf(collection.insertOne({ n: new Double(1) }));
      expect(error.code).to.equal(11000);
    });

    it('a unique index on an array field treats each element as a key, across documents only', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ tags: 1 }, { unique: true });
      await collection.insertOne({ _id: 1, tags: ['a', 'b', 'b'] });
      const error = await serverErrorOf(collection.insertOne({ _id: 2, tags: ['c', 'b'] }));
      expect(error.code).to.equal(11000);
      expect(error.keyValue).to.deep.equal({ tags: 'b' });
      await collection.insertOne({ _id: 3, tags: ['c'] });
    });

    it('a unique index on a dotted path enforces uniqueness of the embedded value', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ 'author.email': 1 }, { unique: true });
      await collection.insertOne({ author: { email: 'a@example.org', name: 'A' } });
      const error = await serverErrorOf(
        collection.insertOne({ author: { email: 'a@example.org', name: 'B' } }),
      );
      expect(error.code).to.equal(11000);
      expect(error.keyValue).to.deep.equal({ 'author.email': 'a@example.org' });
    });

    it('a compound unique index allows the same value in one of its fields', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ board: 1, slug: 1 }, { unique: true });
      await collection.insertMany([
        { board: 'north', slug: 'a' },
        { board: 'south', slug: 'a' },
        { board: 'north', slug: 'b' },
      ]);
      const error = await serverErrorOf(collection.insertOne({ board: 'south', slug: 'a' }));
      expect(error.code).to.equal(11000);
      expect(error.keyPattern).to.deep.equal({ board: 1, slug: 1 });
      expect(error.keyValue).to.deep.equal({ board: 'south', slug: 'a' });
    });

    it('a sparse unique index allows many documents missing the field', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ email: 1 }, { unique: true, sparse: true });
      await collection.insertMany([{ n: 1 }, { n: 2 }, { n: 3, email: 'x@example.org' }]);
      const error = await serverErrorOf(collection.insertOne({ email: 'x@example.org' }));
      expect(error.code).to.equal(11000);
    });

    it('a non-sparse unique index allows only one document missing the field, keyed as null', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertOne({ n: 1 });
      const error = await serverErrorOf(collection.insertOne({ n: 2 }));
      expect(error.code).to.equal(11000);
      expect(error.keyValue).to.deep.equal({ email: null });
      const nullError = await serverErrorOf(collection.insertOne({ n: 3, email: null }));
      expect(nullError.code).to.equal(11000);
    });

    it('creating a unique index over existing duplicates fails with 11000 and leaves no index', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ email: 'a' }, { email: 'a' }]);
      const error = await serverErrorOf(collection.createIndex({ email: 1 }, { unique: true }));
      expect(error.code).to.equal(11000);
      expect(Object.keys(await indexKeys(collection))).to.deep.equal(['_id_']);
    });

    it('a partialFilterExpression either limits uniqueness to matching documents or is refused', async function () {
      const collection = conformance.freshCollection();
      try {
        await collection.createIndex(
          { email: 1 },
          { unique: true, partialFilterExpression: { email: { $type: 'string' } } },
        );
      } catch (error) {
        expect(error).to.be.instanceOf(MongoServerError);
        return;
      }
      await collection.insertMany([{ n: 1 }, { n: 2 }, { email: 'a' }]);
      const error = await serverErrorOf(collection.insertOne({ email: 'a' }));
      expect(error.code).to.equal(11000);
    });
  });

  describe('TTL indexes', function () {
    it('removes documents whose date is older than expireAfterSeconds, and only those', async function () {
      // The TTL monitor sweeps every 60 s on MongoDB and on a standalone engine: a second here, set as
      // one would on MongoDB (mongod before 7.0 takes it up only after its current pause, hence the
      // longer wait there). The in-process test engine already sweeps every 200 ms.
      const { external } = conformance.store;
      this.timeout(external ? 90_000 : 10_000);
      const admin = conformance.client.db('admin');
      const was = external
        ? ((await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 })).was as number)
        : undefined;
      try {
        const collection = conformance.freshCollection();
        await collection.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
        const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
        await collection.insertMany([
          { _id: 'old', at: twoHoursAgo },
          { _id: 'oldInArray', at: [new Date(Date.now() + 3600_000), twoHoursAgo] },
          { _id: 'fresh', at: new Date() },
          { _id: 'notADate', at: 'yesterday' },
          { _id: 'noDate' },
        ]);
        const deadline = Date.now() + (external ? 75_000 : 8_000);
        let remaining: unknown[] = [];
        while (Date.now() < deadline) {
          remaining = await collection
            .find()
            .sort({ _id: 1 })
            .map((d) => d._id)
            .toArray();
          if (remaining.length <= 3) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(remaining).to.deep.equal(['fresh', 'noDate', 'notADate']);
      } finally {
        if (was !== undefined) await admin.command({ setParameter: 1, ttlMonitorSleepSecs: was });
      }
    });

    it('listIndexes reports expireAfterSeconds', async function () {
      const collection = conformance.freshCollection();
      await collection.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      const indexes = await collection.listIndexes().toArray();
      expect(indexes.find((index) => index.name === 'at_1')).to.include({ expireAfterSeconds: 3600 });
    });
  });

  describe('through mongoose', function () {
    it("a unique violation from Model.create surfaces as MongoDB's MongoServerError 11000", async function () {
      const connection = await mongoose.createConnection(conformance.store.uri).asPromise();
      try {
        const Author = connection.model(
          'ConformanceAuthor',
          new mongoose.Schema({ nickname: { type: String, required: true, unique: true } }),
        );
        await Author.init();
        await Author.create({ nickname: 'jo' });
        const error = await rejectionOf(Author.create({ nickname: 'jo' }), 11000);
        expect(error.name).to.equal('MongoServerError');
        expect(error.keyPattern).to.deep.equal({ nickname: 1 });
        expect(error.keyValue).to.deep.equal({ nickname: 'jo' });
        expect(await Author.countDocuments()).to.equal(1);
      } finally {
        await connection.close();
      }
    });
  });
});
