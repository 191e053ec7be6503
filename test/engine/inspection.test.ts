import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEngine } from '../../server/engine/index.js';
import { serverErrorOf, useConformanceStore, type AnyIdDocument } from './fixtures/conformance-store.js';

const stories = [
  { _id: 1, ward: 'A', rating: 5, title: 'Kind night staff' },
  { _id: 2, ward: 'A', rating: 3, title: 'Long wait' },
  { _id: 3, ward: 'B', rating: 4, title: 'Clear explanations' },
  { _id: 4, ward: 'C', rating: 2, title: 'Noisy ward' },
];

describe('engine conformance: what MongoDB tools inspect with', function () {
  const conformance = useConformanceStore();

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
