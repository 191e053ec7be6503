import { expect } from 'chai';
import { MongoBulkWriteError, type Document } from 'mongodb';
import { rejectionOf, serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';

/** MongoDB's largest document, as hello advertises it in maxBsonObjectSize. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** `{_id: <int32>, s: <string of n bytes>}` takes n + 22 bytes as BSON. */
const stringFilling = (bytes: number) => 'a'.repeat(bytes - 22);

/** A filter or update as MongoDB receives it; the driver's TypeScript types are stricter than the server. */
const asDocument = (value: Document): Document => value;

// MongoDB checks what a request says before it looks at any document: these refusals come from
// MongoDB's own tests and reference (jstests/core/max_doc_size.js, the query and update operator lists).
describe('engine conformance: validation MongoDB performs', function () {
  const conformance = useConformanceStore();

  describe('documents over 16 MiB', function () {
    it('a document of exactly 16 MiB is stored', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, s: stringFilling(MAX_DOCUMENT_BYTES) });
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('an insert one byte over 16 MiB is refused with BadValue (2) and stores nothing', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.insertOne({ _id: 1, s: stringFilling(MAX_DOCUMENT_BYTES + 1) }),
      );
      expect(error.code).to.equal(2);
      expect(error.message).to.include('object to insert too large');
      expect(await collection.countDocuments()).to.equal(0);
    });

    it('an insert command carrying a too-large document reports it as a write error', async function () {
      const collection = conformance.freshCollection();
      const reply = await conformance.db.command({
        insert: collection.collectionName,
        documents: [
          { _id: 1, small: true },
          { _id: 2, s: stringFilling(MAX_DOCUMENT_BYTES + 10) },
        ],
      });
      expect(reply.n).to.equal(1);
      expect(reply.writeErrors.map((e: Document) => [e.index, e.code])).to.deep.equal([[1, 2]]);
      expect(await collection.find().toArray()).to.deep.equal([{ _id: 1, small: true }]);
    });

    it('a $set that grows a document past 16 MiB is refused with 17419 and leaves it unchanged', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, n: 1 });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, { $set: { s: stringFilling(MAX_DOCUMENT_BYTES) } }),
      );
      expect(error.code).to.equal(17419);
      expect(error.message).to.include('Resulting document after update is larger than 16777216');
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, n: 1 });
    });

    it('a replacement over 16 MiB is refused with 17419', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, n: 1 });
      const error = await serverErrorOf(
        collection.replaceOne({ _id: 1 }, { s: stringFilling(MAX_DOCUMENT_BYTES + 1) }),
      );
      expect(error.code).to.equal(17419);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, n: 1 });
    });

    it('findOneAndUpdate growing a document past 16 MiB is refused with 17419', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1, n: 1 });
      const error = await serverErrorOf(
        collection.findOneAndUpdate({ _id: 1 }, { $set: { s: stringFilling(MAX_DOCUMENT_BYTES) } }),
      );
      expect(error.code).to.equal(17419);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, n: 1 });
    });

    it('an upsert that would insert over 16 MiB is refused with 17420 and inserts nothing', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.updateOne(
          { _id: 1 },
          { $set: { s: stringFilling(MAX_DOCUMENT_BYTES + 1) } },
          { upsert: true },
        ),
      );
      expect(error.code).to.equal(17420);
      expect(error.message).to.include('Document to upsert is larger than 16777216');
      expect(await collection.countDocuments()).to.equal(0);
    });
  });

  describe('unknown query operators', function () {
    const unknown = { x: { $notAnOperator: 1 } };

    async function expectUnknownOperator(promise: Promise<unknown>): Promise<void> {
      const error = await serverErrorOf(promise);
      expect(error.code).to.equal(2);
      expect(error.message).to.include('unknown operator: $notAnOperator');
    }

    it('find refuses them with BadValue (2) on a collection that does not exist', async function () {
      await expectUnknownOperator(conformance.freshCollection().find(unknown).toArray());
    });

    it('find refuses them on an empty collection', async function () {
      const collection = conformance.freshCollection();
      await conformance.db.createCollection(collection.collectionName);
      await expectUnknownOperator(collection.find(unknown).toArray());
    });

    it('find refuses them on a collection with documents', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ x: 1 });
      await expectUnknownOperator(collection.find(unknown).toArray());
    });

    it('count refuses them on a collection that does not exist', async function () {
      const collection = conformance.freshCollection();
      await expectUnknownOperator(
        conformance.db.command({ count: collection.collectionName, query: unknown }),
      );
      await expectUnknownOperator(collection.countDocuments(unknown));
    });

    it('delete refuses them on a collection that does not exist', async function () {
      await expectUnknownOperator(conformance.freshCollection().deleteMany(unknown));
    });

    it('update refuses them in its filter on a collection that does not exist', async function () {
      await expectUnknownOperator(conformance.freshCollection().updateMany(unknown, { $set: { a: 1 } }));
    });

    it('$match refuses them first in a pipeline and after other stages', async function () {
      const collection = conformance.freshCollection();
      await expectUnknownOperator(collection.aggregate([{ $match: unknown }]).toArray());
      await expectUnknownOperator(
        collection.aggregate([{ $project: { x: 1 } }, { $match: unknown }]).toArray(),
      );
    });

    it('an unknown top-level operator is refused on a collection that does not exist', async function () {
      const error = await serverErrorOf(
        conformance
          .freshCollection()
          .find(asDocument({ $foo: 1 }))
          .toArray(),
      );
      expect(error.code).to.equal(2);
      expect(error.message).to.include('unknown top level operator: $foo');
    });
  });

  describe('unknown update operators', function () {
    const unknownModifier =
      'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array';

    it('are refused with FailedToParse (9) when nothing matches', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1 });
      const error = await serverErrorOf(collection.updateOne({ _id: 2 }, asDocument({ $foo: { a: 1 } })));
      expect(error.code).to.equal(9);
      expect(error.message).to.include(unknownModifier);
    });

    it('are refused when a document matches, which stays unchanged', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 1 });
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asDocument({ $set: { b: 1 }, $foo: { a: 1 } })),
      );
      expect(error.code).to.equal(9);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1 });
    });

    it('are refused on upsert, which inserts nothing', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.updateOne({ _id: 1 }, asDocument({ $foo: { a: 1 } }), { upsert: true }),
      );
      expect(error.code).to.equal(9);
      expect(error.message).to.include(unknownModifier);
      expect(await collection.countDocuments()).to.equal(0);
    });

    it('are refused by findOneAndUpdate when nothing matches', async function () {
      const collection = conformance.freshCollection();
      const error = await serverErrorOf(
        collection.findOneAndUpdate({ _id: 1 }, asDocument({ $foo: { a: 1 } })),
      );
      expect(error.code).to.equal(9);
    });
  });

  describe('_id values MongoDB cannot store', function () {
    async function insertError(document: Document): Promise<Document> {
      const collection = conformance.freshCollection();
      const reply = await conformance.db.command({
        insert: collection.collectionName,
        documents: [document],
      });
      expect(reply.n).to.equal(0);
      expect(await collection.countDocuments()).to.equal(0);
      return reply.writeErrors[0];
    }

    it('a $-prefixed _id document is refused with DollarPrefixedFieldName (52)', async function () {
      const writeError = await insertError({ _id: { $gt: 1 }, a: 1 });
      expect(writeError.code).to.equal(52);
      expect(writeError.errmsg).to.include("_id fields may not contain '$'-prefixed fields: $gt");
    });

    it('a $-prefixed field nested in an _id document is refused too', async function () {
      const writeError = await insertError({ _id: { a: { $in: [1] } } });
      expect(writeError.code).to.equal(52);
    });

    it('an array _id is refused with BadValue (2)', async function () {
      const writeError = await insertError({ _id: [1, 2] });
      expect([writeError.code, writeError.errmsg]).to.deep.equal([2, "can't use an array for _id"]);
    });

    it('a regex _id is refused with BadValue (2)', async function () {
      const writeError = await insertError({ _id: /a/ });
      expect([writeError.code, writeError.errmsg]).to.deep.equal([2, "can't use a regex for _id"]);
    });

    it('insertMany surfaces a $-prefixed _id as a bulk write error', async function () {
      const collection = conformance.freshCollection();
      const error = await rejectionOf(collection.insertMany([{ _id: asDocument({ $gt: 1 }) }]), 52);
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      expect((error as MongoBulkWriteError).code).to.equal(52);
    });
  });
});
