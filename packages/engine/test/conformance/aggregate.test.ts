import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import { rejectionOf, useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';

const stories: Document[] = [
  {
    _id: 1,
    board: 'north',
    ward: 'A',
    stars: 5,
    tags: ['food', 'staff'],
    at: new Date('2024-01-01T09:30:00Z'),
  },
  { _id: 2, board: 'north', ward: 'A', stars: 3, tags: ['staff'], at: new Date('2024-01-07T12:00:00Z') },
  { _id: 3, board: 'north', ward: 'B', stars: 1, tags: [], at: new Date('2024-01-10T18:45:00Z') },
  { _id: 4, board: 'south', ward: 'A', stars: 4, tags: ['noise'], at: new Date('2024-02-15T00:00:00Z') },
  { _id: 5, board: 'south', ward: 'C', stars: 2, at: new Date('2024-03-31T23:59:59Z') },
  { _id: 6, board: 'south', ward: 'C', stars: 'n/a', tags: null, at: new Date('2024-12-31T10:00:00Z') },
];

describe('engine conformance: aggregation', function () {
  const conformance = useConformanceStore();
  let collection: Collection<AnyIdDocument>;

  before(async function () {
    collection = conformance.freshCollection('stories');
    await collection.insertMany(stories);
  });

  const run = (pipeline: Document[]) => collection.aggregate(pipeline).toArray();

  describe('shaping stages', function () {
    it('$match filters with the query language', async function () {
      const found = await run([{ $match: { board: 'north', stars: { $gte: 3 } } }, { $sort: { _id: 1 } }]);
      expect(found.map((d) => d._id)).to.deep.equal([1, 2]);
    });

    it('$project includes, excludes _id, renames and computes fields', async function () {
      const found = await run([
        { $match: { _id: 1 } },
        { $project: { _id: 0, ward: 1, place: '$board', double: { $multiply: ['$stars', 2] } } },
      ]);
      expect(found).to.deep.equal([{ ward: 'A', place: 'north', double: 10 }]);
    });

    it('$project keeps _id as the first field of its output', async function () {
      const [found] = await run([
        { $match: { _id: 1 } },
        { $project: { ward: 1, label: { $concat: ['$board', '!'] } } },
      ]);
      expect(Object.keys(found)[0]).to.equal('_id');
      expect(Object.keys(found)).to.have.members(['_id', 'ward', 'label']);
    });

    it('$addFields and its alias $set add computed fields and keep the rest', async function () {
      const found = await run([
        { $match: { _id: 2 } },
        { $addFields: { tagCount: { $size: '$tags' } } },
        { $set: { 'meta.good': { $gte: ['$stars', 3] } } },
        { $project: { at: 0, tags: 0 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 2, board: 'north', ward: 'A', stars: 3, tagCount: 1, meta: { good: true } },
      ]);
    });

    it('$unset drops fields', async function () {
      const found = await run([{ $match: { _id: 3 } }, { $unset: ['at', 'tags', 'ward'] }]);
      expect(found).to.deep.equal([{ _id: 3, board: 'north', stars: 1 }]);
    });

    it('$sort, $skip and $limit page through results', async function () {
      const found = await run([{ $sort: { board: -1, _id: 1 } }, { $skip: 1 }, { $limit: 3 }]);
      expect(found.map((d) => d._id)).to.deep.equal([5, 6, 1]);
    });

    it('$count returns a single document with the count, and nothing for no input', async function () {
      expect(await run([{ $match: { board: 'south' } }, { $count: 'total' }])).to.deep.equal([{ total: 3 }]);
      expect(await run([{ $match: { board: 'east' } }, { $count: 'total' }])).to.deep.equal([]);
    });

    it('$replaceRoot promotes an embedded document', async function () {
      const found = await run([
        { $match: { _id: 4 } },
        { $replaceRoot: { newRoot: { where: { board: '$board', ward: '$ward' } } } },
        { $replaceRoot: { newRoot: '$where' } },
      ]);
      expect(found).to.deep.equal([{ board: 'south', ward: 'A' }]);
    });

    it('$replaceRoot fails when the new root is not a document', async function () {
      await rejectionOf(run([{ $replaceRoot: { newRoot: '$ward' } }]), 40228, 'Location40228');
    });
  });

  describe('$group', function () {
    it('accumulates $sum, $avg, $min and $max, ignoring non-numeric values for $sum and $avg', async function () {
      const found = await run([
        {
          $group: {
            _id: '$board',
            count: { $sum: 1 },
            total: { $sum: '$stars' },
            mean: { $avg: '$stars' },
            least: { $min: '$stars' },
            most: { $max: '$stars' },
          },
        },
        { $sort: { _id: 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 'north', count: 3, total: 9, mean: 3, least: 1, most: 5 },
        { _id: 'south', count: 3, total: 6, mean: 3, least: 2, most: 'n/a' },
      ]);
    });

    it('$push keeps every value in order, $addToSet each distinct value once', async function () {
      const found = await run([
        { $sort: { _id: 1 } },
        { $group: { _id: '$board', wards: { $push: '$ward' }, distinctWards: { $addToSet: '$ward' } } },
        { $sort: { _id: 1 } },
      ]);
      expect(found.map((d) => d.wards)).to.deep.equal([
        ['A', 'A', 'B'],
        ['A', 'C', 'C'],
      ]);
      expect(found.map((d) => [...d.distinctWards].sort())).to.deep.equal([
        ['A', 'B'],
        ['A', 'C'],
      ]);
    });

    it('$first and $last follow the preceding $sort', async function () {
      const found = await run([
        { $sort: { at: 1 } },
        { $group: { _id: '$board', first: { $first: '$_id' }, last: { $last: '$_id' } } },
        { $sort: { _id: 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 'north', first: 1, last: 3 },
        { _id: 'south', first: 4, last: 6 },
      ]);
    });

    it('groups by a compound key', async function () {
      const found = await run([
        { $group: { _id: { board: '$board', ward: '$ward' }, n: { $sum: 1 } } },
        { $sort: { '_id.board': 1, '_id.ward': 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: { board: 'north', ward: 'A' }, n: 2 },
        { _id: { board: 'north', ward: 'B' }, n: 1 },
        { _id: { board: 'south', ward: 'A' }, n: 1 },
        { _id: { board: 'south', ward: 'C' }, n: 2 },
      ]);
    });

    it('groups everything under _id null, and a sum of a missing field is 0', async function () {
      const found = await run([{ $group: { _id: null, n: { $sum: 1 }, nothing: { $sum: '$missing' } } }]);
      expect(found).to.deep.equal([{ _id: null, n: 6, nothing: 0 }]);
    });

    it('$sortByCount counts by value, most frequent first', async function () {
      const found = await run([{ $match: { ward: { $ne: 'B' } } }, { $sortByCount: '$ward' }]);
      expect(found).to.deep.equal([
        { _id: 'A', count: 3 },
        { _id: 'C', count: 2 },
      ]);
    });

    it('$median and $percentile (method approximate) summarise numbers, ignoring non-numbers', async function () {
      const numbers = conformance.freshCollection('numbers');
      await numbers.insertMany([1, 2, 3, 4, 5, 6, 7, 8, 9, 'x'].map((v) => ({ v })));
      const found = await numbers
        .aggregate([
          {
            $group: {
              _id: null,
              median: { $median: { input: '$v', method: 'approximate' } },
              percentiles: { $percentile: { input: '$v', p: [0.5, 1], method: 'approximate' } },
            },
          },
        ])
        .toArray();
      expect(found).to.deep.equal([{ _id: null, median: 5, percentiles: [5, 9] }]);
    });
  });

  describe('expressions', function () {
    it('$cond, $ifNull and $switch choose values', async function () {
      const found = await run([
        { $match: { _id: { $in: [1, 5, 6] } } },
        {
          $project: {
            good: { $cond: [{ $gte: ['$stars', 4] }, 'yes', 'no'] },
            tags: { $ifNull: ['$tags', 'none'] },
            band: {
              $switch: {
                branches: [
                  { case: { $not: [{ $isNumber: '$stars' }] }, then: 'unrated' },
                  { case: { $lt: ['$stars', 3] }, then: 'low' },
                ],
                default: 'high',
              },
            },
          },
        },
        { $sort: { _id: 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 1, good: 'yes', tags: ['food', 'staff'], band: 'high' },
        { _id: 5, good: 'no', tags: 'none', band: 'low' },
        { _id: 6, good: 'yes', tags: 'none', band: 'unrated' },
      ]);
    });

    it('$filter, $map and $size work on arrays, and string operators on strings', async function () {
      const found = await run([
        { $match: { _id: 1 } },
        {
          $project: {
            _id: 0,
            staffOnly: { $filter: { input: '$tags', as: 't', cond: { $eq: ['$$t', 'staff'] } } },
            upper: { $map: { input: '$tags', in: { $toUpper: '$$this' } } },
            count: { $size: '$tags' },
            label: { $concat: ['$board', '/', '$ward'] },
            short: { $substrCP: ['$board', 0, 3] },
          },
        },
      ]);
      expect(found).to.deep.equal([
        { staffOnly: ['staff'], upper: ['FOOD', 'STAFF'], count: 2, label: 'north/A', short: 'nor' },
      ]);
    });
  });

  describe('$unwind', function () {
    it('emits one document per array element and drops empty, null and missing arrays', async function () {
      const found = await run([
        { $unwind: '$tags' },
        { $project: { tags: 1 } },
        { $sort: { _id: 1, tags: 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 1, tags: 'food' },
        { _id: 1, tags: 'staff' },
        { _id: 2, tags: 'staff' },
        { _id: 4, tags: 'noise' },
      ]);
    });

    it('preserveNullAndEmptyArrays keeps documents without elements, with includeArrayIndex', async function () {
      const found = await run([
        { $match: { _id: { $in: [2, 3, 5, 6] } } },
        { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } },
        { $project: { tags: 1, i: 1 } },
        { $sort: { _id: 1 } },
      ]);
      expect(found).to.deep.equal([
        { _id: 2, tags: 'staff', i: 0 },
        { _id: 3, i: null },
        { _id: 5, i: null },
        { _id: 6, tags: null, i: null },
      ]);
    });
  });

  describe('$lookup and $facet', function () {
    let boards: Collection<AnyIdDocument>;

    before(async function () {
      boards = conformance.freshCollection('boards');
      await boards.insertMany([
        { _id: 'north', name: 'North Board', minStars: 3 },
        { _id: 'south', name: 'South Board', minStars: 4 },
        { _id: 'east', name: 'East Board', minStars: 1 },
      ]);
    });

    it('$lookup by equality joins another collection of the same database', async function () {
      const found = await boards
        .aggregate([
          {
            $lookup: {
              from: collection.collectionName,
              localField: '_id',
              foreignField: 'board',
              as: 'stories',
            },
          },
          { $project: { ids: '$stories._id' } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(found).to.deep.equal([
        { _id: 'east', ids: [] },
        { _id: 'north', ids: [1, 2, 3] },
        { _id: 'south', ids: [4, 5, 6] },
      ]);
    });

    it('$lookup with let and a pipeline joins on a computed condition', async function () {
      const found = await boards
        .aggregate([
          {
            $lookup: {
              from: collection.collectionName,
              let: { board: '$_id', min: '$minStars' },
              pipeline: [
                {
                  $match: {
                    $expr: {
                      $and: [
                        { $eq: ['$board', '$$board'] },
                        { $gte: ['$stars', '$$min'] },
                        { $isNumber: '$stars' },
                      ],
                    },
                  },
                },
                { $sort: { _id: 1 } },
                { $project: { _id: 1 } },
              ],
              as: 'good',
            },
          },
          { $project: { good: 1 } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(found).to.deep.equal([
        { _id: 'east', good: [] },
        { _id: 'north', good: [{ _id: 1 }, { _id: 2 }] },
        { _id: 'south', good: [{ _id: 4 }] },
      ]);
    });

    it('$lookup by equality matches elements when the foreign field is an array', async function () {
      const found = await boards
        .aggregate([
          { $match: { _id: 'north' } },
          { $set: { tagWanted: 'staff' } },
          {
            $lookup: {
              from: collection.collectionName,
              localField: 'tagWanted',
              foreignField: 'tags',
              as: 'm',
            },
          },
          { $project: { ids: '$m._id' } },
        ])
        .toArray();
      expect(found).to.deep.equal([{ _id: 'north', ids: [1, 2] }]);
    });

    it('$lookup with a missing localField matches foreign documents whose field is null or missing', async function () {
      const found = await boards
        .aggregate([
          { $match: { _id: 'north' } },
          {
            $lookup: {
              from: collection.collectionName,
              localField: 'noSuchField',
              foreignField: 'tags',
              as: 'm',
            },
          },
          { $project: { ids: '$m._id' } },
        ])
        .toArray();
      expect(found).to.deep.equal([{ _id: 'north', ids: [5, 6] }]);
    });

    it('$lookup gives the same joins whether or not the foreign field is indexed', async function () {
      const indexed = conformance.freshCollection('stories_indexed');
      // One changed after the indexes exist (which moves it within them): the join keeps natural order.
      await indexed.insertMany(stories);
      await indexed.createIndex({ board: 1, at: -1 });
      await indexed.createIndex({ tags: 1 });
      // Read through the indexes first, so the change moves the document within what they hold.
      await indexed.find({ board: 'south' }).toArray();
      await indexed.find({ tags: null }).toArray();
      await indexed.updateOne({ _id: 5 }, { $set: { note: 'changed' } });
      const joins = (from: string) =>
        boards
          .aggregate([
            {
              $set: { wanted: { $cond: [{ $eq: ['$_id', 'north'] }, ['staff', 'noise', 'staff'], 'food'] } },
            },
            { $lookup: { from, localField: '_id', foreignField: 'board', as: 'byBoard' } },
            { $lookup: { from, localField: 'wanted', foreignField: 'tags', as: 'byTag' } },
            { $lookup: { from, localField: 'noSuchField', foreignField: 'tags', as: 'byMissing' } },
            { $lookup: { from, localField: 'minStars', foreignField: '_id', as: 'byId' } },
            {
              $project: {
                byBoard: '$byBoard._id',
                byTag: '$byTag._id',
                byMissing: '$byMissing._id',
                byId: '$byId.stars',
              },
            },
            { $sort: { _id: 1 } },
          ])
          .toArray();
      const unindexed = await joins(collection.collectionName);
      const throughIndexes = await joins(indexed.collectionName);
      expect(throughIndexes).to.deep.equal(unindexed);
      expect(unindexed).to.deep.equal([
        { _id: 'east', byBoard: [], byTag: [1], byMissing: [5, 6], byId: [5] },
        { _id: 'north', byBoard: [1, 2, 3], byTag: [1, 2, 4], byMissing: [5, 6], byId: [1] },
        { _id: 'south', byBoard: [4, 5, 6], byTag: [1], byMissing: [5, 6], byId: [4] },
      ]);
    });

    it('$facet runs several pipelines over the same input', async function () {
      const found = await run([
        {
          $facet: {
            byBoard: [{ $sortByCount: '$board' }, { $sort: { _id: 1 } }],
            best: [
              { $match: { stars: { $type: 'number' } } },
              { $sort: { stars: -1 } },
              { $limit: 1 },
              { $project: { _id: 1 } },
            ],
            none: [{ $match: { board: 'east' } }],
          },
        },
      ]);
      expect(found).to.deep.equal([
        {
          byBoard: [
            { _id: 'north', count: 3 },
            { _id: 'south', count: 3 },
          ],
          best: [{ _id: 1 }],
          none: [],
        },
      ]);
    });

    it('$bucket groups into ranges, with a default bucket for the rest', async function () {
      const found = await run([
        { $sort: { _id: 1 } },
        {
          $bucket: {
            groupBy: '$stars',
            boundaries: [1, 3, 6],
            default: 'other',
            output: { n: { $sum: 1 }, ids: { $push: '$_id' } },
          },
        },
      ]);
      expect(found).to.deep.equal([
        { _id: 1, n: 2, ids: [3, 5] },
        { _id: 3, n: 3, ids: [1, 2, 4] },
        { _id: 'other', n: 1, ids: [6] },
      ]);
    });
  });

  describe('dates', function () {
    it('$dateTrunc truncates to the month, and to the week starting Sunday by default', async function () {
      const found = await run([
        { $match: { _id: 3 } },
        {
          $project: {
            _id: 0,
            month: { $dateTrunc: { date: '$at', unit: 'month' } },
            week: { $dateTrunc: { date: '$at', unit: 'week' } },
            mondayWeek: { $dateTrunc: { date: '$at', unit: 'week', startOfWeek: 'monday' } },
            hour: { $dateTrunc: { date: '$at', unit: 'hour' } },
          },
        },
      ]);
      expect(found).to.deep.equal([
        {
          month: new Date('2024-01-01T00:00:00Z'),
          week: new Date('2024-01-07T00:00:00Z'),
          mondayWeek: new Date('2024-01-08T00:00:00Z'),
          hour: new Date('2024-01-10T18:00:00Z'),
        },
      ]);
    });

    it('$dateToString formats in UTC or a given timezone', async function () {
      const found = await run([
        { $match: { _id: 5 } },
        {
          $project: {
            _id: 0,
            utc: { $dateToString: { date: '$at', format: '%Y-%m-%d %H:%M:%S' } },
            london: { $dateToString: { date: '$at', format: '%Y-%m-%dT%H:%M', timezone: 'Europe/London' } },
          },
        },
      ]);
      expect(found).to.deep.equal([{ utc: '2024-03-31 23:59:59', london: '2024-04-01T00:59' }]);
    });

    it('$week counts Sunday-started weeks, with days before the first Sunday in week 0', async function () {
      const found = await run([{ $project: { week: { $week: '$at' } } }, { $sort: { _id: 1 } }]);
      expect(found.map((d) => d.week)).to.deep.equal([0, 1, 1, 6, 13, 52]);
    });
  });

  describe('cursors and output stages', function () {
    it('returns results larger than one batch in full', async function () {
      const many = conformance.freshCollection('many');
      await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, even: i % 2 === 0 })));
      const found = await many.aggregate([{ $match: {} }, { $sort: { _id: 1 } }]).toArray();
      expect(found.map((d) => d._id)).to.deep.equal(Array.from({ length: 250 }, (_, i) => i));
      const evens = await many.aggregate([{ $match: { even: true } }], { batchSize: 7 }).toArray();
      expect(evens).to.have.length(125);
    });

    it('$out either writes the results to a collection or fails loudly', async function () {
      const target = conformance.freshCollection('out');
      try {
        const returned = await run([
          { $match: { board: 'north' } },
          { $project: { stars: 1 } },
          { $out: target.collectionName },
        ]);
        expect(returned).to.deep.equal([]);
      } catch (error) {
        expect(String(error)).to.include('$out');
        return;
      }
      const written = await target.find().sort({ _id: 1 }).toArray();
      expect(written).to.deep.equal([
        { _id: 1, stars: 5 },
        { _id: 2, stars: 3 },
        { _id: 3, stars: 1 },
      ]);
    });

    it('$merge either merges the results into a collection or fails loudly', async function () {
      const target = conformance.freshCollection('merge');
      await target.insertOne({ _id: 'north', count: 100, kept: true });
      try {
        await run([
          { $group: { _id: '$board', count: { $sum: 1 } } },
          { $merge: { into: target.collectionName, whenMatched: 'merge', whenNotMatched: 'insert' } },
        ]);
      } catch (error) {
        expect(String(error)).to.include('$merge');
        return;
      }
      const written = await target.find().sort({ _id: 1 }).toArray();
      expect(written).to.deep.equal([
        { _id: 'north', count: 3, kept: true },
        { _id: 'south', count: 3 },
      ]);
    });

    it('an unknown stage is refused', async function () {
      await rejectionOf(run([{ $frobnicate: {} }]), 40324, 'Location40324');
    });
  });
});

describe('engine conformance: date time zones', function () {
  const conformance = useConformanceStore();

  it('date operators accept the time zone names "UTC" and "GMT", and Olson names', async function () {
    const collection = conformance.freshCollection();
    await collection.insertOne({ _id: 1, d: new Date('2024-03-05T23:30:00Z') });
    const [doc] = await collection
      .aggregate([
        {
          $project: {
            utc: { $dateToString: { date: '$d', format: '%Y-%m-%d %H:%M', timezone: 'UTC' } },
            gmt: { $dateToString: { date: '$d', format: '%H:%M', timezone: 'GMT' } },
            paris: { $dateToString: { date: '$d', format: '%Y-%m-%d %H:%M', timezone: 'Europe/Paris' } },
          },
        },
      ])
      .toArray();
    expect(doc).to.deep.equal({ _id: 1, utc: '2024-03-05 23:30', gmt: '23:30', paris: '2024-03-06 00:30' });
  });
});
