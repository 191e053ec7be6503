import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { BSON, Decimal128, Double, Int32, Long, MongoClient, type Collection, type Document } from 'mongodb';
import { startEngine } from '../../src/index.js';
import { toPlain } from '../../src/numbers/typed-values.js';
import { Journal } from '../../src/storage/journal.js';
import { Store, type WriteOp } from '../../src/store/store.js';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';

/** Reads keep every number's BSON type: Double, Int32 and Long instances instead of JavaScript numbers. */
const TYPED = { promoteValues: false } as const;

/** The BSON type name of a value read with TYPED, as MongoDB's $type would call it. */
function typeOf(value: unknown): string {
  if (value instanceof Double) return 'double';
  if (value instanceof Int32) return 'int';
  if (value instanceof Long) return 'long';
  return typeof value;
}

async function typesOf(collection: Collection<AnyIdDocument>, id: string): Promise<Document> {
  const doc = await collection.findOne({ _id: id }, TYPED);
  expect(doc, `document ${String(id)}`).to.not.equal(null);
  return Object.fromEntries(
    Object.entries(doc!)
      .filter(([field]) => field !== '_id')
      .map(([field, value]) => [field, `${typeOf(value)} ${Number(value)}`]),
  );
}

describe('engine conformance: numeric BSON types', function () {
  const conformance = useConformanceStore();

  describe('a number keeps the BSON type it was written with', function () {
    it('a whole-number double reads back as a double, an int32 as an int32 and a long as a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), i: new Int32(5), l: Long.fromNumber(5) });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ d: 'double 5', i: 'int 5', l: 'long 5' });
    });

    it('a long up to ±2^53 and a double beyond int32 keep their types', async function () {
      const numbers = conformance.freshCollection();
      const big = Number.MAX_SAFE_INTEGER;
      await numbers.insertOne({ _id: 'a', l: Long.fromNumber(-big), d: new Double(2 ** 40) });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ l: `long ${-big}`, d: `double ${2 ** 40}` });
    });

    it('types nested in documents and arrays are kept', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({
        _id: 'a',
        nested: { d: new Double(1), list: [new Double(2), 3, Long.fromNumber(4)] },
      });
      const doc = await numbers.findOne({ _id: 'a' }, TYPED);
      const nested = doc!.nested as { d: unknown; list: unknown[] };
      expect(typeOf(nested.d)).to.equal('double');
      expect(nested.list.map(typeOf)).to.deep.equal(['double', 'int', 'long']);
    });

    it('an update of another field leaves a double a double and a long a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(7), title: 'x' });
      await numbers.updateOne({ _id: 'a' }, { $set: { title: 'y' } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ d: 'double 5', l: 'long 7', title: 'string NaN' });
    });

    it('$set writes a value with the type the client sent', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', x: 5 });
      const result = await numbers.updateOne(
        { _id: 'a' },
        { $set: { x: new Double(5), y: Long.fromNumber(2) } },
      );
      // MongoDB compares the bytes: int 5 becoming double 5.0 is a modification.
      expect(result.modifiedCount).to.equal(1);
      expect(await typesOf(numbers, 'a')).to.deep.equal({ x: 'double 5', y: 'long 2' });
    });

    it('a replacement keeps the types of the replacing document', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', x: 1 });
      await numbers.replaceOne({ _id: 'a' }, { x: new Double(2), y: Long.fromNumber(3) });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ x: 'double 2', y: 'long 3' });
    });

    it('an upsert takes the types of the filter equality and of the update', async function () {
      const numbers = conformance.freshCollection();
      await numbers.updateOne(
        { _id: 'a', k: new Double(1) },
        { $set: { v: Long.fromNumber(2) } },
        { upsert: true },
      );
      expect(await typesOf(numbers, 'a')).to.deep.equal({ k: 'double 1', v: 'long 2' });
    });

    it('findOneAndUpdate returns the document before and after with its types', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), n: 1 });
      const before = await numbers.findOneAndUpdate({ _id: 'a' }, { $set: { n: 2 } }, TYPED);
      expect(typeOf(before!.d)).to.equal('double');
      const after = await numbers.findOneAndUpdate(
        { _id: 'a' },
        { $set: { n: 3 } },
        { ...TYPED, returnDocument: 'after' },
      );
      expect([typeOf(after!.d), typeOf(after!.n)]).to.deep.equal(['double', 'int']);
    });

    it('aggregate passes stored documents through $match, $sort and $limit with their types', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 1, d: new Double(5) },
        { _id: 2, d: Long.fromNumber(6) },
      ]);
      const docs = await numbers
        .aggregate([{ $match: { d: { $gte: 5 } } }, { $sort: { d: -1 } }, { $limit: 5 }, { $skip: 0 }], TYPED)
        .toArray();
      expect(docs.map((doc) => typeOf(doc.d))).to.deep.equal(['long', 'double']);
    });

    it('later batches (getMore) keep the types too', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i, d: new Double(i) })));
      const docs = await numbers
        .find({}, { ...TYPED, batchSize: 2 })
        .sort({ _id: 1 })
        .toArray();
      expect(docs.map((doc) => typeOf(doc.d))).to.deep.equal(Array(5).fill('double'));
    });

    it('distinct lists a double as a double and a long as a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 1, v: new Double(1) },
        { _id: 2, v: Long.fromNumber(2) },
        { _id: 3, v: 3 },
      ]);
      const values = (await numbers.distinct('v', {}, TYPED)) as unknown[];
      expect(values.map(typeOf).sort()).to.deep.equal(['double', 'int', 'long']);
    });

    it('a projection keeps the types of the fields it includes', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(6), s: 'x' });
      const doc = await numbers.findOne({ _id: 'a' }, { ...TYPED, projection: { d: 1, l: 1 } });
      expect([typeOf(doc!.d), typeOf(doc!.l), doc!.s]).to.deep.equal(['double', 'long', undefined]);
      const excluded = await numbers.findOne({ _id: 'a' }, { ...TYPED, projection: { s: 0 } });
      expect([typeOf(excluded!.d), typeOf(excluded!.l)]).to.deep.equal(['double', 'long']);
    });
  });

  describe('aggregation stages that copy fields keep their types', function () {
    it('$project and $addFields keep the types of the fields they pass on', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(6), s: 'x' });
      const [projected] = await numbers.aggregate([{ $project: { d: 1, l: 1 } }], TYPED).toArray();
      expect([typeOf(projected!.d), typeOf(projected!.l)]).to.deep.equal(['double', 'long']);
      const [added] = await numbers
        .aggregate([{ $addFields: { t: { $type: '$d' } } }, { $unset: 's' }], TYPED)
        .toArray();
      expect([typeOf(added!.d), typeOf(added!.l), added!.t, added!.s]).to.deep.equal([
        'double',
        'long',
        'double',
        undefined,
      ]);
    });
  });

  describe('numbers of different types compare as numbers', function () {
    it('{x: 5} matches the int32 5, the double 5.0 and the long 5', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 'int', x: 5 },
        { _id: 'double', x: new Double(5) },
        { _id: 'long', x: Long.fromNumber(5) },
        { _id: 'other', x: 6 },
      ]);
      const ids = (await numbers.find({ x: 5 }).toArray()).map((doc) => doc._id);
      expect(ids.sort()).to.deep.equal(['double', 'int', 'long']);
      const byLong = await numbers.countDocuments({ x: Long.fromNumber(5) });
      expect(byLong).to.equal(3);
    });

    it('sorting orders int32, long and double values by their numeric value', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 'a', x: new Double(2.5) },
        { _id: 'b', x: Long.fromNumber(3) },
        { _id: 'c', x: 1 },
        { _id: 'd', x: new Double(2) },
      ]);
      const ids = (await numbers.find().sort({ x: 1 }).toArray()).map((doc) => doc._id);
      expect(ids).to.deep.equal(['c', 'd', 'a', 'b']);
    });

    it('a unique index treats the int 5 and the double 5.0 as the same key', async function () {
      const numbers = conformance.freshCollection();
      await numbers.createIndex({ x: 1 }, { unique: true });
      await numbers.insertOne({ _id: 1, x: 5 });
      const error = await serverErrorOf(numbers.insertOne({ _id: 2, x: new Double(5) }));
      expect(error.code).to.equal(11000);
      const longError = await serverErrorOf(numbers.insertOne({ _id: 3, x: Long.fromNumber(5) }));
      expect(longError.code).to.equal(11000);
    });

    it('an indexed equality finds a double through an int query', async function () {
      const numbers = conformance.freshCollection();
      await numbers.createIndex({ x: 1 });
      await numbers.insertOne({ _id: 1, x: new Double(7) });
      const doc = await numbers.findOne({ x: 7 }, TYPED);
      expect(typeOf(doc!.x)).to.equal('double');
    });
  });

  describe('arithmetic follows MongoDB type rules', function () {
    it('$inc of an int32 that overflows gives a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', x: 2147483647 });
      await numbers.updateOne({ _id: 'a' }, { $inc: { x: 1 } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ x: 'long 2147483648' });
    });

    it('$inc of an int32 by an int32 that fits stays an int32', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', x: 1 });
      await numbers.updateOne({ _id: 'a' }, { $inc: { x: 1 } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ x: 'int 2' });
    });

    it('$inc of an int by a long gives a long, and of a long by an int stays a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', i: 1, l: Long.fromNumber(1) });
      await numbers.updateOne({ _id: 'a' }, { $inc: { i: Long.fromNumber(1), l: 1 } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ i: 'long 2', l: 'long 2' });
    });

    it('$inc with a double on either side gives a double, even when the result is whole', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', i: 1, d: new Double(1), f: 1.5 });
      await numbers.updateOne({ _id: 'a' }, { $inc: { i: new Double(1), d: 1, f: 0.5 } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ i: 'double 2', d: 'double 2', f: 'double 2' });
    });

    it('$inc by a long on a missing field creates a long', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a' });
      await numbers.updateOne({ _id: 'a' }, { $inc: { l: Long.fromNumber(3), d: new Double(4) } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ l: 'long 3', d: 'double 4' });
    });

    it('$mul widens as $inc does: int32 overflow gives a long, a double operand a double', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', i: 65536, d: 3, l: Long.fromNumber(2) });
      await numbers.updateOne({ _id: 'a' }, { $mul: { i: 65536, d: new Double(2), l: 3 } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ i: 'long 4294967296', d: 'double 6', l: 'long 6' });
    });

    it('$mul on a missing field creates a zero of the operand type', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a' });
      await numbers.updateOne({ _id: 'a' }, { $mul: { l: Long.fromNumber(3) } });
      expect(await typesOf(numbers, 'a')).to.deep.equal({ l: 'long 0' });
    });

    it('$sum in $group of int32s that overflows gives a long, of longs a long, with a double a double', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 1, g: 'ints', v: 2147483647 },
        { _id: 2, g: 'ints', v: 1 },
        { _id: 3, g: 'small', v: 1 },
        { _id: 4, g: 'small', v: 2 },
        { _id: 5, g: 'longs', v: Long.fromNumber(1) },
        { _id: 6, g: 'longs', v: 2 },
        { _id: 7, g: 'doubles', v: new Double(1) },
        { _id: 8, g: 'doubles', v: 2 },
      ]);
      const groups = await numbers
        .aggregate([{ $group: { _id: '$g', total: { $sum: '$v' } } }, { $sort: { _id: 1 } }], TYPED)
        .toArray();
      expect(
        groups.map((group) => [group._id, `${typeOf(group.total)} ${Number(group.total)}`]),
      ).to.deep.equal([
        ['doubles', 'double 3'],
        ['ints', 'long 2147483648'],
        ['longs', 'long 3'],
        ['small', 'int 3'],
      ]);
    });
  });

  describe('operators whose result has one type give it', function () {
    it('$avg and $divide give doubles, $toLong a long and $toInt an int, even for whole results', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([
        { _id: 1, v: 2 },
        { _id: 2, v: 4 },
      ]);
      const [group] = await numbers
        .aggregate([{ $group: { _id: null, mean: { $avg: '$v' } } }], TYPED)
        .toArray();
      expect(`${typeOf(group!.mean)} ${Number(group!.mean)}`).to.equal('double 3');
      const [projected] = await numbers
        .aggregate(
          [
            { $match: { _id: 2 } },
            { $project: { half: { $divide: ['$v', 2] }, long: { $toLong: '$v' }, int: { $toInt: 4.7 } } },
          ],
          TYPED,
        )
        .toArray();
      expect(
        [projected!.half, projected!.long, projected!.int].map((n) => `${typeOf(n)} ${Number(n)}`),
      ).to.deep.equal(['double 2', 'long 4', 'int 4']);
    });

    it('a find projection with $divide over a 5.0 double answers with a double', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(10) });
      const doc = await numbers.findOne(
        { _id: 'a' },
        { ...TYPED, projection: { half: { $divide: ['$d', 2] } } },
      );
      expect(`${typeOf(doc!.half)} ${Number(doc!.half)}`).to.equal('double 5');
    });
  });

  describe('$type and $isNumber', function () {
    const samples: Document = {
      double: new Double(5),
      string: 'text',
      object: { a: 1 },
      array: [],
      binData: Buffer.from('x'),
      bool: true,
      date: new Date(0),
      null: null,
      regex: /x/,
      int: 5,
      long: Long.fromNumber(5),
    };
    const numbersByAlias: Record<string, number> = {
      double: 1,
      string: 2,
      object: 3,
      array: 4,
      binData: 5,
      bool: 8,
      date: 9,
      null: 10,
      regex: 11,
      int: 16,
      long: 18,
    };

    async function sampleCollection(): Promise<Collection<AnyIdDocument>> {
      const collection = conformance.freshCollection();
      await collection.insertMany(
        Object.entries(samples).map(([alias, value]) => ({ _id: alias, v: value })),
      );
      return collection;
    }

    it('the $type query operator matches each type by its alias and by its number', async function () {
      const collection = await sampleCollection();
      for (const [alias, number] of Object.entries(numbersByAlias)) {
        // An array field matches by the types of its elements; the empty array only as 'array'.
        const byAlias = (await collection.find({ v: { $type: alias } }).toArray()).map((doc) => doc._id);
        const byNumber = (await collection.find({ v: { $type: number } }).toArray()).map((doc) => doc._id);
        expect(byAlias, alias).to.deep.equal([alias]);
        expect(byNumber, String(number)).to.deep.equal([alias]);
      }
    });

    it("'number' matches int32, long and double; a list of types matches any of them", async function () {
      const collection = await sampleCollection();
      const numbers = (await collection.find({ v: { $type: 'number' } }).toArray()).map((doc) => doc._id);
      expect(numbers.sort()).to.deep.equal(['double', 'int', 'long']);
      const either = (await collection.find({ v: { $type: ['string', 16] } }).toArray()).map(
        (doc) => doc._id,
      );
      expect(either.sort()).to.deep.equal(['int', 'string']);
    });

    it('objectId, timestamp, minKey, maxKey and decimal are matched by alias and number too', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ _id: 'a', v: 1 });
      for (const [alias, number] of [
        ['objectId', 7],
        ['timestamp', 17],
        ['decimal', 19],
        ['minKey', -1],
        ['maxKey', 127],
      ] as const) {
        expect(await collection.countDocuments({ v: { $type: alias } }), alias).to.equal(0);
        expect(await collection.countDocuments({ v: { $type: number } }), alias).to.equal(0);
      }
      expect(await collection.countDocuments({ _id: { $type: 'string' } })).to.equal(1);
    });

    it('an unknown alias or type number is a BadValue error', async function () {
      const collection = await sampleCollection();
      expect((await serverErrorOf(collection.findOne({ v: { $type: 'integer' } }))).code).to.equal(2);
      expect((await serverErrorOf(collection.findOne({ v: { $type: 99 } }))).code).to.equal(2);
    });

    it('the $type expression names the BSON type, and $isNumber is true for every numeric type', async function () {
      const collection = await sampleCollection();
      const docs = await collection
        .aggregate([
          { $project: { type: { $type: '$v' }, isNumber: { $isNumber: '$v' } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      const byId = Object.fromEntries(docs.map((doc) => [doc._id, [doc.type, doc.isNumber]]));
      expect(byId).to.deep.equal({
        array: ['array', false],
        binData: ['binData', false],
        bool: ['bool', false],
        date: ['date', false],
        double: ['double', true],
        int: ['int', true],
        long: ['long', true],
        null: ['null', false],
        object: ['object', false],
        regex: ['regex', false],
        string: ['string', false],
      });
    });

    it("the $type expression of a missing field is 'missing'", async function () {
      const collection = await sampleCollection();
      const [doc] = await collection
        .aggregate([{ $limit: 1 }, { $project: { t: { $type: '$nothing' } } }])
        .toArray();
      expect(doc!.t).to.equal('missing');
    });
  });

  describe('what the engine cannot keep exactly it refuses', function () {
    it('inserting a Decimal128 is refused with NotImplemented and stores nothing', async function () {
      const numbers = conformance.freshCollection();
      const error = await serverErrorOf(
        numbers.insertOne({ _id: 'a', price: Decimal128.fromString('1.10') }),
      );
      expect(error.code).to.equal(238);
      expect(await numbers.countDocuments()).to.equal(0);
    });

    it('$set of a Decimal128 is refused with NotImplemented and leaves the document as it was', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', price: new Double(1) });
      const error = await serverErrorOf(
        numbers.updateOne({ _id: 'a' }, { $set: { price: Decimal128.fromString('1.10') } }),
      );
      expect(error.code).to.equal(238);
      expect(await typesOf(numbers, 'a')).to.deep.equal({ price: 'double 1' });
    });

    it('a long beyond ±2^53 is refused with NotImplemented', async function () {
      const numbers = conformance.freshCollection();
      const error = await serverErrorOf(
        numbers.insertOne({ _id: 'a', big: Long.fromString('9007199254740993') }),
      );
      expect(error.code).to.equal(238);
      expect(await numbers.countDocuments()).to.equal(0);
    });

    it('a stage computing a whole number from a 5.0 double is refused, not given a guessed type', async function () {
      // MongoDB answers 6.0 (double + int is a double); mingo computes a bare 6.
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5) });
      const error = await serverErrorOf(
        numbers.aggregate([{ $project: { next: { $add: ['$d', 1] } } }]).toArray(),
      );
      expect(error.code).to.equal(238);
    });

    it('$sum inside $facet whose int32s overflow is refused rather than given as a double', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([{ v: 2147483647 }, { v: 1 }]);
      const error = await serverErrorOf(
        numbers.aggregate([{ $facet: { totals: [{ $group: { _id: null, t: { $sum: '$v' } } }] } }]).toArray(),
      );
      expect(error.code).to.equal(238);
    });

    it('$push of a 5.0 double and a pipeline update of a document holding one are refused', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [1], d: new Double(5) });
      const push = await serverErrorOf(
        numbers.updateOne({ _id: 'a' }, { $push: { list: new Double(2) } as Document }),
      );
      expect(push.code).to.equal(238);
      const pipeline = await serverErrorOf(numbers.updateOne({ _id: 'a' }, [{ $set: { e: '$d' } }]));
      expect(pipeline.code).to.equal(238);
      const doc = await numbers.findOne({ _id: 'a' }, TYPED);
      expect([(doc!.list as unknown[]).map(typeOf), typeOf(doc!.d), doc!.e]).to.deep.equal([
        ['int'],
        'double',
        undefined,
      ]);
    });

    it('$inc of a long past ±2^53 is refused rather than rounded', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', l: Long.fromNumber(Number.MAX_SAFE_INTEGER) });
      const error = await serverErrorOf(numbers.updateOne({ _id: 'a' }, { $inc: { l: 2 } }));
      expect(error.code).to.equal(238);
      expect(await typesOf(numbers, 'a')).to.deep.equal({ l: `long ${Number.MAX_SAFE_INTEGER}` });
    });
  });
});

describe('engine conformance: numeric BSON types over update paths, projections and inspection', function () {
  const conformance = useConformanceStore();

  describe('positional paths and the array modifiers the engine computes', function () {
    it('$push onto an array of int32s keeps the 5.0 double and the long elsewhere in the document', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [1], d: new Double(5), l: Long.fromNumber(6) });
      await numbers.updateOne({ _id: 'a' }, { $push: { list: 2 } } as Document);
      const doc = await numbers.findOne({ _id: 'a' }, TYPED);
      expect([(doc!.list as unknown[]).map(typeOf), typeOf(doc!.d), typeOf(doc!.l)]).to.deep.equal([
        ['int', 'int'],
        'double',
        'long',
      ]);
    });

    it('$addToSet, $pull and $pullAll on an array holding a 5.0 double are refused and change nothing', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [new Double(5), 2] });
      for (const update of [
        { $addToSet: { list: 3 } },
        { $pull: { list: 2 } },
        { $pullAll: { list: [2] } },
      ] as Document[]) {
        const error = await serverErrorOf(numbers.updateOne({ _id: 'a' }, update));
        expect(error.code, JSON.stringify(update)).to.equal(238);
      }
      const doc = await numbers.findOne({ _id: 'a' }, TYPED);
      expect((doc!.list as unknown[]).map(typeOf)).to.deep.equal(['double', 'int']);
    });

    it('$, $[] and $[id] over an array holding a long, or with a 5.0 operand, are refused', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [Long.fromNumber(1), 2] });
      await numbers.insertOne({ _id: 'b', list: [1, 2] });
      const positional = await serverErrorOf(
        numbers.updateOne({ _id: 'a', list: 2 }, { $set: { 'list.$': 3 } }),
      );
      const all = await serverErrorOf(numbers.updateOne({ _id: 'a' }, { $inc: { 'list.$[]': 1 } }));
      const filtered = await serverErrorOf(
        numbers.updateOne(
          { _id: 'b' },
          { $set: { 'list.$[x]': new Double(7) } },
          { arrayFilters: [{ x: { $gt: 1 } }] },
        ),
      );
      expect([positional.code, all.code, filtered.code]).to.deep.equal([238, 238, 238]);
      const [a, b] = await numbers.find({}, TYPED).sort({ _id: 1 }).toArray();
      expect([(a!.list as unknown[]).map(typeOf), b!.list]).to.deep.equal([
        ['long', 'int'],
        [new Int32(1), new Int32(2)],
      ]);
    });

    it('$[] of int32s by an int32 through positional paths still works and keeps int32s', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [1, 2], d: new Double(5) });
      await numbers.updateOne({ _id: 'a' }, { $inc: { 'list.$[]': 1 } });
      const doc = await numbers.findOne({ _id: 'a' }, TYPED);
      expect([(doc!.list as unknown[]).map(Number), (doc!.list as unknown[]).map(typeOf)]).to.deep.equal([
        [2, 3],
        ['int', 'int'],
      ]);
      expect(typeOf(doc!.d)).to.equal('double');
    });

    it('$min and $max give the operand its type when it wins, and keep the stored type on a tie', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', low: 5, high: 5, tie: 5 });
      await numbers.updateOne(
        { _id: 'a' },
        { $min: { low: new Double(3) }, $max: { high: Long.fromNumber(9), tie: new Double(5) } },
      );
      expect(await typesOf(numbers, 'a')).to.deep.equal({
        low: 'double 3',
        high: 'long 9',
        tie: 'int 5',
      });
    });
  });

  describe('find and findAndModify projections', function () {
    it('$slice keeps the types of the elements it keeps and of the fields beside it', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [new Double(1), 2, Long.fromNumber(3)], d: new Double(4) });
      const doc = await numbers.findOne({ _id: 'a' }, { ...TYPED, projection: { list: { $slice: -2 } } });
      expect([(doc!.list as unknown[]).map(typeOf), typeOf(doc!.d)]).to.deep.equal([
        ['int', 'long'],
        'double',
      ]);
      const first = await numbers.findOne({ _id: 'a' }, { ...TYPED, projection: { list: { $slice: 1 } } });
      expect((first!.list as unknown[]).map(typeOf)).to.deep.equal(['double']);
    });

    it('$elemMatch returns the matching element with its types', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({
        _id: 'a',
        items: [
          { k: 'x', q: 2 },
          { k: 'y', q: new Double(5), n: Long.fromNumber(1) },
        ],
      });
      const doc = await numbers.findOne(
        { _id: 'a' },
        { ...TYPED, projection: { items: { $elemMatch: { k: 'y' } } } },
      );
      const [item] = doc!.items as Document[];
      expect([typeOf(item!.q), typeOf(item!.n)]).to.deep.equal(['double', 'long']);
    });

    it('findOneAndUpdate projects the document after the update with its types', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', list: [new Double(1), 2], d: new Double(4), s: 'x' });
      const after = await numbers.findOneAndUpdate(
        { _id: 'a' },
        { $set: { s: 'y' } },
        { ...TYPED, returnDocument: 'after', projection: { d: 1, list: { $slice: 1 } } },
      );
      expect([typeOf(after!.d), (after!.list as unknown[]).map(typeOf), after!.s]).to.deep.equal([
        'double',
        ['double'],
        undefined,
      ]);
    });
  });

  describe('percentiles', function () {
    it('$median and $percentile give doubles, even of int32s', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertMany([{ v: 1 }, { v: 2 }, { v: 3 }]);
      const [grouped] = await numbers
        .aggregate(
          [
            {
              $group: {
                _id: null,
                median: { $median: { input: '$v', method: 'approximate' } },
                ps: { $percentile: { input: '$v', p: [0.5, 1], method: 'approximate' } },
              },
            },
          ],
          TYPED,
        )
        .toArray();
      expect([typeOf(grouped!.median), (grouped!.ps as unknown[]).map(typeOf)]).to.deep.equal([
        'double',
        ['double', 'double'],
      ]);
      expect([Number(grouped!.median), (grouped!.ps as unknown[]).map(Number)]).to.deep.equal([2, [2, 3]]);
    });
  });

  describe('let, explain and stats', function () {
    it('a let value holding a 5.0 double is refused rather than passed on as an int', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a' });
      const error = await serverErrorOf(
        numbers.aggregate([{ $project: { v: '$$five' } }], { let: { five: new Double(5) } }).toArray(),
      );
      expect(error.code).to.equal(238);
    });

    it('explain shows the command it explains with its numbers typed', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5) });
      const explanation = await conformance.db.command(
        {
          explain: { find: numbers.collectionName, filter: { d: new Double(5) } },
          verbosity: 'queryPlanner',
        },
        TYPED,
      );
      expect(typeOf((explanation.command as Document).filter.d)).to.equal('double');
    });

    it('renameCollection keeps the documents with their types', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(6) });
      const renamed = await numbers.rename(`${numbers.collectionName}_renamed`);
      const doc = await conformance.db
        .collection<AnyIdDocument>(renamed.collectionName)
        .findOne({ _id: 'a' }, TYPED);
      expect([typeOf(doc!.d), typeOf(doc!.l)]).to.deep.equal(['double', 'long']);
    });

    it('collStats measures a 5.0 double as the 8 bytes of a double', async function () {
      const numbers = conformance.freshCollection();
      await numbers.insertOne({ _id: 'a', d: new Double(5) });
      const stats = await conformance.db.command({ collStats: numbers.collectionName });
      expect(stats.size).to.equal(BSON.calculateObjectSize({ _id: 'a', d: new Double(5) }));
    });
  });
});

describe('engine: numeric BSON types across a restart', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-numbers-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a double and a long read back with their types after a restart from a snapshot', async function () {
    let engine = await startEngine({ dataDir });
    let client = await MongoClient.connect(`${engine.uri}numbers`);
    await client
      .db()
      .collection<AnyIdDocument>('n')
      .insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(6) });
    await client.close();
    await engine.stop();

    // Fold the journal into a snapshot the way the engine compacts: replay it into a store, write its state.
    const { journal, recovered } = await Journal.open(dataDir);
    const store = new Store();
    for (const record of recovered.journal)
      for (const change of record.ops as WriteOp[]) store.apply(toPlain(change));
    await journal.compact(store.snapshotRecords());
    await journal.close();

    engine = await startEngine({ dataDir });
    client = await MongoClient.connect(`${engine.uri}numbers`);
    try {
      const doc = await client.db().collection<AnyIdDocument>('n').findOne({ _id: 'a' }, TYPED);
      expect([typeOf(doc!.d), typeOf(doc!.l)]).to.deep.equal(['double', 'long']);
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('a double, a long and an int32 read back with their types after the journal is replayed', async function () {
    let engine = await startEngine({ dataDir });
    let client = await MongoClient.connect(`${engine.uri}numbers`);
    await client
      .db()
      .collection<AnyIdDocument>('n')
      .insertOne({ _id: 'a', d: new Double(5), l: Long.fromNumber(6), i: 7, list: [new Double(8)] });
    await client
      .db()
      .collection<AnyIdDocument>('n')
      .updateOne({ _id: 'a' }, { $inc: { i: 1 } });
    await client.close();
    await engine.stop();

    engine = await startEngine({ dataDir });
    client = await MongoClient.connect(`${engine.uri}numbers`);
    try {
      const doc = await client.db().collection<AnyIdDocument>('n').findOne({ _id: 'a' }, TYPED);
      expect([
        typeOf(doc!.d),
        typeOf(doc!.l),
        typeOf(doc!.i),
        typeOf((doc!.list as unknown[])[0]),
      ]).to.deep.equal(['double', 'long', 'int', 'double']);
    } finally {
      await client.close();
      await engine.stop();
    }
  });
});
