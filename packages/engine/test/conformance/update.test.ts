import { expect } from 'chai';
import { Timestamp, type Collection, type Document } from 'mongodb';
import {
  asUpdate,
  serverErrorOf,
  useConformanceStore,
  withDocument as withDocumentIn,
  type AnyIdDocument,
} from '../fixtures/conformance-store.js';

describe('engine conformance: updates', function () {
  const conformance = useConformanceStore();

  const withDocument = (document: Document) => withDocumentIn(conformance, document);

  describe('field operators', function () {
    it('$set replaces a value and creates missing intermediate documents', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 1 });
      await collection.updateOne({ _id: 1 }, { $set: { a: 2, 'b.c.d': 'x' } });
      expect(await read()).to.deep.equal({ _id: 1, a: 2, b: { c: { d: 'x' } } });
    });

    it('$set on an array index beyond the end pads with nulls', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1] });
      await collection.updateOne({ _id: 1 }, { $set: { 'list.3': 4 } });
      expect(await read()).to.deep.equal({ _id: 1, list: [1, null, null, 4] });
    });

    it('$set through an array with a non-numeric field name is refused with PathNotViable (28)', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [{ a: 1 }] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'list.name': 'x' } }));
      expect(error.code).to.equal(28);
      expect(await read()).to.deep.equal({ _id: 1, list: [{ a: 1 }] });
    });

    it('$unset removes fields, and ignores ones that are missing', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 1, b: { c: 2, d: 3 } });
      await collection.updateOne({ _id: 1 }, { $unset: { a: '', 'b.c': 1, nothing: 1 } });
      expect(await read()).to.deep.equal({ _id: 1, b: { d: 3 } });
    });

    it('$inc adds to a number and creates a missing field', async function () {
      const { collection, read } = await withDocument({ _id: 1, n: 5 });
      await collection.updateOne({ _id: 1 }, { $inc: { n: -2, fresh: 3 } });
      expect(await read()).to.deep.equal({ _id: 1, n: 3, fresh: 3 });
    });

    it('$inc on a string is refused with TypeMismatch (14) and changes nothing', async function () {
      const { collection, read } = await withDocument({ _id: 1, n: 'five' });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $inc: { n: 1 } }));
      expect(error.code).to.equal(14);
      expect(await read()).to.deep.equal({ _id: 1, n: 'five' });
    });

    it('$mul multiplies, and sets a missing field to 0', async function () {
      const { collection, read } = await withDocument({ _id: 1, price: 2.5 });
      await collection.updateOne({ _id: 1 }, { $mul: { price: 4, missing: 7 } });
      expect(await read()).to.deep.equal({ _id: 1, price: 10, missing: 0 });
    });

    it('$min and $max only move a value in their direction', async function () {
      const { collection, read } = await withDocument({ _id: 1, low: 5, high: 5 });
      await collection.updateOne({ _id: 1 }, { $min: { low: 3, high: 3 }, $max: { fresh: 1 } });
      await collection.updateOne({ _id: 1 }, { $max: { high: 9, low: 1 } });
      expect(await read()).to.deep.equal({ _id: 1, low: 3, high: 9, fresh: 1 });
    });

    it('$rename moves a field, including into a subdocument', async function () {
      const { collection, read } = await withDocument({ _id: 1, nick: 'jo', keep: true });
      await collection.updateOne({ _id: 1 }, { $rename: { nick: 'profile.nickname', absent: 'x' } });
      expect(await read()).to.deep.equal({ _id: 1, keep: true, profile: { nickname: 'jo' } });
    });

    it('$currentDate sets a Date, or a Timestamp when asked', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      const before = Date.now();
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $currentDate: { at: true, stamp: { $type: 'timestamp' } } }),
      );
      const found = (await read()) as Document;
      expect(found.at).to.be.instanceOf(Date);
      expect(found.at.getTime()).to.be.within(before - 5000, Date.now() + 5000);
      expect(found.stamp).to.be.instanceOf(Timestamp);
      expect(found.stamp.t).to.be.within(Math.floor(before / 1000) - 5, Math.ceil(Date.now() / 1000) + 5);
    });

    it('two operators on the same path are refused with ConflictingUpdateOperators (40)', async function () {
      const { collection } = await withDocument({ _id: 1, a: 1 });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { a: 2 }, $inc: { a: 1 } }));
      expect(error.code).to.equal(40);
    });
  });

  describe('array operators', function () {
    it('$push appends, creating the array when missing', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: 2, other: 'a' } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [1, 2], other: ['a'] });
    });

    it('$push with $each, $sort and $slice keeps the top values', async function () {
      const { collection, read } = await withDocument({ _id: 1, scores: [40, 90] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { scores: { $each: [70, 100, 10], $sort: -1, $slice: 3 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, scores: [100, 90, 70] });
    });

    it('$push with $sort by a field of embedded documents', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [{ n: 2 }] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { items: { $each: [{ n: 3 }, { n: 1 }], $sort: { n: 1 } } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, items: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    });

    it('$push with $position inserts at that index', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: ['a', 'd'] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { list: { $each: ['b', 'c'], $position: 1 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, list: ['a', 'b', 'c', 'd'] });
    });

    it('$push with a negative $slice keeps the last elements', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1, 2, 3] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [4], $slice: -2 } } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [3, 4] });
    });

    it('$push onto a field that is not an array is refused', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: 'text' });
      await serverErrorOf(collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: 1 } })));
      expect(await read()).to.deep.equal({ _id: 1, list: 'text' });
    });

    it('$addToSet adds only values not already present', async function () {
      const { collection, read } = await withDocument({ _id: 1, tags: ['a', 'b'] });
      await collection.updateOne({ _id: 1 }, { $addToSet: { tags: { $each: ['b', 'c', 'c'] } } });
      await collection.updateOne({ _id: 1 }, { $addToSet: { tags: 'a' } });
      expect(await read()).to.deep.equal({ _id: 1, tags: ['a', 'b', 'c'] });
    });

    it('$pull removes every element matching a value or a condition', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        nums: [1, 5, 2, 8, 5],
        items: [
          { k: 'a', v: 1 },
          { k: 'b', v: 9 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $pull: { nums: { $gte: 5 }, items: { v: { $gt: 5 } } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, nums: [1, 2], items: [{ k: 'a', v: 1 }] });
    });

    it('$pullAll removes every listed value', async function () {
      const { collection, read } = await withDocument({ _id: 1, nums: [1, 2, 3, 2, 1] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pullAll: { nums: [1, 2] } }));
      expect(await read()).to.deep.equal({ _id: 1, nums: [3] });
    });

    it('$pop removes the last element with 1 and the first with -1', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: [1, 2, 3], b: [1, 2, 3] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pop: { a: 1, b: -1 } }));
      expect(await read()).to.deep.equal({ _id: 1, a: [1, 2], b: [2, 3] });
    });

    it('the positional $ updates the first array element the filter matched', async function () {
      const { collection, read } = await withDocument({ _id: 1, grades: [80, 85, 80] });
      await collection.updateOne({ _id: 1, grades: 80 }, { $set: { 'grades.$': 82 } });
      expect(await read()).to.deep.equal({ _id: 1, grades: [82, 85, 80] });
    });

    it('the positional $ works on a field of the matched embedded document', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        visits: [
          { ward: 'A', stars: 1 },
          { ward: 'B', stars: 1 },
        ],
      });
      await collection.updateOne({ _id: 1, 'visits.ward': 'B' }, { $inc: { 'visits.$.stars': 4 } });
      expect(await read()).to.deep.equal({
        _id: 1,
        visits: [
          { ward: 'A', stars: 1 },
          { ward: 'B', stars: 5 },
        ],
      });
    });

    it('$[] updates every element of an array', async function () {
      const { collection, read } = await withDocument({ _id: 1, grades: [1, 2, 3] });
      await collection.updateOne({ _id: 1 }, { $inc: { 'grades.$[]': 10 } });
      expect(await read()).to.deep.equal({ _id: 1, grades: [11, 12, 13] });
    });

    it('$[id] with arrayFilters updates only the elements that match the filter', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        grades: [95, 102, 90, 150],
        items: [
          { k: 'a', n: 1 },
          { k: 'b', n: 1 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        { $set: { 'grades.$[high]': 100, 'items.$[item].n': 7 } },
        { arrayFilters: [{ high: { $gte: 100 } }, { 'item.k': 'b' }] },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        grades: [95, 100, 90, 100],
        items: [
          { k: 'a', n: 1 },
          { k: 'b', n: 7 },
        ],
      });
    });
  });

  describe('matching, upserts and counts', function () {
    it('updateOne changes one matching document, updateMany changes all of them', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, k: 1 },
        { _id: 2, k: 1 },
        { _id: 3, k: 1 },
      ]);
      const one = await collection.updateOne({ k: 1 }, { $set: { seen: true } });
      expect([one.matchedCount, one.modifiedCount]).to.deep.equal([1, 1]);
      expect(await collection.countDocuments({ seen: true })).to.equal(1);
      const many = await collection.updateMany({ k: 1 }, { $set: { seen: true } });
      expect([many.matchedCount, many.modifiedCount]).to.deep.equal([3, 2]);
      expect(await collection.countDocuments({ seen: true })).to.equal(3);
    });

    it('an update that changes nothing reports matched 1, modified 0', async function () {
      const { collection } = await withDocument({ _id: 1, a: 1, list: ['x'] });
      const result = await collection.updateOne({ _id: 1 }, { $set: { a: 1 }, $addToSet: { list: 'x' } });
      expect([result.matchedCount, result.modifiedCount, result.upsertedCount]).to.deep.equal([1, 0, 0]);
      expect(result.upsertedId).to.equal(null);
    });

    it('an update that matches nothing reports 0 and 0 and inserts nothing', async function () {
      const { collection } = await withDocument({ _id: 1, a: 1 });
      const result = await collection.updateMany({ a: 2 }, { $set: { b: 1 } });
      expect([result.matchedCount, result.modifiedCount]).to.deep.equal([0, 0]);
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('an upsert whose filter misses a document with the same _id is a duplicate key error, and replaces nothing', async function () {
      const { collection, read } = await withDocument({ _id: 1, version: 2, body: 'kept' });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1, version: { $ne: 2 } }, { $set: { version: 3 } }, { upsert: true }),
      );
      expect(error.code).to.equal(11000);
      const atomic = await serverErrorOf(
        collection.findOneAndUpdate({ _id: 1, version: 7 }, { $set: { body: 'lost' } }, { upsert: true }),
      );
      expect(atomic.code).to.equal(11000);
      expect(await read()).to.deep.equal({ _id: 1, version: 2, body: 'kept' });
    });

    it('an upsert inserts a document built from the filter equalities and the update, and reports its id', async function () {
      const collection = conformance.freshCollection();
      const result = await collection.updateOne(
        { nickname: 'jo', 'place.board': 'north', age: { $gt: 3 } },
        { $set: { score: 1 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect([result.matchedCount, result.modifiedCount, result.upsertedCount]).to.deep.equal([0, 0, 1]);
      const inserted = await collection.findOne({ _id: result.upsertedId ?? undefined });
      expect(inserted).to.deep.equal({
        _id: result.upsertedId,
        nickname: 'jo',
        place: { board: 'north' },
        score: 1,
        created: true,
      });
    });

    it("an upsert may set the new document's _id with $setOnInsert", async function () {
      const collection = conformance.freshCollection();
      const result = await collection.updateOne(
        { code: 'x' },
        { $setOnInsert: { _id: 'chosen-id' as unknown as never, created: true } },
        { upsert: true },
      );
      expect(result.upsertedId).to.equal('chosen-id');
      expect(await collection.findOne({ code: 'x' })).to.deep.equal({
        _id: 'chosen-id',
        code: 'x',
        created: true,
      });
    });

    it('an upsert with an _id equality uses that _id', async function () {
      const collection = conformance.freshCollection();
      const result = await collection.updateOne(
        { _id: 'story-1' as unknown as never },
        { $inc: { n: 1 } },
        { upsert: true },
      );
      expect(result.upsertedId).to.equal('story-1');
      expect(await collection.findOne({})).to.deep.equal({ _id: 'story-1', n: 1 });
    });

    it('$setOnInsert is ignored when the upsert matches an existing document', async function () {
      const { collection, read } = await withDocument({ _id: 1, k: 'a', n: 1 });
      const result = await collection.updateOne(
        { k: 'a' },
        { $inc: { n: 1 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect([result.matchedCount, result.modifiedCount, result.upsertedCount]).to.deep.equal([1, 1, 0]);
      expect(await read()).to.deep.equal({ _id: 1, k: 'a', n: 2 });
    });

    it('a replacement document keeps the original _id', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 1 });
      await collection.replaceOne({ a: 1 }, { b: 2 });
      expect(await read()).to.deep.equal({ _id: 1, b: 2 });
    });

    it('changing _id with $set is refused with ImmutableField (66)', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 1 });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { _id: 2 } }));
      expect(error.code).to.equal(66);
      expect(await read()).to.deep.equal({ _id: 1, a: 1 });
    });

    it('a replacement with a different _id is refused with ImmutableField (66)', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 1 });
      const error = await serverErrorOf(collection.replaceOne({ _id: 1 }, { _id: 2, a: 2 }));
      expect(error.code).to.equal(66);
      expect(await read()).to.deep.equal({ _id: 1, a: 1 });
    });
  });

  describe('findOneAnd...', function () {
    async function seeded(): Promise<Collection<AnyIdDocument>> {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, queue: 'q', priority: 2, state: 'new' },
        { _id: 2, queue: 'q', priority: 9, state: 'new' },
        { _id: 3, queue: 'q', priority: 5, state: 'new' },
      ]);
      return collection;
    }

    it('findOneAndUpdate returns the document as it was before, by default', async function () {
      const collection = await seeded();
      const before = await collection.findOneAndUpdate({ _id: 1 }, { $set: { state: 'done' } });
      expect(before).to.deep.equal({ _id: 1, queue: 'q', priority: 2, state: 'new' });
      expect((await collection.findOne({ _id: 1 }))?.state).to.equal('done');
    });

    it('findOneAndUpdate picks by sort, projects, and returns the document after when asked', async function () {
      const collection = await seeded();
      const after = await collection.findOneAndUpdate(
        { state: 'new' },
        { $set: { state: 'taken' } },
        { sort: { priority: -1 }, projection: { state: 1, _id: 1 }, returnDocument: 'after' },
      );
      expect(after).to.deep.equal({ _id: 2, state: 'taken' });
    });

    it('findOneAndUpdate with upsert returns the inserted document when asked for after', async function () {
      const collection = await seeded();
      const after = await collection.findOneAndUpdate(
        { _id: 7 },
        { $set: { state: 'new' } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(after).to.deep.equal({ _id: 7, state: 'new' });
      const before = await collection.findOneAndUpdate(
        { _id: 8 },
        { $set: { state: 'new' } },
        { upsert: true },
      );
      expect(before).to.equal(null);
      expect(await collection.countDocuments()).to.equal(5);
    });

    it('findOneAndUpdate returns null when nothing matches', async function () {
      const collection = await seeded();
      expect(await collection.findOneAndUpdate({ queue: 'other' }, { $set: { a: 1 } })).to.equal(null);
    });

    it('findOneAndUpdate can report the metadata of what it did', async function () {
      const collection = await seeded();
      const result = await collection.findOneAndUpdate(
        { _id: 3 },
        { $inc: { priority: 1 } },
        { includeResultMetadata: true, returnDocument: 'after' },
      );
      expect(result.ok).to.equal(1);
      expect(result.value).to.deep.equal({ _id: 3, queue: 'q', priority: 6, state: 'new' });
      expect(result.lastErrorObject).to.include({ n: 1, updatedExisting: true });
    });

    it('findOneAndReplace returns before or after and keeps _id', async function () {
      const collection = await seeded();
      const before = await collection.findOneAndReplace({ _id: 1 }, { queue: 'r' });
      expect(before).to.deep.equal({ _id: 1, queue: 'q', priority: 2, state: 'new' });
      const after = await collection.findOneAndReplace(
        { queue: 'q' },
        { queue: 's' },
        { sort: { priority: 1 }, returnDocument: 'after' },
      );
      expect(after).to.deep.equal({ _id: 3, queue: 's' });
    });

    it('findOneAndDelete removes the first document by sort and returns it', async function () {
      const collection = await seeded();
      const removed = await collection.findOneAndDelete({ queue: 'q' }, { sort: { priority: 1 } });
      expect(removed).to.deep.equal({ _id: 1, queue: 'q', priority: 2, state: 'new' });
      expect(await collection.countDocuments()).to.equal(2);
      expect(await collection.findOneAndDelete({ queue: 'none' })).to.equal(null);
    });
  });
});
