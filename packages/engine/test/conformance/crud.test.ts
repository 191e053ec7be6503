import { expect } from 'chai';
import { Binary, MongoBulkWriteError, ObjectId, Timestamp, UUID, type Document } from 'mongodb';
import { rejectionOf, useConformanceStore } from '../fixtures/conformance-store.js';

describe('engine conformance: CRUD', function () {
  const conformance = useConformanceStore();

  describe('inserting', function () {
    it('insertOne gives the document a driver-generated ObjectId that finds it again', async function () {
      const stories = conformance.freshCollection();
      const result = await stories.insertOne({ title: 'Kind nurses' });
      expect(result.acknowledged).to.equal(true);
      expect(result.insertedId).to.be.instanceOf(ObjectId);
      const found = await stories.findOne({ _id: result.insertedId });
      expect(found).to.deep.equal({ _id: result.insertedId, title: 'Kind nurses' });
    });

    it('insertMany reports every inserted id by position', async function () {
      const stories = conformance.freshCollection();
      const result = await stories.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(result.insertedCount).to.equal(3);
      expect(Object.keys(result.insertedIds)).to.deep.equal(['0', '1', '2']);
      for (const id of Object.values(result.insertedIds)) expect(id).to.be.instanceOf(ObjectId);
      expect(await stories.countDocuments()).to.equal(3);
    });

    it('an ordered insertMany stops at the first duplicate and reports it as a write error', async function () {
      const stories = conformance.freshCollection();
      const error = await rejectionOf(
        stories.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }]),
        11000,
      );
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError;
      expect(bulkError.insertedCount).to.equal(2);
      const writeErrors = [bulkError.writeErrors].flat();
      expect(writeErrors.map((e) => [e.index, e.code])).to.deep.equal([[2, 11000]]);
      const ids = await stories
        .find()
        .sort({ _id: 1 })
        .map((d) => d._id)
        .toArray();
      expect(ids).to.deep.equal([1, 2]);
    });

    it('an unordered insertMany carries on past duplicates and reports each one', async function () {
      const stories = conformance.freshCollection();
      const docs = [{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }];
      const error = await rejectionOf(stories.insertMany(docs, { ordered: false }), 11000);
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError;
      expect(bulkError.insertedCount).to.equal(3);
      const writeErrors = [bulkError.writeErrors].flat();
      expect(writeErrors.map((e) => [e.index, e.code])).to.deep.equal([
        [1, 11000],
        [3, 11000],
      ]);
      const ids = await stories
        .find()
        .sort({ _id: 1 })
        .map((d) => d._id)
        .toArray();
      expect(ids).to.deep.equal([1, 2, 3]);
    });

    it('keeps the field order of a document, with _id moved first', async function () {
      const stories = conformance.freshCollection();
      await stories.insertOne({ zebra: 1, apple: 2, _id: 7, mango: { y: 1, b: 2 } });
      const found = await stories.findOne({ _id: 7 });
      expect(Object.keys(found ?? {})).to.deep.equal(['_id', 'zebra', 'apple', 'mango']);
      expect(Object.keys(found?.mango ?? {})).to.deep.equal(['y', 'b']);
    });
  });

  describe('finding', function () {
    const people = [
      { _id: 1, name: 'Ann', age: 30, ward: 'A', address: { city: 'Leeds', zip: 'LS1' }, secret: 'x' },
      { _id: 2, name: 'Bob', age: 25, ward: 'B', address: { city: 'York', zip: 'YO1' }, secret: 'y' },
      { _id: 3, name: 'Cat', age: 30, ward: 'B', address: { city: 'Hull', zip: 'HU1' }, secret: 'z' },
      { _id: 4, name: 'Dan', age: 41, ward: 'A', secret: 'w' },
      { _id: 5, name: 'Eve', ward: 'C', secret: 'v' },
    ];
    const seeded = () => {
      const collection = conformance.freshCollection();
      return collection.insertMany(people).then(() => collection);
    };

    it('find with an equality filter returns only matching documents', async function () {
      const collection = await seeded();
      const found = await collection.find({ ward: 'B' }).sort({ _id: 1 }).toArray();
      expect(found.map((d) => d.name)).to.deep.equal(['Bob', 'Cat']);
    });

    it('an inclusion projection returns only the named fields and _id', async function () {
      const collection = await seeded();
      const found = await collection.find({ _id: 1 }, { projection: { name: 1, age: 1 } }).toArray();
      expect(found).to.deep.equal([{ _id: 1, name: 'Ann', age: 30 }]);
    });

    it('a projected document keeps _id as its first field', async function () {
      const collection = await seeded();
      const found = await collection.findOne({ _id: 3 }, { projection: { ward: 1, name: 1 } });
      expect(Object.keys(found ?? {})[0]).to.equal('_id');
    });

    it('an exclusion projection returns everything but the named fields', async function () {
      const collection = await seeded();
      const found = await collection.findOne({ _id: 4 }, { projection: { secret: 0, age: 0 } });
      expect(found).to.deep.equal({ _id: 4, name: 'Dan', ward: 'A' });
    });

    it('_id: 0 in an inclusion projection leaves _id out', async function () {
      const collection = await seeded();
      const found = await collection.findOne({ _id: 2 }, { projection: { _id: 0, name: 1 } });
      expect(found).to.deep.equal({ name: 'Bob' });
    });

    it('a dotted inclusion projection keeps only that part of the subdocument', async function () {
      const collection = await seeded();
      const found = await collection.findOne({ _id: 1 }, { projection: { 'address.city': 1 } });
      expect(found).to.deep.equal({ _id: 1, address: { city: 'Leeds' } });
    });

    it('a dotted exclusion projection removes only that part of the subdocument', async function () {
      const collection = await seeded();
      const found = await collection.findOne({ _id: 2 }, { projection: { 'address.zip': 0, secret: 0 } });
      expect(found).to.deep.equal({ _id: 2, name: 'Bob', age: 25, ward: 'B', address: { city: 'York' } });
    });

    it('a dotted projection through an array of subdocuments keeps that field of every element', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({
        _id: 1,
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 2 },
        ],
      });
      const found = await collection.findOne({}, { projection: { 'items.sku': 1, _id: 0 } });
      expect(found).to.deep.equal({ items: [{ sku: 'a' }, { sku: 'b' }] });
    });

    it('excluding a field in an inclusion projection is refused', async function () {
      const collection = await seeded();
      const error = await rejectionOf(
        collection.find({}, { projection: { name: 1, secret: 0 } }).toArray(),
        31254,
        'Location31254',
      );
      expect(error.message).to.include('secret');
    });

    it('including a field in an exclusion projection is refused with the other code', async function () {
      const collection = await seeded();
      const error = await rejectionOf(
        collection.find({}, { projection: { secret: 0, name: 1 } }).toArray(),
        31253,
        'Location31253',
      );
      expect(error.message).to.include('name');
    });

    it('sorts on several keys with mixed directions', async function () {
      const collection = await seeded();
      const found = await collection.find().sort({ ward: 1, age: -1, _id: 1 }).toArray();
      expect(found.map((d) => d._id)).to.deep.equal([4, 1, 3, 2, 5]);
    });

    it('a document missing the sort field sorts with null, before every number', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ _id: 1, v: 3 }, { _id: 2 }, { _id: 3, v: null }, { _id: 4, v: 1 }]);
      const ascending = await collection.find().sort({ v: 1, _id: 1 }).toArray();
      expect(ascending.map((d) => d._id)).to.deep.equal([2, 3, 4, 1]);
      const descending = await collection.find().sort({ v: -1, _id: 1 }).toArray();
      expect(descending.map((d) => d._id)).to.deep.equal([1, 4, 2, 3]);
    });

    it('sorts values of different types in BSON order: null, numbers, strings, objects, booleans, dates', async function () {
      const collection = conformance.freshCollection();
      const when = new Date('2024-01-01T00:00:00Z');
      await collection.insertMany([
        { _id: 1, v: true },
        { _id: 2, v: 'b' },
        { _id: 3, v: 10 },
        { _id: 4, v: when },
        { _id: 5, v: null },
        { _id: 6, v: 'a' },
        { _id: 7, v: 2.5 },
        { _id: 8, v: { k: 1 } },
      ]);
      const found = await collection.find().sort({ v: 1 }).toArray();
      expect(found.map((d) => d._id)).to.deep.equal([5, 7, 3, 6, 2, 8, 1, 4]);
    });

    it('sorts embedded documents field by field: type, then field name, then value', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, v: { b: 1 } },
        { _id: 2, v: { a: 2 } },
        { _id: 3, v: { a: 'x' } },
        { _id: 4, v: { a: 1, c: 1 } },
      ]);
      const found = await collection.find().sort({ v: 1 }).toArray();
      expect(found.map((d) => d._id)).to.deep.equal([4, 2, 1, 3]);
    });

    it('sorting on an array field uses the smallest element ascending and the largest descending', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, v: [5, 1] },
        { _id: 2, v: [3] },
        { _id: 3, v: [9, 2] },
      ]);
      const ascending = await collection.find().sort({ v: 1 }).toArray();
      expect(ascending.map((d) => d._id)).to.deep.equal([1, 3, 2]);
      const descending = await collection.find().sort({ v: -1 }).toArray();
      expect(descending.map((d) => d._id)).to.deep.equal([3, 1, 2]);
    });

    it('skip and limit page through sorted results', async function () {
      const collection = await seeded();
      const page = await collection.find().sort({ _id: -1 }).skip(1).limit(2).toArray();
      expect(page.map((d) => d._id)).to.deep.equal([4, 3]);
    });

    it('findOne returns the first document in sort order, or null when nothing matches', async function () {
      const collection = await seeded();
      const oldest = await collection.findOne({ age: { $exists: true } }, { sort: { age: -1 } });
      expect(oldest?.name).to.equal('Dan');
      expect(await collection.findOne({ ward: 'Z' })).to.equal(null);
    });

    it('countDocuments counts matches, honouring skip and limit', async function () {
      const collection = await seeded();
      expect(await collection.countDocuments()).to.equal(5);
      expect(await collection.countDocuments({ age: 30 })).to.equal(2);
      expect(await collection.countDocuments({}, { skip: 1, limit: 3 })).to.equal(3);
      expect(await collection.countDocuments({}, { skip: 4 })).to.equal(1);
    });

    it('estimatedDocumentCount reports the collection size, and 0 for a collection that does not exist', async function () {
      const collection = await seeded();
      expect(await collection.estimatedDocumentCount()).to.equal(5);
      expect(await conformance.db.collection('never_created').estimatedDocumentCount()).to.equal(0);
    });

    it('distinct returns each value once, unwinding array fields', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { tags: ['food', 'staff'], ward: 'A' },
        { tags: ['staff', 'noise'], ward: 'B' },
        { tags: 'parking', ward: 'A' },
        { ward: 'A' },
      ]);
      const tags = await collection.distinct('tags');
      expect([...tags].sort()).to.deep.equal(['food', 'noise', 'parking', 'staff']);
    });

    it('distinct honours a filter and follows dotted paths', async function () {
      const collection = await seeded();
      const cities = await collection.distinct('address.city', { age: 30 });
      expect([...cities].sort()).to.deep.equal(['Hull', 'Leeds']);
    });
  });

  describe('deleting and replacing', function () {
    it('deleteOne removes only one matching document', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
      const result = await collection.deleteOne({ k: 1 });
      expect(result.deletedCount).to.equal(1);
      expect(await collection.countDocuments({ k: 1 })).to.equal(1);
    });

    it('deleteMany removes every matching document and reports how many', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
      const result = await collection.deleteMany({ k: 1 });
      expect(result.deletedCount).to.equal(2);
      expect(await collection.countDocuments()).to.equal(1);
      expect((await collection.deleteMany({ k: 99 })).deletedCount).to.equal(0);
    });

    it('replaceOne swaps the whole document but keeps its _id', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, a: 1, b: 2 });
      const result = await collection.replaceOne({ _id: 1 }, { c: 3 });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(1);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, c: 3 });
    });
  });

  describe('BSON types', function () {
    it('round-trips ObjectId, Date, Binary, UUID, Timestamp and nested arrays exactly', async function () {
      const collection = conformance.freshCollection();
      const original: Document = {
        _id: new ObjectId(),
        ref: new ObjectId('65a1b2c3d4e5f60718293a4b'),
        at: new Date('2024-02-29T23:59:59.123Z'),
        bytes: new Binary(Buffer.from([0, 1, 2, 255]), 0),
        uuid: new UUID('0e3b0c8a-8f5f-4e7b-9f5c-0c1d2e3f4a5b'),
        ts: new Timestamp({ t: 1700000000, i: 7 }),
        nested: [[1, 2], [3, [4, { deep: ['x'] }]], []],
        object: { a: { b: { c: null } } },
        text: 'ünïcødé ✓ 🏥',
        yes: false,
      };
      await collection.insertOne(original);
      const found = await collection.findOne({ _id: original._id });
      expect(found).to.not.equal(null);
      expect(found?.ref.toHexString()).to.equal('65a1b2c3d4e5f60718293a4b');
      expect(found?.at).to.be.instanceOf(Date);
      expect(found?.at.toISOString()).to.equal('2024-02-29T23:59:59.123Z');
      expect(found?.bytes).to.be.instanceOf(Binary);
      expect(found?.bytes.sub_type).to.equal(0);
      expect([...found?.bytes.buffer]).to.deep.equal([0, 1, 2, 255]);
      expect(found?.uuid).to.be.instanceOf(Binary);
      expect(found?.uuid.sub_type).to.equal(4);
      expect(found?.uuid.toUUID().toHexString()).to.equal('0e3b0c8a-8f5f-4e7b-9f5c-0c1d2e3f4a5b');
      expect(found?.ts).to.be.instanceOf(Timestamp);
      expect([found?.ts.t, found?.ts.i]).to.deep.equal([1700000000, 7]);
      expect(found?.nested).to.deep.equal([[1, 2], [3, [4, { deep: ['x'] }]], []]);
      expect(found?.object).to.deep.equal({ a: { b: { c: null } } });
      expect(found?.text).to.equal('ünïcødé ✓ 🏥');
      expect(found?.yes).to.equal(false);
    });

    it('tells a field set to null apart from a missing field', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ _id: 1, note: null }, { _id: 2 }]);
      const withNull = await collection.findOne({ _id: 1 });
      const without = await collection.findOne({ _id: 2 });
      expect(withNull).to.have.property('note', null);
      expect(without).to.not.have.property('note');
      expect(await collection.countDocuments({ note: null })).to.equal(2);
      expect(await collection.countDocuments({ note: { $exists: false } })).to.equal(1);
      expect(await collection.countDocuments({ note: { $type: 'null' } })).to.equal(1);
    });
  });
});
