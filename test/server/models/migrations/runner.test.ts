import { expect } from 'chai';
import mongoose, { Types, type Connection } from 'mongoose';
import { createModels, type Models } from '../../../../server/models/index.js';
import { migrations } from '../../../../server/models/migrations/index.js';
import type { Migration } from '../../../../server/models/migrations/migration.js';
import {
  NewerSchemaError,
  runMigrations,
  storedSchemaVersion,
} from '../../../../server/models/migrations/runner.js';
import { silentLogger } from '../../../../server/platform/log.js';
import { startTestStore, type TestStore } from '../../../../packages/engine/test/support/store.js';

describe('schema migrations', function () {
  const logger = silentLogger();
  let store: TestStore;
  const connections: Connection[] = [];

  /** A connection of its own, as a second instance of the service has. */
  async function instance(): Promise<Models> {
    const connection = await mongoose.createConnection(store.uri).asPromise();
    connections.push(connection);
    return createModels(connection);
  }

  beforeEach(async () => {
    store = await startTestStore();
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    await store.stop();
  });

  /** A migration that counts its runs in a collection of its own, slowly, to give a rival time to race. */
  function countingMigration(version: number): Migration {
    return {
      version,
      name: `count-${version}`,
      async up(models) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await models.settings.collection.updateOne(
          { _id: `runs-of-${version}` as never },
          { $inc: { value: 1 } },
          { upsert: true },
        );
      },
    };
  }

  it('gives responses stored before they carried their story’s services those services, and records version 1', async () => {
    const models = await instance();
    const storyId = new Types.ObjectId();
    const services = [new Types.ObjectId(), new Types.ObjectId()];
    // The stored shapes of an older careloop, written straight to the collections.
    await models.stories.collection.insertOne({ _id: storyId, services, status: 'published' });
    await models.responses.collection.insertOne({ storyId, services: [], body: 'We are sorry.' });

    const ran = await runMigrations(models, { logger });

    expect(ran.map((migration) => migration.name)).to.deep.equal([
      'responses-carry-story-services',
      'stories-email-key',
    ]);
    const response = await models.responses.collection.findOne({ storyId });
    expect(response?.services.map(String)).to.deep.equal(services.map(String));
    expect(await storedSchemaVersion(models.schemaMigrations.db.db!)).to.equal(migrations.at(-1)!.version);
    const record = await models.schemaMigrations.findById(1).lean();
    expect(record).to.include({ name: 'responses-carry-story-services' });
  });

  it('gives stories told before they carried emailKey their address as compared (migration 2)', async () => {
    const models = await instance();
    const { insertedId } = await models.stories.collection.insertOne({ email: ' Ann@Example.org ' });
    const withoutEmail = await models.stories.collection.insertOne({ title: 'No address given' });
    await runMigrations(models, { logger });
    expect((await models.stories.collection.findOne({ _id: insertedId }))?.emailKey).to.equal(
      'ann@example.org',
    );
    expect(await models.stories.collection.findOne({ _id: withoutEmail.insertedId })).to.not.have.property(
      'emailKey',
    );
  });

  it('runs nothing the second time, and a deployment backfilled before the runner existed is not backfilled again', async () => {
    const models = await instance();
    await runMigrations(models, { logger });
    expect(await runMigrations(models, { logger })).to.deep.equal([]);

    const older = await instance();
    await older.schemaMigrations.deleteMany({});
    await older.settings.create({ _id: 'responses-carry-story-services', value: new Date() });
    const storyId = new Types.ObjectId();
    await older.responses.collection.insertOne({ storyId, services: [] });
    await older.stories.collection.insertOne({ _id: storyId, services: [new Types.ObjectId()] });
    await runMigrations(older, { logger });
    expect((await older.responses.collection.findOne({ storyId }))?.services).to.deep.equal([]);
  });

  it('two instances starting at once run each migration once, and both start only when it is done', async () => {
    const list = [countingMigration(1), countingMigration(2)];
    const [first, second] = [await instance(), await instance()];
    const results = await Promise.all([
      runMigrations(first, { logger, migrations: list, holder: 'first' }),
      runMigrations(second, { logger, migrations: list, holder: 'second' }),
    ]);
    expect(results.map((ran) => ran.length).sort()).to.deep.equal([0, 2]);
    for (const version of [1, 2]) {
      const runs = await first.settings.collection.findOne({ _id: `runs-of-${version}` as never });
      expect(runs?.value, `runs of migration ${version}`).to.equal(1);
    }
    expect(await first.settings.exists({ _id: 'schema-migrations-lock' })).to.equal(null);
  });

  it('an instance that died holding the lock holds up the next start only until its lease runs out', async () => {
    const models = await instance();
    await models.settings.create({
      _id: 'schema-migrations-lock',
      value: { holder: 'dead', until: new Date(Date.now() + 600) },
    });
    const started = Date.now();
    const ran = await runMigrations(models, { logger, migrations: [countingMigration(1)], holder: 'next' });
    expect(ran).to.have.length(1);
    expect(Date.now() - started).to.be.within(500, 5_000);
  });

  it('refuses data at a schema version newer than it knows, naming both versions, and changes nothing', async () => {
    const models = await instance();
    await models.schemaMigrations.create({
      _id: 7,
      name: 'from-the-future',
      appliedAt: new Date(),
      durationMs: 1,
      appliedBy: 'newer',
    });
    const error = await runMigrations(models, { logger, migrations: [countingMigration(1)] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(NewerSchemaError);
    expect((error as Error).message).to.match(/schema version 7.*knows up to version 1/);
    expect(await models.settings.exists({ _id: 'runs-of-1' as never })).to.equal(null);
  });
});
