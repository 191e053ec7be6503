import { expect } from 'chai';
import { Decimal128, Double, Int32, Long } from 'mongodb';
import { useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';
import { storeIsRealMongoDB } from '../support/store.js';

// MongoDB behaviour the embedded engine deliberately does not reproduce: numeric BSON subtypes
// (whole-number doubles, Decimal128, 64-bit integers beyond 2^53) and find's projection operators.
// The engine refuses these loudly (engine-limits.test.ts asserts that); these tests document what real
// MongoDB does, so they register only when MONGODB_URI points at one (not at careloop's engine run alone).
if (await storeIsRealMongoDB()) {
  describe('MongoDB only: features the embedded engine refuses', function () {
    const conformance = useConformanceStore();

    it('$type tells doubles from ints', async function () {
      const collection = conformance.freshCollection<AnyIdDocument>();
      await collection.insertMany([
        { _id: 1, age: 34 },
        { _id: 2, age: '40' },
        { _id: 3, age: 29.5 },
      ]);
      const ids = async (type: unknown) =>
        (
          await collection
            .find({ age: { $type: type as 'double' } })
            .sort({ _id: 1 })
            .toArray()
        ).map((d) => d._id);
      expect(await ids('double')).to.deep.equal([3]);
      expect(await ids(['string', 'double'])).to.deep.equal([2, 3]);
    });

    it('$slice in a projection returns part of an array', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, list: [1, 2, 3, 4, 5], other: 'kept' });
      expect(await collection.findOne({}, { projection: { list: { $slice: 2 } } })).to.deep.equal({
        _id: 1,
        list: [1, 2],
        other: 'kept',
      });
      expect(await collection.findOne({}, { projection: { list: { $slice: [-2, 1] } } })).to.deep.equal({
        _id: 1,
        list: [4],
        other: 'kept',
      });
    });

    it('$elemMatch and the positional $ in a projection return only the first matching element', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({
        _id: 1,
        grades: [70, 85, 90],
        visits: [
          { ward: 'A', stars: 2 },
          { ward: 'B', stars: 5 },
          { ward: 'C', stars: 5 },
        ],
      });
      const byElemMatch = await collection.findOne(
        {},
        { projection: { visits: { $elemMatch: { stars: 5 } } } },
      );
      expect(byElemMatch).to.deep.equal({ _id: 1, visits: [{ ward: 'B', stars: 5 }] });
      const byPosition = await collection.findOne(
        { grades: { $gte: 80 } },
        { projection: { 'grades.$': 1 } },
      );
      expect(byPosition).to.deep.equal({ _id: 1, grades: [85] });
    });

    it('keeps Int32, Double and Long as distinct numeric types', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({
        _id: 1,
        int: new Int32(5),
        double: new Double(5),
        long: Long.fromString('9007199254740993'),
      });
      const raw = await collection.findOne({ _id: 1 }, { promoteValues: false });
      expect(raw?.int).to.be.instanceOf(Int32);
      expect(raw?.double).to.be.instanceOf(Double);
      expect(raw?.long).to.be.instanceOf(Long);
      expect(raw?.long.toString()).to.equal('9007199254740993');
      const asBigInt = await collection.findOne({ _id: 1 }, { useBigInt64: true });
      expect(asBigInt?.long).to.equal(9007199254740993n);
      expect(await collection.countDocuments({ int: { $type: 'int' } })).to.equal(1);
      expect(await collection.countDocuments({ double: { $type: 'double' } })).to.equal(1);
      expect(await collection.countDocuments({ long: { $type: 'long' } })).to.equal(1);
      expect(await collection.countDocuments({ int: { $type: 'double' } })).to.equal(0);
    });

    it('compares numbers across types by value: Int32 5 equals Double 5.0 and Long 5', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, n: new Int32(5) },
        { _id: 2, n: new Double(5) },
        { _id: 3, n: Long.fromNumber(5) },
        { _id: 4, n: Decimal128.fromString('5.0') },
        { _id: 5, n: 6 },
      ]);
      const found = await collection.find({ n: 5 }).sort({ _id: 1 }).toArray();
      expect(found.map((d) => d._id)).to.deep.equal([1, 2, 3, 4]);
    });

    it('$inc keeps the numeric type: a double stays a double, an int that overflows becomes a long', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, double: new Double(1.5), int: new Int32(2147483647) });
      await collection.updateOne({ _id: 1 }, { $inc: { double: 0.5, int: 1 } });
      const raw = await collection.findOne({ _id: 1 }, { promoteValues: false });
      expect(raw?.double).to.be.instanceOf(Double);
      expect(raw?.double.valueOf()).to.equal(2);
      expect(raw?.int).to.be.instanceOf(Long);
      expect(raw?.int.toString()).to.equal('2147483648');
    });
  });
}
