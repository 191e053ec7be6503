import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateObjectSize } from 'bson';
import { expect } from 'chai';
import { MongoClient, type Document } from 'mongodb';
import { startEngine } from '../../src/index.js';
import { storeIsRealMongoDB } from '../support/store.js';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from '../fixtures/conformance-store.js';

/** Every stage of an explain output (query plans, executionStages, $cursor stages), depth first. */
function stagesOf(explanation: unknown): Document[] {
  const found: Document[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const document = value as Document;
    if (typeof document.stage === 'string') found.push(document);
    for (const [field, child] of Object.entries(document)) if (field !== 'rejectedPlans') visit(child);
  };
  visit(explanation);
  return found;
}

function winningStages(explanation: Document): string[] {
  return stagesOf(explanation.queryPlanner?.winningPlan ?? explanation).map((stage) => stage.stage);
}

const stories = [
  { _id: 1, ward: 'A', rating: 5, title: 'Kind night staff' },
  { _id: 2, ward: 'A', rating: 3, title: 'Long wait' },
  { _id: 3, ward: 'B', rating: 4, title: 'Clear explanations' },
  { _id: 4, ward: 'C', rating: 2, title: 'Noisy ward' },
];

describe('engine conformance: what MongoDB tools inspect with', function () {
  const conformance = useConformanceStore();

  describe('dbStats', function () {
    it('reports the database’s collections, objects, data size and indexes in MongoDB’s fields', async function () {
      const db = conformance.client.db(`${conformance.db.databaseName}_stats`);
      await db.collection<AnyIdDocument>('stories').insertMany(stories.map((story) => ({ ...story })));
      await db.collection<AnyIdDocument>('stories').createIndex({ ward: 1 });
      await db.collection<AnyIdDocument>('wards').insertOne({ _id: 'A' });
      const stats = await db.command({ dbStats: 1 });
      expect(stats).to.include({
        db: db.databaseName,
        collections: 2,
        views: 0,
        objects: 5,
        indexes: 3,
        ok: 1,
      });
      const bytes = [...stories, { _id: 'A' }].reduce((sum, doc) => sum + calculateObjectSize(doc), 0);
      // dataSize is the documents' uncompressed BSON size; MongoDB's avgObjSize is dataSize / objects.
      expect(stats.dataSize).to.equal(bytes);
      expect(stats.avgObjSize).to.be.closeTo(bytes / 5, 1);
      for (const field of ['storageSize', 'indexSize', 'totalSize', 'scaleFactor'])
        expect(stats[field], field).to.be.a('number');
      expect(stats.indexSize).to.be.above(0);
      expect(stats.totalSize).to.equal(stats.storageSize + stats.indexSize);
      await db.dropDatabase();
    });

    it('divides sizes by scale, rounding down, and leaves counts alone', async function () {
      const db = conformance.client.db(`${conformance.db.databaseName}_scaled`);
      await db.collection<AnyIdDocument>('stories').insertMany(stories.map((story) => ({ ...story })));
      const unscaled = await db.command({ dbStats: 1 });
      const scaled = await db.command({ dbStats: 1, scale: 7 });
      expect(scaled.scaleFactor).to.equal(7);
      expect(scaled.objects).to.equal(unscaled.objects);
      expect(scaled.dataSize).to.equal(Math.floor(unscaled.dataSize / 7));
      await db.dropDatabase();
    });

    it('listDatabases gives a database holding data its size, and the total (show dbs)', async function () {
      const db = conformance.client.db(`${conformance.db.databaseName}_listed`);
      await db.collection<AnyIdDocument>('stories').insertMany(stories.map((story) => ({ ...story })));
      const { databases, totalSize } = await db.admin().listDatabases();
      const listed = databases.find((entry) => entry.name === db.databaseName);
      expect(listed?.sizeOnDisk).to.be.above(0);
      expect(totalSize).to.be.at.least(listed!.sizeOnDisk!);
      await db.dropDatabase();
    });

    it('answers zeros for a database that holds nothing', async function () {
      const stats = await conformance.client
        .db(`${conformance.db.databaseName}_empty`)
        .command({ dbStats: 1 });
      expect(stats).to.include({ collections: 0, objects: 0, dataSize: 0, indexes: 0, ok: 1 });
    });
  });

  describe('collStats and $collStats', function () {
    it('$collStats storageStats reports count, size, nindexes and a size per index', async function () {
      const collection = conformance.freshCollection('stats');
      await collection.insertMany(stories.map((story) => ({ ...story })));
      await collection.createIndex({ ward: 1, rating: -1 });
      const [result] = await collection
        .aggregate([{ $collStats: { storageStats: {}, count: {} } }])
        .toArray();
      expect(result!.ns).to.equal(`${conformance.db.databaseName}.${collection.collectionName}`);
      expect(result!.count).to.equal(4);
      const storage = result!.storageStats as Document;
      expect(storage).to.include({ count: 4, nindexes: 2 });
      expect(storage.size).to.equal(stories.reduce((sum, doc) => sum + calculateObjectSize(doc), 0));
      expect(storage.avgObjSize).to.equal(Math.floor(storage.size / 4));
      expect(Object.keys(storage.indexSizes as Document).sort()).to.deep.equal(['_id_', 'ward_1_rating_-1']);
      const indexTotal = Object.values(storage.indexSizes as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      expect(storage.totalIndexSize).to.equal(indexTotal);
      expect(storage.totalSize).to.equal(storage.storageSize + storage.totalIndexSize);
      expect(storage.capped).to.equal(false);
    });

    it('$collStats storageStats on a missing collection fails with NamespaceNotFound (26)', async function () {
      const error = await serverErrorOf(
        conformance
          .freshCollection('missing')
          .aggregate([{ $collStats: { storageStats: {} } }])
          .toArray(),
      );
      expect(error.code).to.equal(26);
      expect(error.message).to.include('not found');
    });

    it('the collStats command answers the same figures', async function () {
      const collection = conformance.freshCollection('stats');
      await collection.insertMany(stories.map((story) => ({ ...story })));
      const stats = await conformance.db.command({ collStats: collection.collectionName });
      const [{ storageStats }] = (await collection
        .aggregate([{ $collStats: { storageStats: {} } }])
        .toArray()) as Array<{ storageStats: Document }>;
      expect(stats).to.include({
        ns: collection.namespace,
        count: 4,
        size: storageStats!.size,
        nindexes: 1,
        ok: 1,
      });
    });
  });

  describe('explain', function () {
    async function indexedStories() {
      const collection = conformance.freshCollection('explained');
      await collection.insertMany(stories.map((story) => ({ ...story })));
      await collection.createIndex({ ward: 1 }, { name: 'by_ward' });
      return collection;
    }

    it('find on an indexed field names the index it scans (IXSCAN, indexName, keyPattern)', async function () {
      const collection = await indexedStories();
      const explanation = await collection.find({ ward: 'A' }).explain('queryPlanner');
      expect(explanation.queryPlanner.namespace).to.equal(collection.namespace);
      const scan = stagesOf(explanation.queryPlanner.winningPlan).find((stage) => stage.stage === 'IXSCAN');
      expect(scan, JSON.stringify(explanation.queryPlanner.winningPlan)).to.include({ indexName: 'by_ward' });
      expect(scan!.keyPattern).to.deep.equal({ ward: 1 });
      expect(explanation).to.not.have.property('executionStats');
    });

    it('find on an unindexed field is a collection scan (COLLSCAN)', async function () {
      const collection = await indexedStories();
      const explanation = await collection.find({ rating: { $gte: 4 } }).explain('queryPlanner');
      expect(winningStages(explanation)).to.include('COLLSCAN');
      expect(winningStages(explanation)).to.not.include('IXSCAN');
    });

    it('executionStats counts what the query returned and examined', async function () {
      const collection = await indexedStories();
      const indexed = await collection.find({ ward: 'A', rating: 5 }).explain('executionStats');
      expect(indexed.executionStats).to.include({
        executionSuccess: true,
        nReturned: 1,
        totalKeysExamined: 2,
        totalDocsExamined: 2,
      });
      expect(indexed.executionStats.executionTimeMillis).to.be.a('number').and.at.least(0);
      const scanned = await collection.find({ rating: { $gte: 4 } }).explain('executionStats');
      expect(scanned.executionStats).to.include({ nReturned: 2, totalKeysExamined: 0, totalDocsExamined: 4 });
    });

    it('a sort the index cannot give is done in memory (SORT with its sortPattern)', async function () {
      const collection = await indexedStories();
      const explanation = await collection.find({ ward: 'A' }).sort({ rating: 1 }).explain('queryPlanner');
      const sort = stagesOf(explanation.queryPlanner.winningPlan).find((stage) => stage.stage === 'SORT');
      expect(sort?.sortPattern).to.deep.equal({ rating: 1 });
    });

    it('a sort an index gives is read from it, backward if need be, with no SORT stage', async function () {
      const collection = await indexedStories();
      const explanation = await collection.find().sort({ ward: -1 }).limit(2).explain('executionStats');
      const stages = winningStages(explanation);
      expect(stages).to.include('IXSCAN').and.not.include('SORT');
      const scan = stagesOf(explanation.queryPlanner.winningPlan).find((stage) => stage.stage === 'IXSCAN');
      expect(scan).to.include({ indexName: 'by_ward', direction: 'backward' });
      expect(explanation.executionStats.nReturned).to.equal(2);
    });

    it('a query on a collection that does not exist is planned as EOF', async function () {
      const explanation = await conformance.freshCollection('nothing').find({ a: 1 }).explain('queryPlanner');
      expect(explanation.queryPlanner.winningPlan.stage).to.equal('EOF');
    });

    it('aggregate explains its leading $match with the same planner as find', async function () {
      const collection = await indexedStories();
      const explanation = await collection
        .aggregate([{ $match: { ward: 'B' } }, { $unwind: '$title' }])
        .explain('executionStats');
      const scan = stagesOf(explanation).find((stage) => stage.stage === 'IXSCAN');
      expect(scan).to.include({ indexName: 'by_ward' });
    });

    it('aggregate with explain: true answers the plan instead of a cursor', async function () {
      const collection = await indexedStories();
      const explanation = await conformance.db.command({
        aggregate: collection.collectionName,
        pipeline: [{ $match: { ward: 'C' } }],
        explain: true,
      });
      expect(explanation).to.not.have.property('cursor');
      expect(stagesOf(explanation).find((stage) => stage.stage === 'IXSCAN')).to.include({
        indexName: 'by_ward',
      });
    });

    it('count and distinct explain their query plans too', async function () {
      const collection = await indexedStories();
      const count = await conformance.db.command({
        explain: { count: collection.collectionName, query: { ward: 'C' } },
        verbosity: 'queryPlanner',
      });
      expect(stagesOf(count.queryPlanner.winningPlan).map((stage) => stage.stage)).to.include('COUNT');
      const distinct = await conformance.db.command({
        explain: { distinct: collection.collectionName, key: 'rating', query: { rating: { $gt: 2 } } },
        verbosity: 'executionStats',
      });
      expect(winningStages(distinct)).to.include('COLLSCAN');
      expect(distinct.executionStats.totalDocsExamined).to.equal(4);
    });

    it('an unknown verbosity fails to parse', async function () {
      const collection = await indexedStories();
      const error = await serverErrorOf(
        conformance.db.command({ explain: { find: collection.collectionName }, verbosity: 'everything' }),
      );
      expect(error.code).to.equal(9);
    });
  });

  describe('renameCollection', function () {
    it('moves documents and indexes to the new name and removes the old one', async function () {
      const source = conformance.freshCollection('before');
      const target = conformance.freshCollection('after');
      await source.insertMany(stories.map((story) => ({ ...story })));
      await source.createIndex({ ward: 1 }, { unique: false, name: 'by_ward' });
      await source.rename(target.collectionName);
      expect(await target.countDocuments()).to.equal(4);
      expect((await target.indexes()).map((index) => index.name)).to.deep.equal(['_id_', 'by_ward']);
      const names = (await conformance.db.listCollections().toArray()).map((c) => c.name);
      expect(names).to.include(target.collectionName).and.not.include(source.collectionName);
    });

    it('moves a collection to another database', async function () {
      const source = conformance.freshCollection('travelling');
      await source.insertOne({ _id: 'moved' });
      const otherDb = conformance.client.db(`${conformance.db.databaseName}_elsewhere`);
      await conformance.client.db('admin').command({
        renameCollection: source.namespace,
        to: `${otherDb.databaseName}.arrived`,
      });
      expect(await otherDb.collection('arrived').find().toArray()).to.deep.equal([{ _id: 'moved' }]);
      expect(await source.countDocuments()).to.equal(0);
      await otherDb.dropDatabase();
    });

    it('refuses an existing target with NamespaceExists (48), and replaces it with dropTarget', async function () {
      const source = conformance.freshCollection('source');
      const target = conformance.freshCollection('taken');
      await source.insertOne({ _id: 'new' });
      await target.insertOne({ _id: 'old' });
      const error = await serverErrorOf(source.rename(target.collectionName));
      expect(error.code).to.equal(48);
      expect(error.codeName).to.equal('NamespaceExists');
      await source.rename(target.collectionName, { dropTarget: true });
      expect(await target.find().toArray()).to.deep.equal([{ _id: 'new' }]);
    });

    it('refuses a missing source with NamespaceNotFound (26)', async function () {
      const error = await serverErrorOf(conformance.freshCollection('ghost').rename('anything'));
      expect(error.code).to.equal(26);
    });

    it('must run against the admin database', async function () {
      const source = conformance.freshCollection('local');
      await source.insertOne({});
      const error = await serverErrorOf(
        conformance.db.command({ renameCollection: source.namespace, to: `${source.namespace}_x` }),
      );
      expect(error.code).to.equal(13);
    });
  });

  describe('currentOp', function () {
    it('$currentOp lists the asking command itself as an active operation', async function () {
      const operations = await conformance.client
        .db('admin')
        .aggregate([{ $currentOp: {} }, { $match: { 'command.comment': 'who is running?' } }], {
          comment: 'who is running?',
        })
        .toArray();
      expect(operations).to.have.length(1);
      expect(operations[0]).to.include({ type: 'op', active: true, ns: 'admin.$cmd.aggregate' });
      expect(operations[0]!.opid).to.be.a('number');
      expect(operations[0]!.command.aggregate).to.equal(1);
    });

    it('idleConnections: true also lists connections with nothing in progress', async function () {
      const operations = await conformance.client
        .db('admin')
        .aggregate([{ $currentOp: { idleConnections: true } }])
        .toArray();
      expect(operations.some((operation) => operation.active === false)).to.equal(true);
      expect(operations.filter((operation) => operation.active === true)).to.have.length.at.least(1);
    });

    it('the currentOp command answers inprog', async function () {
      const reply = await conformance.client.db('admin').command({ currentOp: 1 });
      expect(reply.ok).to.equal(1);
      expect(reply.inprog).to.be.an('array');
      expect(reply.inprog.some((operation: Document) => operation.command?.currentOp === 1)).to.equal(true);
    });

    it('$currentOp outside the admin database fails with InvalidNamespace (73)', async function () {
      const error = await serverErrorOf(conformance.db.aggregate([{ $currentOp: {} }]).toArray());
      expect(error.code).to.equal(73);
    });
  });

  describe('getParameter', function () {
    it('answers the featureCompatibilityVersion that mongosh and Compass ask for on connect', async function () {
      const admin = conformance.client.db('admin');
      const reply = await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 });
      const { version } = await admin.command({ buildInfo: 1 });
      expect(reply.featureCompatibilityVersion.version).to.equal(version.split('.').slice(0, 2).join('.'));
    });
  });

  describe('setParameter ttlMonitorSleepSecs', function () {
    it('sets the pause between TTL sweeps, answering the previous value, and getParameter reads it', async function () {
      const admin = conformance.client.db('admin');
      const { ttlMonitorSleepSecs: before } = await admin.command({
        getParameter: 1,
        ttlMonitorSleepSecs: 1,
      });
      try {
        const reply = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 7 });
        expect(reply).to.include({ ok: 1, was: before });
        const read = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });
        expect(read.ttlMonitorSleepSecs).to.equal(7);
      } finally {
        await admin.command({ setParameter: 1, ttlMonitorSleepSecs: before });
      }
    });

    it('may only be run against the admin database', async function () {
      const error = await conformance.db.command({ setParameter: 1, ttlMonitorSleepSecs: 5 }).then(
        () => undefined,
        (failure: { code?: number }) => failure,
      );
      expect(error?.code).to.equal(13);
    });
  });

  describe('listIndexes', function () {
    it('lists each index with v, key, name and the options it was created with', async function () {
      const collection = conformance.freshCollection('listed');
      await collection.insertOne({ _id: 1 });
      await collection.createIndex({ email: 1 }, { unique: true, sparse: true, name: 'email_unique' });
      await collection.createIndex({ seenAt: 1 }, { expireAfterSeconds: 3600 });
      await collection.createIndex(
        { ward: 1, rating: -1 },
        { partialFilterExpression: { rating: { $gt: 2 } } },
      );
      const indexes = await collection.indexes();
      expect(indexes).to.deep.equal([
        { v: 2, key: { _id: 1 }, name: '_id_' },
        { v: 2, key: { email: 1 }, name: 'email_unique', unique: true, sparse: true },
        { v: 2, key: { seenAt: 1 }, name: 'seenAt_1', expireAfterSeconds: 3600 },
        {
          v: 2,
          key: { ward: 1, rating: -1 },
          name: 'ward_1_rating_-1',
          partialFilterExpression: { rating: { $gt: 2 } },
        },
      ]);
    });
  });
});

// The data directory is the engine's own, so this runs on the embedded engine even when MONGODB_URI is set.
describe('engine: renameCollection is durable', function () {
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-rename-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function withEngine<T>(use: (client: MongoClient) => Promise<T>): Promise<T> {
    const engine = await startEngine({ dataDir });
    const client = await MongoClient.connect(engine.uri);
    try {
      return await use(client);
    } finally {
      await client.close();
      await engine.stop();
    }
  }

  it('a restart finds the collection, its documents and indexes under the new name only', async function () {
    await withEngine(async (client) => {
      const stories = client.db('clinic').collection<AnyIdDocument>('stories');
      await stories.insertMany([{ _id: 1, ward: 'A' }]);
      await stories.createIndex({ ward: 1 }, { unique: true });
      await client.db('clinic').collection<AnyIdDocument>('archive').insertOne({ _id: 'replaced' });
      await stories.rename('archive', { dropTarget: true });
      await client.db('admin').command({ renameCollection: 'clinic.archive', to: 'records.archive' });
    });
    await withEngine(async (client) => {
      expect(await client.db('clinic').listCollections().toArray()).to.deep.equal([]);
      const archive = client.db('records').collection<AnyIdDocument>('archive');
      expect(await archive.find().toArray()).to.deep.equal([{ _id: 1, ward: 'A' }]);
      expect((await archive.indexes()).map((index) => index.name)).to.deep.equal(['_id_', 'ward_1']);
      const duplicate = await serverErrorOf(archive.insertOne({ _id: 2, ward: 'A' }));
      expect(duplicate.code).to.equal(11000);
    });
  });
});

// What MongoDB answers and the engine cannot answer the same way: refused loudly (NotImplemented, 238).
// Real MongoDB supports these, so they only run on the engine.
if (!(await storeIsRealMongoDB())) {
  describe('engine-only: inspection the engine refuses rather than fakes', function () {
    const conformance = useConformanceStore();

    async function notImplemented(promise: Promise<unknown>): Promise<string> {
      const error = await serverErrorOf(promise);
      expect(error.code, error.message).to.equal(238);
      return error.message;
    }

    it('explaining a write is refused: the engine has no dry run of one', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      const message = await notImplemented(
        conformance.db.command({
          explain: { delete: collection.collectionName, deletes: [{ q: { a: 1 }, limit: 0 }] },
        }),
      );
      expect(message).to.include('explain of delete');
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('$collStats latencyStats is refused: the engine keeps no latency statistics', async function () {
      const collection = conformance.freshCollection();
      await collection.insertOne({ a: 1 });
      expect(
        await notImplemented(collection.aggregate([{ $collStats: { latencyStats: {} } }]).toArray()),
      ).to.include('latencyStats');
    });

    it('getParameter for anything but featureCompatibilityVersion and ttlMonitorSleepSecs is refused', async function () {
      const message = await notImplemented(
        conformance.client.db('admin').command({ getParameter: 1, logLevel: 1 }),
      );
      expect(message).to.include('logLevel');
    });

    it('setParameter for anything but ttlMonitorSleepSecs is refused: the engine has no other', async function () {
      const message = await notImplemented(
        conformance.client.db('admin').command({ setParameter: 1, logLevel: 1 }),
      );
      expect(message).to.include('logLevel');
    });

    it('dbStats with freeStorage is refused: the engine has no storage files with free space', async function () {
      await notImplemented(conformance.db.command({ dbStats: 1, freeStorage: 1 }));
    });

    it('$currentOp with truncateOps is refused: the engine shows commands whole', async function () {
      await notImplemented(
        conformance.client
          .db('admin')
          .aggregate([{ $currentOp: { truncateOps: true } }])
          .toArray(),
      );
    });
  });
}
