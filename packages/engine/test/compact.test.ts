import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { startEngine } from '../src/index.js';
import type { RunningEngine } from '../src/options.js';

/** Every file of the data directory that holds `text`, by name. */
async function filesHolding(dataDir: string, text: string): Promise<string[]> {
  const names = await readdir(dataDir);
  const holding: string[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0));
    if (bytes.includes(text)) holding.push(name);
  }
  return holding;
}

// The data directory is the engine's own, so these run on the embedded engine even when MONGODB_URI is set.
describe('engine: the compact command', function () {
  this.timeout(30_000);
  let dataDir: string;
  let engine: RunningEngine;
  let client: MongoClient;
  let db: Db;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-compact-'));
    engine = await startEngine({ dataDir });
    client = await MongoClient.connect(`${engine.uri}compacted`);
    db = client.db();
  });

  afterEach(async function () {
    await client.close();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves no byte of a deleted or overwritten document in the data files', async function () {
    const stories = db.collection<{ _id: number; title: string; email?: string }>('stories');
    await stories.createIndex({ email: 1 });
    await stories.insertMany([
      { _id: 1, title: 'kept story', email: 'kept@example.org' },
      { _id: 2, title: 'a distinctive erased phrase', email: 'erased.author@example.org' },
      { _id: 3, title: 'overwritten text of the third', email: 'third@example.org' },
    ]);
    await stories.deleteOne({ _id: 2 });
    await stories.updateOne({ _id: 3 }, { $set: { title: 'blank' }, $unset: { email: 1 } });
    expect(await filesHolding(dataDir, 'erased.author@example.org')).to.have.length.greaterThan(0);
    expect(await filesHolding(dataDir, 'overwritten text of the third')).to.have.length.greaterThan(0);

    const answer = await db.command({ compact: 'stories' });

    expect(answer.ok).to.equal(1);
    expect(answer.bytesFreed).to.be.a('number').greaterThan(0);
    for (const gone of ['erased.author@example.org', 'a distinctive erased phrase', 'third@example.org'])
      expect(await filesHolding(dataDir, gone), gone).to.deep.equal([]);
    expect(await filesHolding(dataDir, 'kept@example.org')).to.have.length.greaterThan(0);
  });

  it('keeps every document and index across a restart after compacting', async function () {
    const stories = db.collection<{ _id: number; email: string }>('stories');
    await stories.createIndex({ email: 1 }, { unique: true });
    await stories.insertMany([
      { _id: 1, email: 'a@example.org' },
      { _id: 2, email: 'b@example.org' },
    ]);
    await db.command({ compact: 'stories' });
    await stories.insertOne({ _id: 3, email: 'c@example.org' });
    await client.close();
    await engine.stop();

    engine = await startEngine({ dataDir });
    client = await MongoClient.connect(`${engine.uri}compacted`);
    db = client.db();
    const again = db.collection<{ _id: number; email: string }>('stories');
    expect(await again.find().sort({ _id: 1 }).toArray()).to.deep.equal([
      { _id: 1, email: 'a@example.org' },
      { _id: 2, email: 'b@example.org' },
      { _id: 3, email: 'c@example.org' },
    ]);
    const refused = await again
      .insertOne({ _id: 4, email: 'a@example.org' })
      .catch((error: unknown) => error);
    expect((refused as MongoServerError).code).to.equal(11000);
  });

  it('frees nothing when nothing was written since the last compaction', async function () {
    await db.collection('stories').insertOne({ _id: 1 } as never);
    await db.command({ compact: 'stories' });
    expect((await db.command({ compact: 'stories' })).bytesFreed).to.equal(0);
  });

  it('answers concurrent requests each after a compaction that covers their writes', async function () {
    const stories = db.collection<{ _id: number; text: string }>('stories');
    await stories.insertOne({ _id: 1, text: 'first secret' });
    const first = db.command({ compact: 'stories' });
    await stories.deleteOne({ _id: 1 });
    await stories.insertOne({ _id: 2, text: 'second secret' });
    await stories.deleteOne({ _id: 2 });
    const second = db.command({ compact: 'stories' });
    await Promise.all([first, second]);
    expect(await filesHolding(dataDir, 'first secret')).to.deep.equal([]);
    expect(await filesHolding(dataDir, 'second secret')).to.deep.equal([]);
  });

  it('refuses a collection that does not exist, as MongoDB does', async function () {
    const refused = await db.command({ compact: 'nothing-here' }).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(MongoServerError);
    expect((refused as MongoServerError).codeName).to.equal('NamespaceNotFound');
  });
});
