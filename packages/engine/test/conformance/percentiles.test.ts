import { expect } from 'chai';
import type { Document } from 'mongodb';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';
import { storeIsRealMongoDB } from '../support/store.js';

/** The testScores collection of MongoDB's $percentile and $median reference pages. */
const TEST_SCORES = [
  { studentId: '2345', test01: 62, test02: 81, test03: 80 },
  { studentId: '2356', test01: 60, test02: 83, test03: 79 },
  { studentId: '2358', test01: 67, test02: 82, test03: 78 },
  { studentId: '2367', test01: 64, test02: 72, test03: 77 },
  { studentId: '2369', test01: 60, test02: 53, test03: 72 },
];

const percentile = (input: unknown, p: number[]) => ({ $percentile: { input, p, method: 'approximate' } });
const median = (input: unknown) => ({ $median: { input, method: 'approximate' } });

describe('engine conformance: $percentile and $median', function () {
  const conformance = useConformanceStore();

  async function testScores() {
    const collection = conformance.freshCollection();
    await collection.insertMany(TEST_SCORES.map((doc) => ({ ...doc })));
    return collection;
  }

  async function values(list: unknown[]) {
    const collection = conformance.freshCollection();
    await collection.insertMany(list.map((value, index) => ({ _id: index, value })));
    return collection;
  }

  describe("MongoDB's documented examples", function () {
    it('"Calculate a Single Value as an Accumulator": the 95th percentile of test01 is 67', async function () {
      const collection = await testScores();
      const results = await collection
        .aggregate([{ $group: { _id: null, test01_percentiles: percentile('$test01', [0.95]) } }])
        .toArray();
      expect(results).to.deep.equal([{ _id: null, test01_percentiles: [67] }]);
    });

    it('"Calculate Multiple Values as an Accumulator": results follow the order of p', async function () {
      const collection = await testScores();
      const p = [0.5, 0.75, 0.9, 0.95];
      const results = await collection
        .aggregate([
          {
            $group: {
              _id: null,
              test01_percentiles: percentile('$test01', p),
              test02_percentiles: percentile('$test02', p),
              test03_percentiles: percentile('$test03', p),
              test03_percent_alt: percentile('$test03', [0.9, 0.5, 0.75, 0.95]),
            },
          },
        ])
        .toArray();
      expect(results).to.deep.equal([
        {
          _id: null,
          test01_percentiles: [62, 64, 67, 67],
          test02_percentiles: [81, 82, 83, 83],
          test03_percentiles: [78, 79, 80, 80],
          test03_percent_alt: [80, 78, 79, 80],
        },
      ]);
    });

    it('"Use $percentile in a $project Stage": an array of fields per document', async function () {
      const collection = await testScores();
      const results = await collection
        .aggregate([
          {
            $project: {
              _id: 0,
              studentId: 1,
              testPercentiles: percentile(['$test01', '$test02', '$test03'], [0.5, 0.95]),
            },
          },
        ])
        .toArray();
      expect(results).to.deep.equal([
        { studentId: '2345', testPercentiles: [80, 81] },
        { studentId: '2356', testPercentiles: [79, 83] },
        { studentId: '2358', testPercentiles: [78, 82] },
        { studentId: '2367', testPercentiles: [72, 77] },
        { studentId: '2369', testPercentiles: [60, 72] },
      ]);
    });

    it('"Use $median as an Accumulator": the median of test01 is 62', async function () {
      const collection = await testScores();
      const results = await collection
        .aggregate([{ $group: { _id: null, test01_median: median('$test01') } }])
        .toArray();
      expect(results).to.deep.equal([{ _id: null, test01_median: 62 }]);
    });

    it('"Use $median in a $project Stage": the median of each student\'s tests', async function () {
      const collection = await testScores();
      const results = await collection
        .aggregate([
          { $project: { _id: 0, studentId: 1, testMedians: median(['$test01', '$test02', '$test03']) } },
        ])
        .toArray();
      expect(results).to.deep.equal([
        { studentId: '2345', testMedians: 80 },
        { studentId: '2356', testMedians: 79 },
        { studentId: '2358', testMedians: 78 },
        { studentId: '2367', testMedians: 72 },
        { studentId: '2369', testMedians: 60 },
      ]);
    });
  });

  describe('behaviour', function () {
    it('numbers are ordered by value, not as text', async function () {
      const collection = await values([9, 100, 60, 1000, 5]);
      const [result] = await collection
        .aggregate([{ $group: { _id: null, m: median('$value'), p: percentile('$value', [0.2, 0.8]) } }])
        .toArray();
      expect(result).to.deep.equal({ _id: null, m: 60, p: [5, 100] });
    });

    it('p = 0 gives the smallest value and p = 1 the largest', async function () {
      const collection = await values([4, 2, 8, 6]);
      const [result] = await collection
        .aggregate([{ $group: { _id: null, p: percentile('$value', [0, 1]) } }])
        .toArray();
      expect(result).to.deep.equal({ _id: null, p: [2, 8] });
    });

    it('values that are not numbers are ignored', async function () {
      const collection = await values([3, 'ten', null, true, 1, { n: 2 }, 2]);
      const [result] = await collection.aggregate([{ $group: { _id: null, m: median('$value') } }]).toArray();
      expect(result).to.deep.equal({ _id: null, m: 2 });
    });

    it('with no numbers at all, $median is null and $percentile gives a null per p', async function () {
      const collection = await values(['a', 'b']);
      const [result] = await collection
        .aggregate([{ $group: { _id: null, m: median('$value'), p: percentile('$value', [0.1, 0.9]) } }])
        .toArray();
      expect(result).to.deep.equal({ _id: null, m: null, p: [null, null] });
    });

    it('a method other than approximate is refused with BadValue (2)', async function () {
      const collection = await testScores();
      const error = await serverErrorOf(
        collection
          .aggregate([{ $group: { _id: null, m: { $median: { input: '$test01', method: 'exact' } } } }])
          .toArray(),
      );
      expect(error.code).to.equal(2);
      expect(error.message).to.include("Currently only 'approximate' can be used as percentile 'method'");
    });

    it('p outside [0.0, 1.0] is refused (7750303)', async function () {
      const collection = await testScores();
      const error = await serverErrorOf(
        collection.aggregate([{ $group: { _id: null, p: percentile('$test01', [1.5]) } }]).toArray(),
      );
      expect(error.code).to.equal(7750303);
    });

    it('as an expression, a single number is each of its own percentiles', async function () {
      const collection = await values([7]);
      const [result] = await collection
        .aggregate([{ $project: { _id: 0, m: median('$value'), p: percentile('$value', [0.1, 0.9]) } }])
        .toArray();
      expect(result).to.deep.equal({ m: 7, p: [7, 7] });
    });

    it('as an expression, an input that is neither a number nor an array gives nulls', async function () {
      const collection = await values(['text']);
      const [result] = await collection
        .aggregate([{ $project: { _id: 0, m: median('$value'), p: percentile('$missing', [0.5]) } }])
        .toArray();
      expect(result).to.deep.equal({ m: null, p: [null] });
    });

    it('per group, each group gets its own percentile', async function () {
      const collection = conformance.freshCollection();
      const docs: Document[] = [
        { ward: 'a', wait: 10 },
        { ward: 'a', wait: 30 },
        { ward: 'a', wait: 20 },
        { ward: 'b', wait: 5 },
      ];
      await collection.insertMany(docs);
      const results = await collection
        .aggregate([{ $group: { _id: '$ward', m: median('$wait') } }, { $sort: { _id: 1 } }])
        .toArray();
      expect(results).to.deep.equal([
        { _id: 'a', m: 20 },
        { _id: 'b', m: 5 },
      ]);
    });
  });
});

// MongoDB answers these from its t-digest, whose numbers the engine does not reproduce: it refuses.
if (!(await storeIsRealMongoDB())) {
  describe('engine-only: percentiles the engine cannot compute as MongoDB does are refused', function () {
    const conformance = useConformanceStore();

    it('an accumulator over 100 or more values is refused with NotImplemented (238)', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany(Array.from({ length: 100 }, (_, i) => ({ value: i })));
      const error = await serverErrorOf(
        collection.aggregate([{ $group: { _id: null, m: median('$value') } }]).toArray(),
      );
      expect(error.code).to.equal(238);
      expect(error.message).to.include('$median');
    });

    it('99 values are still computed exactly', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany(Array.from({ length: 99 }, (_, i) => ({ value: i })));
      const [result] = await collection
        .aggregate([{ $group: { _id: null, p: percentile('$value', [0.5, 0.9]) } }])
        .toArray();
      expect(result).to.deep.equal({ _id: null, p: [49, 89] });
    });

    it('as an expression there is no limit, since MongoDB computes expressions exactly', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, list: Array.from({ length: 1000 }, (_, i) => 999 - i) });
      const [result] = await collection.aggregate([{ $project: { m: median('$list') } }]).toArray();
      expect(result).to.deep.equal({ _id: 1, m: 499 });
    });

    it('p = 1.0 over values that are all zero or negative is refused', async function () {
      const collection = await (async () => {
        const c = conformance.freshCollection();
        await c.insertMany([{ value: -3 }, { value: -1 }]);
        return c;
      })();
      const error = await serverErrorOf(
        collection.aggregate([{ $group: { _id: null, p: percentile('$value', [1]) } }]).toArray(),
      );
      expect(error.code).to.equal(238);
    });
  });
}
