import { expect } from 'chai';
import { Decimal128, Double, Long } from 'mongodb';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';
import { storeIsRealMongoDB } from '../support/store.js';

// Where the embedded engine deliberately differs from MongoDB: features it does not support must fail
// loudly rather than return a silently different answer. Real MongoDB supports these, so this file only
// registers its tests on the engine (in-process, or on its own behind MONGODB_URI).
if (!(await storeIsRealMongoDB())) {
  describe('engine-only: unsupported features fail loudly', function () {
    const conformance = useConformanceStore();

    it('a find with a collation is refused rather than compared without it', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ name: 'ann' }, { name: 'Ann' }]);
      const error = await serverErrorOf(
        collection.find({ name: 'ann' }, { collation: { locale: 'en', strength: 2 } }).toArray(),
      );
      expect(error.message.toLowerCase()).to.include('collation');
    });

    it('$where is refused with an error naming it', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      const error = await serverErrorOf(collection.find({ $where: 'this.a === 1' }).toArray());
      expect(error.message).to.include('$where');
    });

    it('$function in an aggregation expression is refused with an error naming it', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      const pipeline = [
        { $project: { b: { $function: { body: 'function(a) { return a; }', args: ['$a'], lang: 'js' } } } },
      ];
      const error = await serverErrorOf(collection.aggregate(pipeline).toArray());
      expect(error.message).to.include('$function');
    });

    it('a Decimal128 value is refused on insert rather than stored and compared as text', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(collection.insertOne({ price: Decimal128.fromString('1.10') }));
      expect(error.message).to.include('Decimal128');
      expect(await collection.countDocuments()).to.equal(0);
    });

    it('a 64-bit integer beyond 2^53 is refused on insert rather than compared imprecisely', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(collection.insertOne({ big: Long.fromString('9007199254740993') }));
      expect(error.message).to.include('64-bit');
    });

    it('a whole-number double reads back with its value, as a number', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, n: new Double(5), half: new Double(2.5) });
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, n: 5, half: 2.5 });
    });

    it('$elemMatch of a numeric $type over array elements is refused, while $type "number" works', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([{ n: [1] }, { n: [1.5] }, { n: ['one'] }]);
      const error = await serverErrorOf(
        collection.find({ n: { $elemMatch: { $type: 'double' } } }).toArray(),
      );
      expect(error.message).to.include('$type');
      expect(await collection.countDocuments({ n: { $elemMatch: { $type: 'number' } } })).to.equal(2);
    });

    it('the positional projection, and $slice or $elemMatch of a nested field, are refused', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ list: [1, 2, 3], visit: { stars: [5] } });
      const positional = await serverErrorOf(
        collection.findOne({ list: 2 }, { projection: { 'list.$': 1 } }),
      );
      expect(positional.message).to.include('positional');
      const nestedSlice = await serverErrorOf(
        collection.findOne({}, { projection: { 'visit.stars': { $slice: 1 } } }),
      );
      expect([nestedSlice.code, nestedSlice.message.includes('$slice')]).to.deep.equal([238, true]);
      const nestedElemMatch = await serverErrorOf(
        collection.findOne({}, { projection: { 'visit.stars': { $elemMatch: { $gt: 1 } } } }),
      );
      expect(nestedElemMatch.message).to.include('$elemMatch');
    });

    it('$slice still works as an aggregation expression', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, list: [1, 2, 3], other: 'kept' });
      const [doc] = await collection.aggregate([{ $set: { list: { $slice: ['$list', 2] } } }]).toArray();
      expect(doc).to.deep.equal({ _id: 1, list: [1, 2], other: 'kept' });
    });
  });
}
