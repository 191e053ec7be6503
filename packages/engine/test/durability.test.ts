import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { MongoClient, type Db } from 'mongodb';
import { startEngine } from '../src/index.js';
import { fixtureNodeOptions } from './support/built/index.js';
import { checksumOf } from './fixtures/conformance-checksum.js';
import { errorOf, serverErrorOf, type AnyIdDocument } from './fixtures/conformance-store.js';

const crashWriter = fileURLToPath(new URL('./fixtures/conformance-crash-writer.ts', import.meta.url));

/** Starts an engine on dataDir, hands a connected database to use(), then closes both. */
async function withEngine<T>(dataDir: string, use: (db: Db) => Promise<T>, dbName = 'durable'): Promise<T> {
  const engine = await startEngine({ dataDir });
  const client = await MongoClient.connect(`${engine.uri}${dbName}`);
  try {
    return await use(client.db());
  } finally {
    await client.close();
    await engine.stop();
  }
}

// The data directory is the engine's own, so these run on the embedded engine even when MONGODB_URI is set.
describe('engine: durability', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-durability-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps documents across a stop and start', async function () {
    await withEngine(dataDir, async (db) => {
      await db.collection<AnyIdDocument>('stories').insertMany([
        { _id: 1, title: 'kept', at: new Date('2024-01-01T00:00:00Z') },
        { _id: 2, title: 'changed' },
        { _id: 3, title: 'deleted' },
      ]);
      await db.collection<AnyIdDocument>('stories').updateOne({ _id: 2 }, { $set: { title: 'updated' } });
      await db.collection<AnyIdDocument>('stories').deleteOne({ _id: 3 });
    });
    const found = await withEngine(dataDir, (db) =>
      db.collection<AnyIdDocument>('stories').find().sort({ _id: 1 }).toArray(),
    );
    expect(found).to.deep.equal([
      { _id: 1, title: 'kept', at: new Date('2024-01-01T00:00:00Z') },
      { _id: 2, title: 'updated' },
    ]);
  });

  it('keeps indexes across a restart and still enforces unique ones', async function () {
    await withEngine(dataDir, async (db) => {
      await db.collection('authors').createIndex({ nickname: 1 }, { unique: true });
      await db.collection('authors').createIndex({ board: 1, at: -1 });
      await db.collection('authors').insertOne({ nickname: 'jo' });
    });
    await withEngine(dataDir, async (db) => {
      const names = (await db.collection('authors').listIndexes().toArray())
        .map((index) => index.name)
        .sort();
      expect(names).to.deep.equal(['_id_', 'board_1_at_-1', 'nickname_1']);
      const error = await serverErrorOf(db.collection('authors').insertOne({ nickname: 'jo' }));
      expect(error.code).to.equal(11000);
    });
  });

  it('after a restart, sorted pages read through the rebuilt indexes in the same order, changes included', async function () {
    const page = (db: Db) =>
      db.collection<AnyIdDocument>('stories').find({ board: 'b' }).sort({ at: -1 }).limit(3);
    const before = await withEngine(dataDir, async (db) => {
      const stories = db.collection<AnyIdDocument>('stories');
      await stories.createIndex({ board: 1, at: -1 });
      await stories.createIndex({ at: 1 });
      // Inserted out of order, then changed after the indexes were built: recovery replays all of it.
      await stories.insertMany(
        [5, 1, 9, 3, 7, 2, 8].map((day) => ({
          _id: day,
          board: day % 2 ? 'b' : 'c',
          at: new Date(2024, 0, day),
        })),
      );
      await stories.updateOne({ _id: 2 }, { $set: { board: 'b' } });
      await stories.updateOne({ _id: 1 }, { $set: { at: new Date(2024, 0, 30) } });
      await stories.deleteOne({ _id: 9 });
      return page(db).toArray();
    });
    expect(before.map((story) => story._id)).to.deep.equal([1, 7, 5]);
    await withEngine(dataDir, async (db) => {
      expect(await page(db).toArray()).to.deep.equal(before);
      const oldest = await db.collection<AnyIdDocument>('stories').find().sort({ at: 1 }).limit(2).toArray();
      expect(oldest.map((story) => story._id)).to.deep.equal([2, 3]);
      const plan = await page(db).explain('executionStats');
      expect(plan.executionStats).to.include({ nReturned: 3, totalDocsExamined: 3 });
    });
  });

  it('a dropped collection stays dropped after a restart', async function () {
    await withEngine(dataDir, async (db) => {
      await db.collection('gone').insertOne({ a: 1 });
      await db.collection('gone').createIndex({ a: 1 }, { unique: true });
      await db.collection('kept').insertOne({ b: 1 });
      await db.collection('gone').drop();
    });
    await withEngine(dataDir, async (db) => {
      const names = (await db.listCollections().toArray()).map((c) => c.name);
      expect(names).to.deep.equal(['kept']);
      expect(await db.collection('gone').countDocuments()).to.equal(0);
      await db.collection('gone').insertOne({ a: 1 });
      await db.collection('gone').insertOne({ a: 1 });
    });
  });

  it('a second engine on the same data directory fails with a clear error while the first runs', async function () {
    const first = await startEngine({ dataDir });
    try {
      const error = await errorOf(startEngine({ dataDir }), Error);
      expect(error.message).to.match(/lock|in use|already/i);
      const client = await MongoClient.connect(`${first.uri}durable`);
      try {
        await client.db().collection('still').insertOne({ ok: true });
        expect(await client.db().collection('still').countDocuments()).to.equal(1);
      } finally {
        await client.close();
      }
    } finally {
      await first.stop();
    }
    await withEngine(dataDir, async (db) => {
      expect(await db.collection('still').countDocuments()).to.equal(1);
    });
  });

  it('after a SIGKILL every acknowledged write is present, whole, and the engine accepts writes', async function () {
    const { inserted, versions, stderr } = await runCrashWriterUntil(dataDir, 300);
    expect(inserted.length, stderr).to.be.at.least(300);
    await withEngine(
      dataDir,
      async (db) => {
        const writes = db.collection<{ _id: number; payload: string; checksum: string; version: number }>(
          'writes',
        );
        const stored = await writes.find().sort({ _id: 1 }).toArray();
        const storedIds = new Set(stored.map((doc) => doc._id));
        const missing = inserted.filter((id) => !storedIds.has(id));
        expect(missing, 'acknowledged inserts missing after the crash').to.deep.equal([]);
        const corrupt = stored.filter(
          (doc) => typeof doc.payload !== 'string' || checksumOf(doc.payload) !== doc.checksum,
        );
        expect(
          corrupt.map((doc) => doc._id),
          'documents whose payload does not match its checksum',
        ).to.deep.equal([]);
        const staleUpdates = [...versions].filter(
          ([id, version]) => (stored.find((doc) => doc._id === id)?.version ?? -1) < version,
        );
        expect(staleUpdates, 'acknowledged updates lost after the crash').to.deep.equal([]);
        await writes.insertOne({ _id: -1, payload: 'after', checksum: checksumOf('after'), version: 0 });
        expect(await writes.findOne({ _id: -1 })).to.deep.include({ payload: 'after' });
      },
      'crash',
    );
    const afterRestart = await withEngine(
      dataDir,
      (db) => db.collection<AnyIdDocument>('writes').countDocuments({ _id: -1 }),
      'crash',
    );
    expect(afterRestart).to.equal(1);
  });
});

/** Runs the crash writer on dataDir until it has acknowledged `inserts` inserts, then kills it with SIGKILL. */
function runCrashWriterUntil(
  dataDir: string,
  inserts: number,
): Promise<{ inserted: number[]; versions: Map<number, number>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...fixtureNodeOptions, crashWriter, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const inserted: number[] = [];
    const versions = new Map<number, number>();
    let stdoutTail = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash writer acknowledged only ${inserted.length} inserts in 45 s\n${stderr}`));
    }, 45_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (stdoutTail + chunk).split('\n');
      stdoutTail = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id, version] = line.split(' ');
        if (kind === 'inserted') inserted.push(Number(id));
        if (kind === 'updated') versions.set(Number(id), Number(version));
      }
      if (!killed && inserted.length >= inserts) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killed) resolve({ inserted, versions, stderr });
      else reject(new Error(`crash writer exited early (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
}
