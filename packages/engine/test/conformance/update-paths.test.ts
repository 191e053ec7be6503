import { expect } from 'chai';
import type { Document } from 'mongodb';
import {
  asUpdate,
  serverErrorOf,
  useConformanceStore,
  withDocument as withDocumentIn,
} from '../fixtures/conformance-store.js';

describe('engine conformance: update paths and array modifiers', function () {
  const conformance = useConformanceStore();

  const withDocument = (document: Document) => withDocumentIn(conformance, document);

  describe('the positional $', function () {
    it('several $ paths on one array update fields of the same matched element', async function () {
      const updatedAt = new Date('2026-01-02T03:04:05Z');
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { _id: 'a', name: 'first' },
          { _id: 'b', name: 'second' },
        ],
      });
      const result = await collection.updateOne(
        { _id: 1, 'items._id': 'b' },
        { $set: { 'items.$.name': 'renamed', 'items.$.updatedAt': updatedAt } },
      );
      expect(result.modifiedCount).to.equal(1);
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { _id: 'a', name: 'first' },
          { _id: 'b', name: 'renamed', updatedAt },
        ],
      });
    });

    it('$inc and $set with $ in one update change the same matched element', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 1 },
        ],
      });
      await collection.updateOne(
        { 'items.sku': 'y' },
        { $inc: { 'items.$.qty': 2 }, $set: { 'items.$.seen': true } },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 3, seen: true },
        ],
      });
    });

    it('$ with $elemMatch takes the element that matched every condition', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 1 },
          { sku: 'y', qty: 9 },
        ],
      });
      await collection.updateOne(
        { items: { $elemMatch: { sku: 'y', qty: { $gt: 5 } } } },
        { $set: { 'items.$.qty': 0 } },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 1 },
          { sku: 'y', qty: 0 },
        ],
      });
    });

    it('$ ignores a $size condition, which tests a whole array, and takes the element another condition matched', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        tags: ['a', 'b'],
        items: [{ k: 1 }, { k: 2 }],
      });
      await collection.updateOne(
        { tags: { $size: 2 }, 'items.k': { $in: [2, 3] } },
        { $set: { 'items.$.seen': true } },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        tags: ['a', 'b'],
        items: [{ k: 1 }, { k: 2, seen: true }],
      });
    });

    it('$ with no array condition in the filter is refused with BadValue (2) and changes nothing', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [{ n: 1 }] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'items.$.n': 2 } }));
      expect(error.code).to.equal(2);
      expect(error.message).to.include(
        'The positional operator did not find the match needed from the query.',
      );
      expect(await read()).to.deep.equal({ _id: 1, items: [{ n: 1 }] });
    });

    it('$ in an upsert that inserts is refused with BadValue (2)', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.updateOne({ 'items.n': 1 }, { $set: { 'items.$.n': 2 } }, { upsert: true }),
      );
      expect(error.code).to.equal(2);
      expect(await collection.countDocuments()).to.equal(0);
    });

    it('$ and a literal index naming the same element are refused with ConflictingUpdateOperators (40)', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [5, 6] });
      const error = await serverErrorOf(
        collection.updateOne({ list: 5 }, { $set: { 'list.$': 1, 'list.0': 2 } }),
      );
      expect(error.code).to.equal(40);
      expect(await read()).to.deep.equal({ _id: 1, list: [5, 6] });
    });

    it('$ stands for the first element matching the condition, on every document updateMany changes', async function () {
      const collection = conformance.freshCollection();
      await collection.insertMany([
        { _id: 1, grades: [70, 85, 90] },
        { _id: 2, grades: [95, 60, 99] },
      ]);
      await collection.updateMany({ grades: { $gte: 85 } }, { $set: { 'grades.$': 0 } });
      expect(await collection.find().sort({ _id: 1 }).toArray()).to.deep.equal([
        { _id: 1, grades: [70, 0, 90] },
        { _id: 2, grades: [0, 60, 99] },
      ]);
    });

    it('$ after a filter that only excludes array values ($ne) is refused with BadValue (2)', async function () {
      const { collection, read } = await withDocument({ _id: 1, tags: ['a', 'b'] });
      const error = await serverErrorOf(
        collection.updateOne({ tags: { $ne: 'z' } }, { $set: { 'tags.$': 'x' } }),
      );
      expect(error.code).to.equal(2);
      expect(await read()).to.deep.equal({ _id: 1, tags: ['a', 'b'] });
    });

    it('$ when two conditions match different elements is refused as NotImplemented (238), since MongoDB picks one by its plan', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        tags: ['a', 'b'],
        items: [{ k: 1 }, { k: 2 }],
      });
      const error = await serverErrorOf(
        collection.updateOne({ tags: 'a', 'items.k': 2 }, { $set: { 'items.$.seen': true } }),
      );
      expect(error.code).to.equal(238);
      expect(await read()).to.deep.equal({ _id: 1, tags: ['a', 'b'], items: [{ k: 1 }, { k: 2 }] });
    });

    it('$ with an $or over array fields is refused as NotImplemented (238)', async function () {
      const { collection } = await withDocument({ _id: 1, items: [{ k: 1 }, { k: 2 }] });
      const error = await serverErrorOf(
        collection.updateOne(
          { $or: [{ 'items.k': 2 }, { 'items.k': 3 }] },
          { $set: { 'items.$.seen': true } },
        ),
      );
      expect(error.code).to.equal(238);
    });

    it('$ through nested arrays is refused as NotImplemented (238)', async function () {
      const { collection } = await withDocument({ _id: 1, wards: [{ beds: [1, 2] }, { beds: [3] }] });
      const error = await serverErrorOf(
        collection.updateOne({ 'wards.beds': 3 }, { $set: { 'wards.$.full': true } }),
      );
      expect(error.code).to.equal(238);
    });

    it('$push into an array inside the matched element', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        threads: [
          { k: 'a', replies: [] },
          { k: 'b', replies: ['hi'] },
        ],
      });
      await collection.updateOne({ 'threads.k': 'b' }, asUpdate({ $push: { 'threads.$.replies': 'again' } }));
      expect(await read()).to.deep.equal({
        _id: 1,
        threads: [
          { k: 'a', replies: [] },
          { k: 'b', replies: ['hi', 'again'] },
        ],
      });
    });
  });

  describe('$[] and $[identifier]', function () {
    it('$[] sets a field in every element', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [{ n: 1 }, { n: 2 }] });
      await collection.updateOne({ _id: 1 }, { $set: { 'items.$[].seen': true } });
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { n: 1, seen: true },
          { n: 2, seen: true },
        ],
      });
    });

    it('$[] in an upsert that inserts applies to the array the filter names by exact equality', async function () {
      const collection = conformance.freshCollection();
      const result = await collection.updateOne(
        { _id: 7, grades: [5, 8] },
        { $set: { 'grades.$[]': 10 } },
        { upsert: true },
      );
      expect(result.upsertedCount).to.equal(1);
      expect(await collection.findOne({ _id: 7 })).to.deep.equal({ _id: 7, grades: [10, 10] });
    });

    it('$[] in an upsert whose filter names no such array is refused with BadValue (2)', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.updateOne({ _id: 7 }, { $set: { 'grades.$[]': 10 } }, { upsert: true }),
      );
      expect(error.code).to.equal(2);
      expect(await collection.countDocuments()).to.equal(0);
    });

    it('$[] on a missing field is refused with BadValue (2)', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $set: { 'items.$[].seen': true } }),
      );
      expect(error.code).to.equal(2);
      expect(error.message).to.include(
        "The path 'items' must exist in the document in order to apply array updates.",
      );
      expect(await read()).to.deep.equal({ _id: 1 });
    });

    it('$[] through an element that is not a document is refused with PathNotViable (28)', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [{ n: 1 }, 7] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'items.$[].n': 0 } }));
      expect(error.code).to.equal(28);
      expect(await read()).to.deep.equal({ _id: 1, items: [{ n: 1 }, 7] });
    });

    it('nested $[i] and $[j] update only the inner elements both filters select', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        wards: [
          {
            name: 'A',
            beds: [
              { n: 1, free: false },
              { n: 2, free: false },
            ],
          },
          {
            name: 'B',
            beds: [
              { n: 1, free: false },
              { n: 2, free: false },
            ],
          },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        { $set: { 'wards.$[w].beds.$[b].free': true } },
        { arrayFilters: [{ 'w.name': 'B' }, { 'b.n': 2 }] },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        wards: [
          {
            name: 'A',
            beds: [
              { n: 1, free: false },
              { n: 2, free: false },
            ],
          },
          {
            name: 'B',
            beds: [
              { n: 1, free: false },
              { n: 2, free: true },
            ],
          },
        ],
      });
    });

    it('an array filter may use $or and several operators on the identifier', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { k: 'a', n: 1 },
          { k: 'b', n: 5 },
          { k: 'c', n: 50 },
          { k: 'd', n: 500 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        { $set: { 'items.$[i].hit': true } },
        { arrayFilters: [{ $or: [{ 'i.k': 'a' }, { 'i.n': { $gt: 2, $lt: 100 } }] }] },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { k: 'a', n: 1, hit: true },
          { k: 'b', n: 5, hit: true },
          { k: 'c', n: 50, hit: true },
          { k: 'd', n: 500 },
        ],
      });
    });

    it('an array filter on a scalar element compares the element itself', async function () {
      const { collection, read } = await withDocument({ _id: 1, grades: [[1, 2], 3, 9] });
      await collection.updateOne(
        { _id: 1 },
        { $set: { 'grades.$[g]': 0 } },
        { arrayFilters: [{ g: { $size: 2 } }] },
      );
      expect(await read()).to.deep.equal({ _id: 1, grades: [0, 3, 9] });
    });

    it('$[] and $[i] combine in one path', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        rows: [
          [1, 5],
          [5, 2],
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        { $inc: { 'rows.$[].$[big]': 100 } },
        { arrayFilters: [{ big: { $gte: 5 } }] },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        rows: [
          [1, 105],
          [105, 2],
        ],
      });
    });

    it('an identifier with no array filter is refused with BadValue (2)', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [1, 2] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'items.$[x]': 0 } }));
      expect(error.code).to.equal(2);
      expect(error.message).to.include("No array filter found for identifier 'x'");
      expect(await read()).to.deep.equal({ _id: 1, items: [1, 2] });
    });

    it('an array filter the update does not use is refused with FailedToParse (9)', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [1, 2] });
      const error = await serverErrorOf(
        collection.updateOne(
          { _id: 1 },
          { $set: { 'items.$[i]': 0 } },
          { arrayFilters: [{ i: 1 }, { unused: 2 }] },
        ),
      );
      expect(error.code).to.equal(9);
      expect(error.message).to.include("The array filter for identifier 'unused' was not used in the update");
      expect(await read()).to.deep.equal({ _id: 1, items: [1, 2] });
    });

    it('an unused array filter is refused even when no document matches', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $set: { a: 1 } }, { arrayFilters: [{ i: 1 }] }),
      );
      expect(error.code).to.equal(9);
    });

    it('two array filters for one identifier are refused with FailedToParse (9)', async function () {
      const { collection } = await withDocument({ _id: 1, items: [1, 2] });
      const error = await serverErrorOf(
        collection.updateOne(
          { _id: 1 },
          { $set: { 'items.$[i]': 0 } },
          { arrayFilters: [{ i: 1 }, { i: 2 }] },
        ),
      );
      expect(error.code).to.equal(9);
    });

    it('$[i] that selects no element leaves the document unmodified', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [1, 2] });
      const result = await collection.updateOne(
        { _id: 1 },
        { $set: { 'items.$[i]': 0 } },
        { arrayFilters: [{ i: { $gt: 10 } }] },
      );
      expect([result.matchedCount, result.modifiedCount]).to.deep.equal([1, 0]);
      expect(await read()).to.deep.equal({ _id: 1, items: [1, 2] });
    });

    it('$unset through $[] sets every element to null, as unsetting an array element does', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [1, 2] });
      await collection.updateOne({ _id: 1 }, { $unset: { 'items.$[]': '' } });
      expect(await read()).to.deep.equal({ _id: 1, items: [null, null] });
    });

    it('$[] on a field that is not an array is refused with BadValue (2)', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: 'text' });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'items.$[]': 0 } }));
      expect(error.code).to.equal(2);
      expect(await read()).to.deep.equal({ _id: 1, items: 'text' });
    });

    it('an array filter identifier that does not start with a lowercase letter is refused with BadValue (2)', async function () {
      const { collection } = await withDocument({ _id: 1, items: [1] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $set: { 'items.$[Big]': 0 } }, { arrayFilters: [{ Big: 1 }] }),
      );
      expect(error.code).to.equal(2);
    });

    it('an array filter naming two identifiers is refused with FailedToParse (9)', async function () {
      const { collection } = await withDocument({ _id: 1, items: [1] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $set: { 'items.$[i]': 0 } }, { arrayFilters: [{ i: 1, j: 2 }] }),
      );
      expect(error.code).to.equal(9);
    });

    it('findOneAndUpdate applies arrayFilters and returns the updated document', async function () {
      const { collection } = await withDocument({ _id: 1, items: [{ n: 1 }, { n: 5 }] });
      const after = await collection.findOneAndUpdate(
        { _id: 1 },
        { $inc: { 'items.$[big].n': 10 } },
        { arrayFilters: [{ 'big.n': { $gt: 2 } }], returnDocument: 'after' },
      );
      expect(after).to.deep.equal({ _id: 1, items: [{ n: 1 }, { n: 15 }] });
    });

    it('$[i] and $[] naming the same element in one update are refused with ConflictingUpdateOperators (40)', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [1, 2] });
      const error = await serverErrorOf(
        collection.updateOne(
          { _id: 1 },
          { $set: { 'items.$[]': 0, 'items.$[i]': 9 } },
          { arrayFilters: [{ i: 2 }] },
        ),
      );
      expect(error.code).to.equal(40);
      expect(await read()).to.deep.equal({ _id: 1, items: [1, 2] });
    });

    it('$inc with a non-numeric argument is refused with TypeMismatch (14) even when $[i] selects nothing', async function () {
      const { collection } = await withDocument({ _id: 1, items: [1, 2] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asUpdate({ $inc: { 'items.$[i]': 'one' } }), {
          arrayFilters: [{ i: { $gt: 10 } }],
        }),
      );
      expect(error.code).to.equal(14);
    });

    it('$rename with a positional path is refused with BadValue (2)', async function () {
      const { collection } = await withDocument({ _id: 1, items: [{ a: 1 }] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $rename: { 'items.$[].a': 'b' } }),
      );
      expect(error.code).to.equal(2);
    });
  });

  describe('$pull conditions', function () {
    it('$pull with a condition on subdocument fields removes the matching documents', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { sku: 'a', qty: 2 },
          { sku: 'b', qty: 8 },
          { sku: 'c', qty: 4 },
        ],
      });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { items: { qty: { $lt: 5 } } } }));
      expect(await read()).to.deep.equal({ _id: 1, items: [{ sku: 'b', qty: 8 }] });
    });

    it('$pull with $or over subdocument fields', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { sku: 'a', qty: 2 },
          { sku: 'b', qty: 8 },
          { sku: 'c', qty: 40 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $pull: { items: { $or: [{ sku: 'a' }, { qty: { $gt: 10 } }] } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, items: [{ sku: 'b', qty: 8 }] });
    });

    it('$pull with $and over subdocument fields', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        items: [
          { sku: 'a', qty: 2 },
          { sku: 'a', qty: 8 },
          { sku: 'b', qty: 8 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $pull: { items: { $and: [{ sku: 'a' }, { qty: { $gt: 5 } }] } } }),
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        items: [
          { sku: 'a', qty: 2 },
          { sku: 'b', qty: 8 },
        ],
      });
    });

    it('$pull with $elemMatch removes the elements that are arrays holding a match', async function () {
      const { collection, read } = await withDocument({ _id: 1, pairs: [[1, 2], [7, 8], 9] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { pairs: { $elemMatch: { $gt: 6 } } } }));
      expect(await read()).to.deep.equal({ _id: 1, pairs: [[1, 2], 9] });
    });

    it('$pull with a field condition using $elemMatch on a nested array', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        results: [
          {
            item: 'A',
            answers: [
              { q: 1, a: 4 },
              { q: 2, a: 6 },
            ],
          },
          {
            item: 'B',
            answers: [
              { q: 1, a: 9 },
              { q: 2, a: 8 },
            ],
          },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $pull: { results: { answers: { $elemMatch: { q: 2, a: { $gte: 8 } } } } } }),
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        results: [
          {
            item: 'A',
            answers: [
              { q: 1, a: 4 },
              { q: 2, a: 6 },
            ],
          },
        ],
      });
    });

    it('$pull with $in removes every listed scalar', async function () {
      const { collection, read } = await withDocument({ _id: 1, tags: ['a', 'b', 'c', 'a', 'd'] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { tags: { $in: ['a', 'c'] } } }));
      expect(await read()).to.deep.equal({ _id: 1, tags: ['b', 'd'] });
    });

    it('$pull with a field condition leaves scalar elements alone', async function () {
      const { collection, read } = await withDocument({ _id: 1, mixed: [{ qty: 1 }, 1, 'x', { qty: 9 }] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { mixed: { qty: { $lt: 5 } } } }));
      expect(await read()).to.deep.equal({ _id: 1, mixed: [1, 'x', { qty: 9 }] });
    });

    it('$pull of an array value removes only elements equal to that whole array', async function () {
      const { collection, read } = await withDocument({ _id: 1, pairs: [[1, 2], 1, [2, 1], [[1, 2]]] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { pairs: [1, 2] } }));
      expect(await read()).to.deep.equal({ _id: 1, pairs: [1, [2, 1], [[1, 2]]] });
    });

    it('$pull with a regular expression removes matching strings', async function () {
      const { collection, read } = await withDocument({ _id: 1, tags: ['alpha', 'beta', 'apple'] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { tags: /^a/ } }));
      expect(await read()).to.deep.equal({ _id: 1, tags: ['beta'] });
    });

    it('$pull through $[] removes from every inner array', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        wards: [{ beds: [1, 2, 3] }, { beds: [2, 4] }],
      });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pull: { 'wards.$[].beds': { $gte: 3 } } }));
      expect(await read()).to.deep.equal({ _id: 1, wards: [{ beds: [1, 2] }, { beds: [2] }] });
    });

    it('$pullAll compares whole values, documents by field order', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        list: [{ a: 1, b: 2 }, { b: 2, a: 1 }, [1], 1],
      });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pullAll: { list: [{ a: 1, b: 2 }, [1]] } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [{ b: 2, a: 1 }, 1] });
    });
  });

  describe('$addToSet and $push modifiers', function () {
    it('$addToSet with $each adds each new value once, keeping duplicates already stored', async function () {
      const { collection, read } = await withDocument({ _id: 1, tags: ['a', 'a', 'b'] });
      await collection.updateOne({ _id: 1 }, { $addToSet: { tags: { $each: ['b', 'c', 'd', 'c'] } } });
      expect(await read()).to.deep.equal({ _id: 1, tags: ['a', 'a', 'b', 'c', 'd'] });
    });

    it('$addToSet compares embedded documents field by field, in order', async function () {
      const { collection, read } = await withDocument({ _id: 1, pairs: [{ a: 1, b: 2 }] });
      await collection.updateOne(
        { _id: 1 },
        {
          $addToSet: {
            pairs: {
              $each: [
                { a: 1, b: 2 },
                { b: 2, a: 1 },
              ],
            },
          },
        },
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        pairs: [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
      });
      const stored = (await read()) as { pairs: Document[] };
      expect(Object.keys(stored.pairs[1]!)).to.deep.equal(['b', 'a']);
    });

    it('$addToSet with $each creates a missing array without duplicates', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      await collection.updateOne({ _id: 1 }, { $addToSet: { tags: { $each: ['x', 'y', 'x'] } } });
      expect(await read()).to.deep.equal({ _id: 1, tags: ['x', 'y'] });
    });

    it('$addToSet of an array adds it as one element', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $addToSet: { list: [1, 2] } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [1, [1, 2]] });
    });

    it('$push with $each, $sort and $slice on a missing field creates the sorted, sliced array', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { scores: { $each: [30, 10, 20], $sort: 1, $slice: 2 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, scores: [10, 20] });
    });

    it('$push with $each and $position on a missing field creates the array', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { list: { $each: ['a', 'b'], $position: 5 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, list: ['a', 'b'] });
    });

    it('$push with a negative $slice after $sort keeps the last elements', async function () {
      const { collection, read } = await withDocument({ _id: 1, scores: [5, 50] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { scores: { $each: [1, 100], $sort: 1, $slice: -3 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, scores: [5, 50, 100] });
    });

    it('$push with $slice 0 empties the array', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1, 2] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [3], $slice: 0 } } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [] });
    });

    it('$push with a negative $position inserts counting from the end', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: ['a', 'd'] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { list: { $each: ['b', 'c'], $position: -1 } } }),
      );
      expect(await read()).to.deep.equal({ _id: 1, list: ['a', 'b', 'c', 'd'] });
    });

    it('$push with $sort by two subdocument fields', async function () {
      const { collection, read } = await withDocument({
        _id: 1,
        visits: [
          { ward: 'B', at: 2 },
          { ward: 'A', at: 1 },
        ],
      });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { visits: { $each: [{ ward: 'A', at: 3 }], $sort: { ward: 1, at: -1 } } } }),
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        visits: [
          { ward: 'A', at: 3 },
          { ward: 'A', at: 1 },
          { ward: 'B', at: 2 },
        ],
      });
    });

    it('$push with $sort by a nested subdocument field', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [{ p: { n: 3 } }, { p: { n: 1 } }] });
      await collection.updateOne(
        { _id: 1 },
        asUpdate({ $push: { list: { $each: [{ p: { n: 2 } }], $sort: { 'p.n': -1 } } } }),
      );
      expect(await read()).to.deep.equal({
        _id: 1,
        list: [{ p: { n: 3 } }, { p: { n: 2 } }, { p: { n: 1 } }],
      });
    });

    it('$push with $sort alone and an empty $each sorts the stored array', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [3, 1, 2] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [], $sort: -1 } } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [3, 2, 1] });
    });

    it('$push with $sort by a field on an array of scalars is refused as NotImplemented (238)', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [3, { n: 1 }] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [], $sort: { n: 1 } } } })),
      );
      expect(error.code).to.equal(238);
      expect(await read()).to.deep.equal({ _id: 1, list: [3, { n: 1 }] });
    });

    it('$push with $sort 1 orders embedded documents by field name before value, as BSON does', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [{ b: 1 }] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [{ a: 2 }], $sort: 1 } } }));
      expect(await read()).to.deep.equal({ _id: 1, list: [{ a: 2 }, { b: 1 }] });
    });

    it('$push with a $sort that is neither 1, -1 nor a field spec is refused with BadValue (2)', async function () {
      const { collection } = await withDocument({ _id: 1, list: [1] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [2], $sort: 'up' } } })),
      );
      expect(error.code).to.equal(2);
    });

    it('$push with an unknown modifier is refused with BadValue (2)', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [2], $limit: 1 } } })),
      );
      expect(error.code).to.equal(2);
      expect(await read()).to.deep.equal({ _id: 1, list: [1] });
    });

    it('$push with a non-integer $slice is refused with BadValue (2)', async function () {
      const { collection } = await withDocument({ _id: 1, list: [1] });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asUpdate({ $push: { list: { $each: [2], $slice: 1.5 } } })),
      );
      expect(error.code).to.equal(2);
    });
  });
  describe('$min and $max', function () {
    it('$max compares across types in BSON order: an array is greater than a number', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: 5, b: 'zzz' });
      await collection.updateOne({ _id: 1 }, { $max: { a: [1], b: { x: 1 } } });
      expect(await read()).to.deep.equal({ _id: 1, a: [1], b: { x: 1 } });
    });

    it('$min compares across types in BSON order: a document is less than an array, null less than a number', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: [1], b: 0 });
      await collection.updateOne({ _id: 1 }, { $min: { a: { x: 1 }, b: null } });
      expect(await read()).to.deep.equal({ _id: 1, a: { x: 1 }, b: null });
    });

    it('$max compares embedded documents by field name before value, and arrays element by element', async function () {
      const { collection, read } = await withDocument({ _id: 1, doc: { b: 1 }, list: [1, 5] });
      const result = await collection.updateOne({ _id: 1 }, { $max: { doc: { a: 9 }, list: [1, 4, 9] } });
      expect(result.modifiedCount).to.equal(0);
      expect(await read()).to.deep.equal({ _id: 1, doc: { b: 1 }, list: [1, 5] });
    });

    it('$min through $[] lowers only the elements above the value', async function () {
      const { collection, read } = await withDocument({ _id: 1, caps: [3, 10, 7] });
      await collection.updateOne({ _id: 1 }, { $min: { 'caps.$[]': 5 } });
      expect(await read()).to.deep.equal({ _id: 1, caps: [3, 5, 5] });
    });
  });

  describe('$pop', function () {
    it('$pop through $[] removes the first element of every inner array', async function () {
      const { collection, read } = await withDocument({ _id: 1, wards: [{ queue: [1, 2] }, { queue: [3] }] });
      await collection.updateOne({ _id: 1 }, asUpdate({ $pop: { 'wards.$[].queue': -1 } }));
      expect(await read()).to.deep.equal({ _id: 1, wards: [{ queue: [2] }, { queue: [] }] });
    });

    it('$pop with anything but 1 or -1 is refused with FailedToParse (9)', async function () {
      const { collection, read } = await withDocument({ _id: 1, list: [1, 2] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, asUpdate({ $pop: { list: 2 } })));
      expect(error.code).to.equal(9);
      expect(await read()).to.deep.equal({ _id: 1, list: [1, 2] });
    });
  });

  describe('$rename paths and empty field names', function () {
    it('$rename out of an array element is refused with BadValue (2) and changes nothing', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: [{ x: 1 }] });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $rename: { 'a.0.x': 'y' } }));
      expect(error.code).to.equal(2);
      expect(error.message).to.include('The source field cannot be an array element');
      expect(await read()).to.deep.equal({ _id: 1, a: [{ x: 1 }] });
    });

    it('$rename into an array element is refused with BadValue (2) and changes nothing', async function () {
      const { collection, read } = await withDocument({ _id: 1, a: [1], b: 1 });
      const error = await serverErrorOf(collection.updateOne({ _id: 1 }, { $rename: { b: 'a.x' } }));
      expect(error.code).to.equal(2);
      expect(error.message).to.include('The destination field cannot be an array element');
      expect(await read()).to.deep.equal({ _id: 1, a: [1], b: 1 });
    });

    it('$rename onto itself or along its own path is refused with BadValue (2)', async function () {
      const { collection } = await withDocument({ _id: 1, a: { b: 1 } });
      expect((await serverErrorOf(collection.updateOne({ _id: 1 }, { $rename: { a: 'a' } }))).code).to.equal(
        2,
      );
      expect(
        (await serverErrorOf(collection.updateOne({ _id: 1 }, { $rename: { a: 'a.b' } }))).code,
      ).to.equal(2);
    });

    it('an update path with an empty field name is refused with EmptyFieldName (56)', async function () {
      const { collection, read } = await withDocument({ _id: 1 });
      expect((await serverErrorOf(collection.updateOne({ _id: 1 }, { $set: { 'a..b': 1 } }))).code).to.equal(
        56,
      );
      expect((await serverErrorOf(collection.updateOne({ _id: 1 }, { $unset: { '': 1 } }))).code).to.equal(
        56,
      );
      expect(await read()).to.deep.equal({ _id: 1 });
    });
  });

  describe('the order of fields an update creates', function () {
    it('new fields are added in lexicographic order of their names, whatever the order of the update', async function () {
      const { collection, read } = await withDocument({ _id: 1, keep: true });
      await collection.updateOne({ _id: 1 }, { $set: { zeta: 1, alpha: 1 }, $inc: { mid: 1 } });
      expect(Object.keys((await read()) as Document)).to.deep.equal(['_id', 'keep', 'alpha', 'mid', 'zeta']);
    });

    it('new fields of an embedded document are added in lexicographic order too', async function () {
      const { collection, read } = await withDocument({ _id: 1, items: [{ n: 1 }] });
      await collection.updateOne({ 'items.n': 1 }, { $set: { 'items.$.updatedAt': 2, 'items.$.name': 'x' } });
      const stored = (await read()) as { items: Document[] };
      expect(Object.keys(stored.items[0]!)).to.deep.equal(['n', 'name', 'updatedAt']);
    });

    it('existing fields keep their place when an update changes them', async function () {
      const { collection, read } = await withDocument({ _id: 1, b: 1, a: 1 });
      await collection.updateOne({ _id: 1 }, { $set: { c: 1, b: 2 }, $inc: { a: 1 } });
      expect(Object.entries((await read()) as Document)).to.deep.equal([
        ['_id', 1],
        ['b', 2],
        ['a', 2],
        ['c', 1],
      ]);
    });
  });
});
