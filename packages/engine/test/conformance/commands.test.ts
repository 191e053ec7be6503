import { expect } from 'chai';
import { MongoClient, type MongoServerError } from 'mongodb';
import { serverErrorOf, useConformanceStore } from '../fixtures/conformance-store.js';

describe('engine conformance: commands', function () {
  const conformance = useConformanceStore();

  it('the driver handshake works and hello reports a writable primary speaking MongoDB 7 wire versions', async function () {
    const hello = await conformance.db.admin().command({ hello: 1 });
    expect(hello.ok).to.equal(1);
    expect(hello.isWritablePrimary).to.equal(true);
    expect(hello.maxWireVersion).to.be.a('number').and.to.be.at.least(21);
    expect(hello.minWireVersion).to.be.a('number').and.to.be.at.most(hello.maxWireVersion);
    expect(hello.maxBsonObjectSize).to.equal(16 * 1024 * 1024);
    expect(hello.localTime).to.be.instanceOf(Date);
  });

  it('the legacy isMaster command answers too', async function () {
    const reply = await conformance.db.admin().command({ isMaster: 1 });
    expect(reply.ok).to.equal(1);
    expect(reply.ismaster).to.equal(true);
  });

  it('ping answers ok', async function () {
    expect(await conformance.db.command({ ping: 1 })).to.include({ ok: 1 });
  });

  it('buildInfo reports a version string and array', async function () {
    const info = await conformance.db.admin().command({ buildInfo: 1 });
    expect(info.version).to.match(/^\d+\.\d+\.\d+/);
    expect(info.versionArray).to.be.an('array');
    expect(info.versionArray.slice(0, 2).join('.')).to.equal(info.version.split('.').slice(0, 2).join('.'));
  });

  it('listDatabases includes a database once it holds data', async function () {
    await conformance.freshCollection().insertOne({ a: 1 });
    const { databases } = await conformance.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).to.include(conformance.db.databaseName);
  });

  it('listCollections lists collections and filters by name', async function () {
    const first = conformance.freshCollection('listed');
    const second = conformance.freshCollection('listed');
    await first.insertOne({ a: 1 });
    await conformance.db.createCollection(second.collectionName);
    const all = (await conformance.db.listCollections().toArray()).map((c) => c.name);
    expect(all).to.include.members([first.collectionName, second.collectionName]);
    const filtered = await conformance.db.listCollections({ name: second.collectionName }).toArray();
    expect(filtered.map((c) => [c.name, c.type])).to.deep.equal([[second.collectionName, 'collection']]);
    const nameOnly = await conformance.db
      .listCollections({ name: first.collectionName }, { nameOnly: true })
      .toArray();
    expect(nameOnly.map((c) => c.name)).to.deep.equal([first.collectionName]);
  });

  it('create makes an empty collection, and creating it again fails with NamespaceExists (48)', async function () {
    const name = conformance.freshCollection('created').collectionName;
    await conformance.db.createCollection(name);
    expect(await conformance.db.collection(name).countDocuments()).to.equal(0);
    const error = await serverErrorOf(conformance.db.command({ create: name }));
    expect(error.code).to.equal(48);
    expect(error.codeName).to.equal('NamespaceExists');
  });

  it('drop removes a collection and its documents', async function () {
    const collection = conformance.freshCollection('dropped');
    await collection.insertMany([{ a: 1 }, { a: 2 }]);
    expect(await collection.drop()).to.equal(true);
    const names = (await conformance.db.listCollections({ name: collection.collectionName }).toArray()).map(
      (c) => c.name,
    );
    expect(names).to.deep.equal([]);
    expect(await collection.countDocuments()).to.equal(0);
  });

  it('dropDatabase removes every collection of the database', async function () {
    const other = conformance.client.db(`${conformance.db.databaseName}_other`);
    await other.collection('a').insertOne({ a: 1 });
    await other.collection('b').insertOne({ b: 1 });
    expect(await other.dropDatabase()).to.equal(true);
    expect(await other.listCollections().toArray()).to.deep.equal([]);
    const { databases } = await conformance.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).to.not.include(other.databaseName);
  });

  it('the count command counts with a query', async function () {
    const collection = conformance.freshCollection();
    await collection.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }]);
    const reply = await conformance.db.command({ count: collection.collectionName, query: { a: 1 } });
    expect(reply).to.include({ n: 2, ok: 1 });
  });

  it('an unknown command fails with CommandNotFound (59) naming the command', async function () {
    const error = await serverErrorOf(conformance.db.command({ frobnicateStories: 1 }));
    expect(error.code).to.equal(59);
    expect(error.codeName).to.equal('CommandNotFound');
    expect(error.message).to.include('frobnicateStories');
  });

  it('a transaction on a standalone server fails loudly and writes nothing', async function () {
    const collection = conformance.freshCollection();
    await collection.insertOne({ _id: 'before' });
    const session = conformance.client.startSession();
    try {
      const error = await serverErrorOf(
        session.withTransaction(async () => {
          await collection.insertOne({ _id: 'inside' }, { session });
        }),
      );
      // The driver words a standalone's IllegalOperation (20) on a write as advice about retryable
      // writes, and keeps the server's own reply beside it.
      const reply = (error as MongoServerError & { originalError?: MongoServerError }).originalError;
      expect([reply?.code, reply?.codeName], error.message).to.deep.equal([20, 'IllegalOperation']);
    } finally {
      await session.endSession();
    }
    expect(
      await collection
        .find()
        .map((d) => d._id)
        .toArray(),
    ).to.deep.equal(['before']);
  });

  it('a second client sees writes made by the first', async function () {
    const collection = conformance.freshCollection();
    const second = await MongoClient.connect(conformance.store.uri);
    try {
      await collection.insertOne({ _id: 'shared' });
      expect(await second.db().collection(collection.collectionName).findOne({})).to.deep.equal({
        _id: 'shared',
      });
    } finally {
      await second.close();
    }
  });
});
