import { expect } from 'chai';
import { serverErrorOf, useConformanceStore } from './fixtures/conformance-store.js';

// Where the embedded engine deliberately differs from MongoDB: features it does not support must fail
// loudly rather than return a silently different answer. Real MongoDB supports these, so this file only
// registers its tests on the embedded engine.
if (!process.env.MONGODB_URI) {
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
  });
}
