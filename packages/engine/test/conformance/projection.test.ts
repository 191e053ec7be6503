import { expect } from 'chai';
import type { Document } from 'mongodb';
import { useConformanceStore } from '../fixtures/conformance-store.js';

/** The posts collection of MongoDB's $slice (projection) reference page. */
const POSTS = [
  {
    _id: 1,
    title: 'Bagels are not croissants.',
    comments: [{ comment: '0. true' }, { comment: "1. croissants aren't bagels." }],
  },
  {
    _id: 2,
    title: 'Coffee please.',
    comments: [
      { comment: '0. fooey' },
      { comment: '1. tea please' },
      { comment: '2. iced coffee' },
      { comment: '3. cappuccino' },
      { comment: '4. whatever' },
    ],
  },
];

/** The schools collection of MongoDB's $elemMatch (projection) reference page. */
const SCHOOLS = [
  {
    _id: 1,
    zipcode: '63109',
    students: [
      { name: 'john', school: 102, age: 10 },
      { name: 'jess', school: 102, age: 11 },
      { name: 'jeff', school: 108, age: 15 },
    ],
  },
  {
    _id: 2,
    zipcode: '63110',
    students: [
      { name: 'ajax', school: 100, age: 7 },
      { name: 'achilles', school: 100, age: 8 },
    ],
    athletics: ['swimming', 'basketball', 'football'],
  },
  {
    _id: 3,
    zipcode: '63109',
    students: [
      { name: 'ajax', school: 100, age: 7 },
      { name: 'achilles', school: 100, age: 8 },
    ],
    athletics: ['baseball', 'basketball', 'soccer'],
  },
  {
    _id: 4,
    zipcode: '63109',
    students: [
      { name: 'barney', school: 102, age: 7 },
      { name: 'ruth', school: 102, age: 16 },
    ],
  },
];

describe('engine conformance: find projections', function () {
  const conformance = useConformanceStore();

  async function collectionOf(documents: Document[]) {
    const collection = conformance.freshCollection();
    await collection.insertMany(documents.map((doc) => structuredClone(doc)));
    return collection;
  }

  const comments = (results: Document[]) =>
    results.map((doc) => doc.comments.map((c: Document) => c.comment));

  describe('$slice, as documented', function () {
    it('{$slice: 3} returns the first 3 elements and every other field', async function () {
      const posts = await collectionOf(POSTS);
      const results = await posts.find({}, { projection: { comments: { $slice: 3 } } }).toArray();
      expect(results.map((doc) => Object.keys(doc))).to.deep.equal([
        ['_id', 'title', 'comments'],
        ['_id', 'title', 'comments'],
      ]);
      expect(comments(results)).to.deep.equal([
        ['0. true', "1. croissants aren't bagels."],
        ['0. fooey', '1. tea please', '2. iced coffee'],
      ]);
    });

    it('{$slice: -3} returns the last 3 elements', async function () {
      const posts = await collectionOf(POSTS);
      const results = await posts.find({}, { projection: { comments: { $slice: -3 } } }).toArray();
      expect(comments(results)).to.deep.equal([
        ['0. true', "1. croissants aren't bagels."],
        ['2. iced coffee', '3. cappuccino', '4. whatever'],
      ]);
    });

    it('{$slice: [1, 3]} skips the first element and returns the next 3', async function () {
      const posts = await collectionOf(POSTS);
      const results = await posts.find({}, { projection: { comments: { $slice: [1, 3] } } }).toArray();
      expect(comments(results)).to.deep.equal([
        ["1. croissants aren't bagels."],
        ['1. tea please', '2. iced coffee', '3. cappuccino'],
      ]);
    });

    it('{$slice: [-1, 3]} starts from the last element', async function () {
      const posts = await collectionOf(POSTS);
      const results = await posts.find({}, { projection: { comments: { $slice: [-1, 3] } } }).toArray();
      expect(comments(results)).to.deep.equal([["1. croissants aren't bagels."], ['4. whatever']]);
    });

    it('with an inclusion, only the included fields and the sliced array come back', async function () {
      const posts = await collectionOf(POSTS);
      const results = await posts
        .find({ _id: 2 }, { projection: { _id: 0, comments: { $slice: 1 }, title: 1 } })
        .toArray();
      expect(results).to.deep.equal([{ title: 'Coffee please.', comments: [{ comment: '0. fooey' }] }]);
      expect(Object.keys(results[0]!)).to.deep.equal(['title', 'comments']);
    });

    it('a field that is not an array is returned as it is', async function () {
      const collection = await collectionOf([{ _id: 1, list: 'not a list', other: 1 }]);
      const results = await collection.find({}, { projection: { list: { $slice: 1 } } }).toArray();
      expect(results).to.deep.equal([{ _id: 1, list: 'not a list', other: 1 }]);
    });

    it('does not change the stored document', async function () {
      const posts = await collectionOf(POSTS);
      await posts.find({}, { projection: { comments: { $slice: 1 } } }).toArray();
      expect((await posts.findOne({ _id: 2 }))?.comments).to.have.length(5);
    });
  });

  describe('$elemMatch, as documented', function () {
    it('returns only the first matching element, and drops the field when none matches', async function () {
      const schools = await collectionOf(SCHOOLS);
      const results = await schools
        .find({ zipcode: '63109' }, { projection: { students: { $elemMatch: { school: 102 } } } })
        .toArray();
      expect(results).to.deep.equal([
        { _id: 1, students: [{ name: 'john', school: 102, age: 10 }] },
        { _id: 3 },
        { _id: 4, students: [{ name: 'barney', school: 102, age: 7 }] },
      ]);
    });

    it('can test several fields of the element', async function () {
      const schools = await collectionOf(SCHOOLS);
      const results = await schools
        .find(
          { zipcode: '63109' },
          { projection: { students: { $elemMatch: { school: 102, age: { $gt: 10 } } } } },
        )
        .toArray();
      expect(results).to.deep.equal([
        { _id: 1, students: [{ name: 'jess', school: 102, age: 11 }] },
        { _id: 3 },
        { _id: 4, students: [{ name: 'ruth', school: 102, age: 16 }] },
      ]);
    });

    it('a field condition does not match scalar elements, while $eq does', async function () {
      const schools = await collectionOf(SCHOOLS);
      const byField = await schools
        .find(
          { zipcode: '63109' },
          { projection: { athletics: { $elemMatch: { athletics: 'basketball' } } } },
        )
        .toArray();
      expect(byField).to.deep.equal([{ _id: 1 }, { _id: 3 }, { _id: 4 }]);
      const byValue = await schools
        .find({ zipcode: '63109' }, { projection: { athletics: { $elemMatch: { $eq: 'basketball' } } } })
        .toArray();
      expect(byValue).to.deep.equal([{ _id: 1 }, { _id: 3, athletics: ['basketball'] }, { _id: 4 }]);
    });

    it('the matched field comes after the other included fields', async function () {
      const schools = await collectionOf(SCHOOLS);
      const [result] = await schools
        .find({ _id: 1 }, { projection: { students: { $elemMatch: { age: 15 } }, zipcode: 1 } })
        .toArray();
      expect(Object.keys(result!)).to.deep.equal(['_id', 'zipcode', 'students']);
    });
  });

  describe('inclusion', function () {
    it('included fields keep the order the document has, at every level', async function () {
      const collection = await collectionOf([{ _id: 1, z: 1, b: { y: 1, a: 2 }, c: 3 }]);
      const [result] = await collection.find({}, { projection: { 'b.a': 1, 'b.y': 1, z: 1 } }).toArray();
      expect(JSON.stringify(result)).to.equal('{"_id":1,"z":1,"b":{"y":1,"a":2}}');
    });
  });

  describe('findAndModify fields', function () {
    it('apply $slice as find does', async function () {
      const posts = await collectionOf(POSTS);
      const before = await posts.findOneAndUpdate(
        { _id: 2 },
        { $set: { read: true } },
        { projection: { comments: { $slice: -1 }, title: 1 } },
      );
      expect(before).to.deep.equal({
        _id: 2,
        title: 'Coffee please.',
        comments: [{ comment: '4. whatever' }],
      });
    });
  });
});
