import { expect } from 'chai';
import { ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';

const early = new ObjectId('000000010000000000000000');
const middle = new ObjectId('000000020000000000000000');
const late = new ObjectId('000000030000000000000000');

const patients: Document[] = [
  {
    _id: 1,
    name: 'alice',
    age: 34,
    seen: new Date('2024-01-10T00:00:00Z'),
    ref: early,
    tags: ['food', 'staff'],
    scores: [2, 6],
    visits: [
      { ward: 'A', stars: 5 },
      { ward: 'B', stars: 2 },
    ],
    budget: 100,
    spent: 120,
    note: null,
  },
  {
    _id: 2,
    name: 'Bob',
    age: 51,
    seen: new Date('2024-03-01T00:00:00Z'),
    ref: middle,
    tags: ['staff'],
    scores: [4],
    visits: [{ ward: 'A', stars: 2 }],
    budget: 100,
    spent: 80,
  },
  {
    _id: 3,
    name: 'carol',
    age: '40',
    seen: new Date('2024-06-15T00:00:00Z'),
    ref: late,
    tags: ['noise', 'food', 'staff'],
    scores: [1, 9],
    visits: [
      { ward: 'B', stars: 5 },
      { ward: 'A', stars: 1 },
    ],
    budget: 50,
    spent: 50,
  },
  { _id: 4, name: 'dave', age: 29.5, tags: [], scores: [], visits: [] },
  { _id: 5, name: 'Alan\nsmith', tags: 'food', scores: 5 },
];

describe('engine conformance: query operators', function () {
  const conformance = useConformanceStore();
  let collection: Collection<AnyIdDocument>;

  before(async function () {
    collection = conformance.freshCollection('patients');
    await collection.insertMany(patients);
  });

  const ids = async (filter: Filter<AnyIdDocument>) =>
    (await collection.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

  describe('comparison', function () {
    it('$eq and $ne on numbers, with $ne also matching documents missing the field', async function () {
      expect(await ids({ age: { $eq: 34 } })).to.deep.equal([1]);
      expect(await ids({ age: { $ne: 34 } })).to.deep.equal([2, 3, 4, 5]);
    });

    it('$gt, $gte, $lt and $lte compare numbers only with numbers', async function () {
      expect(await ids({ age: { $gt: 34 } })).to.deep.equal([2]);
      expect(await ids({ age: { $gte: 34 } })).to.deep.equal([1, 2]);
      expect(await ids({ age: { $lt: 34 } })).to.deep.equal([4]);
      expect(await ids({ age: { $lte: 34 } })).to.deep.equal([1, 4]);
    });

    it('string comparison is binary: capitals sort before lower case', async function () {
      expect(await ids({ name: { $lt: 'a' } })).to.deep.equal([2, 5]);
      expect(await ids({ name: { $gte: 'b', $lt: 'd' } })).to.deep.equal([3]);
      expect(await ids({ age: { $gte: '4' } })).to.deep.equal([3]);
    });

    it('compares dates', async function () {
      expect(await ids({ seen: { $gte: new Date('2024-03-01T00:00:00Z') } })).to.deep.equal([2, 3]);
      expect(await ids({ seen: { $lt: new Date('2024-03-01T00:00:00Z') } })).to.deep.equal([1]);
    });

    it('compares ObjectIds', async function () {
      expect(await ids({ ref: { $gt: early } })).to.deep.equal([2, 3]);
      expect(await ids({ ref: { $lte: middle } })).to.deep.equal([1, 2]);
      expect(await ids({ ref: late })).to.deep.equal([3]);
    });

    it('$in matches any listed value, including array elements, regexes and null for a missing field', async function () {
      expect(await ids({ age: { $in: [34, 51, '40'] } })).to.deep.equal([1, 2, 3]);
      expect(await ids({ tags: { $in: ['noise', 'parking'] } })).to.deep.equal([3]);
      expect(await ids({ name: { $in: [/^a/, 'Bob'] } })).to.deep.equal([1, 2]);
      expect(await ids({ seen: { $in: [null] } })).to.deep.equal([4, 5]);
    });

    it('$nin matches documents where no value is listed, including those missing the field', async function () {
      expect(await ids({ age: { $nin: [34, 51] } })).to.deep.equal([3, 4, 5]);
      expect(await ids({ tags: { $nin: ['staff'] } })).to.deep.equal([4, 5]);
    });

    it('a range on an array field may be satisfied by different elements', async function () {
      expect(await ids({ scores: { $gt: 3, $lt: 5 } })).to.deep.equal([1, 2, 3]);
      expect(await ids({ scores: { $elemMatch: { $gt: 3, $lt: 5 } } })).to.deep.equal([2]);
    });
  });

  describe('$comment', function () {
    it('a top-level $comment labels the query and changes nothing it matches', async function () {
      const labelled = conformance.freshCollection();
      await labelled.insertMany([{ a: 1 }, { a: 2 }]);
      expect(await labelled.countDocuments({ a: 2, $comment: 'asked by the test' })).to.equal(1);
      expect(await labelled.countDocuments({ $comment: 'everything' })).to.equal(2);
    });
  });

  describe('logical', function () {
    it('$and requires every clause', async function () {
      expect(await ids({ $and: [{ tags: 'food' }, { tags: 'staff' }] })).to.deep.equal([1, 3]);
    });

    it('$or requires any clause', async function () {
      expect(await ids({ $or: [{ age: 51 }, { name: 'dave' }] })).to.deep.equal([2, 4]);
    });

    it('$nor requires no clause, so it matches documents missing the fields', async function () {
      expect(await ids({ $nor: [{ age: { $gt: 30 } }, { tags: 'food' }] })).to.deep.equal([4]);
    });

    it('$not inverts an operator and matches documents missing the field', async function () {
      expect(await ids({ age: { $not: { $gt: 30 } } })).to.deep.equal([3, 4, 5]);
      expect(await ids({ name: { $not: /^[a-c]/ } })).to.deep.equal([2, 4, 5]);
    });

    it('an unknown top-level or field operator is refused', async function () {
      await serverErrorOf(collection.find({ age: { $between: [1, 2] } }).toArray());
      await serverErrorOf(collection.find({ $either: [{ age: 1 }] }).toArray());
    });
  });

  describe('element', function () {
    it('$exists tells present fields (even null) from missing ones', async function () {
      expect(await ids({ note: { $exists: true } })).to.deep.equal([1]);
      expect(await ids({ seen: { $exists: false } })).to.deep.equal([4, 5]);
    });

    it('$type matches by alias, by number, by "number", by "array" and by "null"', async function () {
      expect(await ids({ age: { $type: 'string' } })).to.deep.equal([3]);
      expect(await ids({ age: { $type: 2 } })).to.deep.equal([3]);
      expect(await ids({ age: { $type: 'number' } })).to.deep.equal([1, 2, 4]);
      expect(await ids({ tags: { $type: 'array' } })).to.deep.equal([1, 2, 3, 4]);
      expect(await ids({ note: { $type: 'null' } })).to.deep.equal([1]);
    });
  });

  describe('regular expressions', function () {
    it('$regex is case-sensitive unless given the i option', async function () {
      expect(await ids({ name: { $regex: '^a' } })).to.deep.equal([1]);
      expect(await ids({ name: { $regex: '^a', $options: 'i' } })).to.deep.equal([1, 5]);
      expect(await ids({ name: /^A/i })).to.deep.equal([1, 5]);
    });

    it('the m option lets ^ match after a newline', async function () {
      expect(await ids({ name: { $regex: '^smith' } })).to.deep.equal([]);
      expect(await ids({ name: { $regex: '^smith', $options: 'm' } })).to.deep.equal([5]);
    });

    it('a regex matches string elements of an array and never matches numbers', async function () {
      expect(await ids({ tags: /^no/ })).to.deep.equal([3]);
      expect(await ids({ age: /4/ })).to.deep.equal([3]);
    });
  });

  describe('arrays', function () {
    it('$elemMatch requires one element to satisfy every condition', async function () {
      expect(await ids({ visits: { $elemMatch: { ward: 'A', stars: 5 } } })).to.deep.equal([1]);
    });

    it('conditions on dotted paths into an array may be met by different elements', async function () {
      expect(await ids({ 'visits.ward': 'A', 'visits.stars': 5 })).to.deep.equal([1, 3]);
    });

    it('a numeric path segment addresses one array position', async function () {
      expect(await ids({ 'visits.0.ward': 'B' })).to.deep.equal([3]);
      expect(await ids({ 'scores.1': { $gt: 5 } })).to.deep.equal([1, 3]);
    });

    it('null matches an array element lacking the field, and a document lacking the array', async function () {
      const visits = conformance.freshCollection('visits');
      await visits.insertMany([
        { _id: 1, visits: [{ ward: 'A' }, { ward: 'B', stars: 1 }] },
        { _id: 2, visits: [{ ward: 'A', stars: 2 }] },
        { _id: 3 },
      ]);
      const found = await visits.find({ 'visits.stars': null }).sort({ _id: 1 }).toArray();
      expect(found.map((d) => d._id)).to.deep.equal([1, 3]);
    });

    it('$size matches an exact array length', async function () {
      expect(await ids({ tags: { $size: 2 } })).to.deep.equal([1]);
      expect(await ids({ tags: { $size: 0 } })).to.deep.equal([4]);
    });

    it('$all requires every listed element in any order', async function () {
      expect(await ids({ tags: { $all: ['staff', 'food'] } })).to.deep.equal([1, 3]);
      expect(await ids({ tags: { $all: ['food'] } })).to.deep.equal([1, 3, 5]);
    });

    it('an array value matches the whole array exactly, in order; a scalar matches any element', async function () {
      expect(await ids({ tags: ['food', 'staff'] })).to.deep.equal([1]);
      expect(await ids({ tags: ['staff', 'food'] })).to.deep.equal([]);
      expect(await ids({ tags: 'staff' })).to.deep.equal([1, 2, 3]);
      expect(await ids({ tags: [] })).to.deep.equal([4]);
    });

    it('an embedded document matches only with the same fields in the same order', async function () {
      expect(await ids({ visits: { ward: 'A', stars: 2 } })).to.deep.equal([2]);
      expect(await ids({ visits: { stars: 2, ward: 'A' } })).to.deep.equal([]);
    });
  });

  describe('$expr and $mod', function () {
    it('$expr compares two fields of the same document', async function () {
      expect(await ids({ $expr: { $gt: ['$spent', '$budget'] } })).to.deep.equal([1]);
      expect(await ids({ budget: { $exists: true }, $expr: { $eq: ['$spent', '$budget'] } })).to.deep.equal([
        3,
      ]);
    });

    it('$mod matches by remainder', async function () {
      expect(await ids({ age: { $mod: [17, 0] } })).to.deep.equal([1, 2]);
    });
  });
});
