import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from './fixtures/conformance-store.js';

/** An update as MongoDB accepts it; the driver's TypeScript types are stricter than the server. */
const asUpdate = (update: Document): Document => update;

describe('engine conformance: update paths', function () {
  const conformance = useConformanceStore();

  /** A fresh collection holding one document, and a way to read that document back. */
  async function withDocument(
    document: Document,
  ): Promise<{ collection: Collection<AnyIdDocument>; read(): Promise<unknown> }> {
    const collection = conformance.freshCollection();
    await collection.insertOne({ ...document });
    return { collection, read: () => collection.findOne({ _id: document._id }) };
  }

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
});
