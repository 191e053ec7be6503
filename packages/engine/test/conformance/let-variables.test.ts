import { expect } from 'chai';
import type { Document } from 'mongodb';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';

// A command's `let` binds variables that `$$name` reads in $expr and in pipeline stages. MongoDB
// evaluates each value once, as an expression over no document, before running the command.
describe('engine conformance: let variables', function () {
  const conformance = useConformanceStore();

  async function scores() {
    const collection = conformance.freshCollection();
    await collection.insertMany([
      { _id: 1, score: 3, label: '$x' },
      { _id: 2, score: 5, label: 'five' },
      { _id: 3, score: 8, label: 'eight' },
    ]);
    return collection;
  }

  const ids = (documents: Document[]) => documents.map((doc) => doc._id);

  describe('find', function () {
    it('$$name in $expr reads the let value', async function () {
      const collection = await scores();
      const found = await collection
        .find({ $expr: { $gt: ['$score', '$$min'] } }, { let: { min: 4 } })
        .toArray();
      expect(ids(found)).to.deep.equal([2, 3]);
    });

    it('a let value that is an expression is evaluated first', async function () {
      const collection = await scores();
      const found = await collection
        .find({ $expr: { $eq: ['$score', '$$target'] } }, { let: { target: { $add: [2, 3] } } })
        .toArray();
      expect(ids(found)).to.deep.equal([2]);
    });

    it('a $literal let value is taken as it is, even when it looks like a field path', async function () {
      const collection = await scores();
      const found = await collection
        .find({ $expr: { $eq: ['$label', '$$text'] } }, { let: { text: { $literal: '$x' } } })
        .toArray();
      expect(ids(found)).to.deep.equal([1]);
    });

    it('let names must start with a lowercase letter (16867)', async function () {
      const collection = await scores();
      for (const name of ['Min', '_min', '1min']) {
        const error = await serverErrorOf(
          collection.find({ $expr: { $gt: ['$score', `$$${name}`] } }, { let: { [name]: 4 } }).toArray(),
        );
        expect(error.code, name).to.equal(16867);
        expect(error.message).to.include(
          `'${name}' starts with an invalid character for a user variable name`,
        );
      }
    });

    it('let names may only hold letters, digits and underscores (16868)', async function () {
      const collection = await scores();
      const error = await serverErrorOf(collection.find({}, { let: { 'a-b': 1 } }).toArray());
      expect(error.code).to.equal(16868);
    });

    it('a let value may not read a field, since there is no document yet', async function () {
      const collection = await scores();
      await serverErrorOf(collection.find({}, { let: { s: '$score' } }).toArray());
    });
  });

  describe('aggregate', function () {
    it('$$name works in $match and in later stages', async function () {
      const collection = await scores();
      const results = await collection
        .aggregate(
          [
            { $match: { $expr: { $gte: ['$score', '$$min'] } } },
            { $project: { _id: 1, above: { $subtract: ['$score', '$$min'] } } },
          ],
          { let: { min: 5 } },
        )
        .toArray();
      expect(results).to.deep.equal([
        { _id: 2, above: 0 },
        { _id: 3, above: 3 },
      ]);
    });

    it('a let bound to $$NOW gives every document the same time of the command', async function () {
      const collection = await scores();
      const before = Date.now();
      const results = await collection
        .aggregate([{ $project: { at: '$$asOf' } }], { let: { asOf: '$$NOW' } })
        .toArray();
      const times = results.map((doc) => (doc.at as Date).getTime());
      expect(new Set(times).size).to.equal(1);
      expect(times[0]).to.be.within(before - 1000, Date.now() + 1000);
    });
  });

  describe('writes', function () {
    it('updateMany uses let in its filter and in a pipeline update', async function () {
      const collection = await scores();
      const result = await collection.updateMany(
        { $expr: { $gte: ['$score', '$$min'] } },
        [{ $set: { bonus: { $multiply: ['$score', '$$factor'] } } }],
        { let: { min: 5, factor: 10 } },
      );
      expect(result.modifiedCount).to.equal(2);
      const bonuses = await collection.find({}, { projection: { bonus: 1 } }).toArray();
      expect(bonuses).to.deep.equal([{ _id: 1 }, { _id: 2, bonus: 50 }, { _id: 3, bonus: 80 }]);
    });

    it('deleteMany uses let in its filter', async function () {
      const collection = await scores();
      const result = await collection.deleteMany(
        { $expr: { $lt: ['$score', '$$limit'] } },
        { let: { limit: 6 } },
      );
      expect(result.deletedCount).to.equal(2);
      expect(ids(await collection.find().toArray())).to.deep.equal([3]);
    });

    it('findOneAndUpdate uses let in its query and update', async function () {
      const collection = await scores();
      const updated = await collection.findOneAndUpdate(
        { $expr: { $eq: ['$label', '$$which'] } },
        [{ $set: { label: '$$renamed' } }],
        { let: { which: 'five', renamed: 'FIVE' }, returnDocument: 'after' },
      );
      expect(updated).to.deep.equal({ _id: 2, score: 5, label: 'FIVE' });
    });

    it('an invalid let name is refused before anything is written', async function () {
      const collection = await scores();
      await serverErrorOf(collection.deleteMany({}, { let: { Bad: 1 } }));
      expect(await collection.countDocuments()).to.equal(3);
    });
  });
});
