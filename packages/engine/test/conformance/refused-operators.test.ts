import { expect } from 'chai';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';
import { storeIsRealMongoDB } from '../support/store.js';

// Operators and stages MongoDB has and the engine does not: each is refused with NotImplemented (238)
// naming it, never answered with another error code or a different result. Real MongoDB runs them, so
// this file registers its tests only on the engine.
if (!(await storeIsRealMongoDB())) {
  describe('engine-only: operators and stages refused by name', function () {
    const conformance = useConformanceStore();

    async function withDocument() {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, a: 5 });
      return collection;
    }

    for (const [operator, filter] of [
      ['$jsonSchema', { $jsonSchema: { required: ['a'] } }],
      ['$sampleRate', { $sampleRate: 0.5 }],
    ] as const) {
      it(`${operator} in a query is refused with NotImplemented naming it`, async function () {
        const collection = await withDocument();
        const error = await serverErrorOf(collection.find(filter).toArray());
        expect([error.code, error.message.includes(operator)]).to.deep.equal([238, true]);
      });
    }

    it('$setWindowFields is refused with NotImplemented naming it', async function () {
      const collection = await withDocument();
      const stage = { $setWindowFields: { sortBy: { a: 1 }, output: { rank: { $rank: {} } } } };
      const error = await serverErrorOf(collection.aggregate([stage]).toArray());
      expect([error.code, error.message.includes('$setWindowFields')]).to.deep.equal([238, true]);
    });
  });
}
