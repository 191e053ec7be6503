import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, Double, Long, ObjectId, BSONRegExp, deserialize, serialize, type Document } from 'bson';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEngine } from '../src/index.js';
import { Journal } from '../src/storage/journal.js';
import { encodePutRecord, readPutRecord } from '../src/storage/put-record.js';
import { decodeTopLevelFields } from '../src/store/encoded-fields.js';
import { valueKey } from '../src/store/keys.js';
import { Store, type WriteOp } from '../src/store/store.js';
import { toPlain, toTyped } from '../src/numbers/typed-values.js';

const TYPED = { promoteValues: false, promoteBuffers: false, useBigInt64: false } as const;

/** What the store holds for a decoded value: plain numbers, as recovery has always made them. */
function plainOf(bson: Uint8Array): Document {
  return toPlain(toTyped(deserialize(bson, TYPED)));
}

describe('engine: documents read from the snapshot stay encoded until read', function () {
  describe('put records read without decoding', function () {
    const ids: unknown[] = [
      new ObjectId(),
      'story-1',
      'ünïcödé ✓',
      '',
      7,
      -3,
      2.5,
      -0,
      new Double(5),
      Long.fromNumber(6),
      { board: 'a', n: 1 },
      new Date(0),
      true,
      null,
    ];

    for (const id of ids) {
      it(`gives a ${kindOf(id)} _id the key its decoded value has`, function () {
        const doc = { _id: id, title: 'x' };
        const record = Buffer.from(serialize({ op: 'put', db: 'careloop', coll: 'stories', doc }));
        const read = readPutRecord(record);
        // Kinds it does not read (undefined) are decoded whole, as before: never a wrong key.
        if (read === undefined) return;
        expect(read.idKey).to.equal(valueKey(plainOf(read.bson)._id));
        expect([read.db, read.coll]).to.deep.equal(['careloop', 'stories']);
      });
    }

    it('reads the ids drivers write (ObjectId, strings and numbers) without decoding', function () {
      for (const id of [new ObjectId(), 'story-1', 7, 2.5]) {
        const record = Buffer.from(serialize({ op: 'put', db: 'd', coll: 'c', doc: { _id: id } }));
        expect(readPutRecord(record), kindOf(id)).to.not.equal(undefined);
      }
    });

    it('leaves other records to a full decode', function () {
      const create = Buffer.from(serialize({ op: 'create', db: 'd', coll: 'c', options: {} }));
      expect(readPutRecord(create)).to.equal(undefined);
    });

    it('writes a put record around encoded bytes exactly as bson serialises the record', function () {
      const doc = { _id: new ObjectId(), title: 'Ward 7', n: new Double(5) };
      const expected = Buffer.from(serialize({ op: 'put', db: 'bwrdd', coll: 'straeon-ü', doc }));
      expect(encodePutRecord('bwrdd', 'straeon-ü', serialize(doc)).equals(expected)).to.equal(true);
    });
  });

  describe('index builds decode only the indexed fields', function () {
    it('gives each field the value a full decode gives', function () {
      const doc = {
        _id: new ObjectId(),
        title: 'A story',
        count: 3,
        ratio: 0.5,
        whole: new Double(5),
        big: Long.fromNumber(2 ** 40),
        at: new Date(1_700_000_000_000),
        before1970: new Date(-123_456_789),
        negativeZero: -0,
        services: ['ward-7', 'ward-8'],
        moments: [new Date(0), new Date(2 ** 41), 3, null, true, new ObjectId()],
        tags: ['a', 'b', { c: [1, 2] }],
        nested: { deep: { x: 'y' } },
        flag: false,
        nothing: null,
        bytes: new Binary(Buffer.from('abc'), 4),
        pattern: new BSONRegExp('^a', 'i'),
      };
      const bson = serialize(doc);
      const full = plainOf(bson);
      for (const field of Object.keys(doc)) {
        expect(decodeTopLevelFields(bson, new Set([field])), field).to.deep.equal({ [field]: full[field] });
      }
      expect(decodeTopLevelFields(bson, new Set(['tags', 'at', 'missing']))).to.deep.equal({
        at: full.at,
        tags: full.tags,
      });
    });
  });

  describe('a store recovered from a snapshot', function () {
    let dataDir: string;

    beforeEach(async function () {
      dataDir = await mkdtemp(join(tmpdir(), 'careloop-snapshot-documents-'));
    });

    afterEach(async function () {
      await rm(dataDir, { recursive: true, force: true });
    });

    /** A snapshot of 100 stories with a unique and a compound index, recovered into a fresh store. */
    async function recoveredStore(): Promise<Store> {
      const written = new Store();
      const ops: WriteOp[] = [
        { op: 'create', db: 'careloop', coll: 'stories', options: {} },
        {
          op: 'createIndex',
          db: 'careloop',
          coll: 'stories',
          spec: { v: 2, key: { storyId: 1 }, name: 'storyId_1', unique: true },
        },
        {
          op: 'createIndex',
          db: 'careloop',
          coll: 'stories',
          spec: { v: 2, key: { services: 1, createdAt: -1 }, name: 'services_1_createdAt_-1' },
        },
      ];
      for (let n = 0; n < 100; n++) {
        const doc = {
          _id: n,
          storyId: `st-${n}`,
          services: [`ward-${n % 3}`],
          createdAt: new Date(n * 1000),
          body: 'x'.repeat(200),
        };
        ops.push({ op: 'put', db: 'careloop', coll: 'stories', doc });
      }
      for (const op of ops) written.apply(op);
      const first = await Journal.open(dataDir);
      await first.journal.compact(written.snapshotRecords());
      await first.journal.close();

      const { journal, recovered } = await Journal.open(dataDir);
      await journal.close();
      const store = new Store();
      store.recover(recovered.snapshot as WriteOp[]);
      return store;
    }

    it('holds every document encoded after recovery', async function () {
      const stories = (await recoveredStore()).collection('careloop', 'stories')!;
      expect(stories.documents.size).to.equal(100);
      expect(stories.documents.encodedCount()).to.equal(100);
    });

    it('builds an index without keeping the documents it read decoded', async function () {
      const stories = (await recoveredStore()).collection('careloop', 'stories')!;
      const byService = stories.indexes.get('services_1_createdAt_-1')!;
      expect(byService.lookup([['ward-1']]).size).to.equal(33);
      expect(stories.indexes.get('storyId_1')!.lookup([['st-42']])).to.deep.equal(new Set(['n:42']));
      expect(stories.documents.encodedCount()).to.equal(100);
    });

    it('decodes a document when it is read and keeps it decoded', async function () {
      const stories = (await recoveredStore()).collection('careloop', 'stories')!;
      const doc = stories.get(42);
      expect(doc).to.include({ _id: 42, storyId: 'st-42' });
      expect(stories.get(42)).to.equal(doc);
      expect(stories.documents.encodedCount()).to.equal(99);
    });

    it('still refuses a duplicate key of a unique index over encoded documents', async function () {
      const stories = (await recoveredStore()).collection('careloop', 'stories')!;
      expect(() => stories.put({ _id: 1000, storyId: 'st-7' })).to.throw(/duplicate key/);
    });
  });

  describe('through the wire protocol, across restarts', function () {
    this.timeout(30_000);
    let dataDir: string;

    beforeEach(async function () {
      dataDir = await mkdtemp(join(tmpdir(), 'careloop-snapshot-restart-'));
    });

    afterEach(async function () {
      await rm(dataDir, { recursive: true, force: true });
    });

    async function withEngine(work: (db: ReturnType<MongoClient['db']>) => Promise<void>): Promise<void> {
      const engine = await startEngine({ dataDir });
      const client = await MongoClient.connect(`${engine.uri}restarts`);
      try {
        await work(client.db());
      } finally {
        await client.close();
        await engine.stop();
      }
    }

    it('answers finds, updates, deletes, a rename and a second compaction from encoded documents', async function () {
      await withEngine(async (db) => {
        const stories = db.collection<{ _id: number } & Document>('stories');
        await stories.createIndex({ ward: 1, n: -1 });
        await stories.insertMany(
          Array.from({ length: 30 }, (_, n) => ({ _id: n, ward: `w${n % 3}`, n, score: new Double(n) })),
        );
        await db.command({ compact: 'stories' });
      });
      await withEngine(async (db) => {
        const stories = db.collection<{ _id: number } & Document>('stories');
        const page = await stories.find({ ward: 'w1' }).sort({ n: -1 }).limit(2).toArray();
        expect(page.map((doc) => doc._id)).to.deep.equal([28, 25]);
        await stories.updateOne({ _id: 4 }, { $set: { ward: 'w0' } });
        await stories.deleteOne({ _id: 7 });
        expect(await stories.countDocuments({ ward: 'w1' })).to.equal(8);
        await db.command({ compact: 'stories' });
      });
      await withEngine(async (db) => {
        await db.collection('stories').rename('told');
        const told = db.collection<{ _id: number } & Document>('told');
        const all = await told.find({}, { promoteValues: false }).sort({ _id: 1 }).toArray();
        expect(all.length).to.equal(29);
        expect(all.find((doc) => doc._id.valueOf() === 4)!.ward).to.equal('w0');
        expect(
          all.filter((doc) => doc.score?._bsontype !== 'Double').map((d) => [d._id, d.score]),
        ).to.deep.equal([]);
        expect(await told.countDocuments({ ward: 'w1' })).to.equal(8);
      });
    });

    it('fails the command that reads a document whose checked bytes are not BSON, and answers no other', async function () {
      // Only a bug could write such a record (its checksum is good): a string whose length runs past
      // the document's end, after a readable _id.
      const broken = Buffer.from(serialize({ _id: 2, title: 'abc' }));
      broken.writeInt32LE(1_000, broken.indexOf('title') + 6);
      const { journal } = await Journal.open(dataDir);
      await journal.compact([
        { op: 'create', db: 'restarts', coll: 'stories', options: {} },
        { op: 'put', db: 'restarts', coll: 'stories', doc: { _id: 1, title: 'fine' } },
        { op: 'putEncoded', db: 'restarts', coll: 'stories', idKey: 'n:2', bson: broken },
      ]);
      await journal.close();
      await withEngine(async (db) => {
        const stories = db.collection<{ _id: number; title: string }>('stories');
        expect(await stories.findOne({ _id: 1 })).to.deep.equal({ _id: 1, title: 'fine' });
        let failure: unknown;
        await stories.findOne({ _id: 2 }).catch((error: unknown) => (failure = error));
        expect(String(failure)).to.match(/stored document with _id key n:2 is corrupt/);
        failure = undefined;
        await stories
          .find({ title: 'fine' })
          .toArray()
          .catch((error: unknown) => (failure = error));
        expect(String(failure)).to.match(/is corrupt/);
        // A unique index is built at once, from the documents' fields read from their bytes: it fails too.
        failure = undefined;
        await stories
          .createIndex({ title: 1 }, { unique: true })
          .catch((error: unknown) => (failure = error));
        expect(String(failure)).to.match(/stored document with _id key n:2 is corrupt/);
      });
    });

    it('refuses to start when a byte of a document in the snapshot is damaged', async function () {
      await withEngine(async (db) => {
        await db
          .collection<{ _id: number; body: string }>('stories')
          .insertOne({ _id: 1, body: 'a story told in full '.repeat(20) });
        await db.command({ compact: 'stories' });
      });
      const path = join(dataDir, 'snapshot.bson');
      const bytes = await readFile(path);
      const at = bytes.indexOf('told in full');
      bytes[at] = bytes[at]! ^ 0xff;
      await writeFile(path, bytes);
      let failure: unknown;
      await startEngine({ dataDir }).then(
        (engine) => engine.stop(),
        (error: unknown) => (failure = error),
      );
      expect(String(failure)).to.match(
        /snapshot .* is corrupt at byte \d+: the record checksum does not match/,
      );
    });
  });
});

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  const bsonType = (value as { _bsontype?: string })._bsontype;
  return bsonType ?? (value instanceof Date ? 'Date' : `${typeof value} ${JSON.stringify(value)}`);
}
