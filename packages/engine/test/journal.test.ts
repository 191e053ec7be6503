import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile, appendFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Binary, Decimal128, Long, ObjectId, deserialize, type Document } from 'bson';
import { expect } from 'chai';
import { LOCK_FILE } from '../src/storage/data-dir-lock.js';
import { Journal } from '../src/storage/journal.js';
import { Store } from '../src/store/store.js';
import { fixtureNodeOptions } from './support/built/index.js';
import { journalWriterRecord } from './fixtures/journal-writer.js';

describe('engine journal', function () {
  let root: string;
  let dataDir: string;
  let open: Journal[];

  beforeEach(async function () {
    root = await mkdtemp(join(tmpdir(), 'careloop-journal-'));
    dataDir = join(root, 'data');
    open = [];
  });

  afterEach(async function () {
    for (const journal of open) await journal.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  async function openJournal(directory = dataDir) {
    const opened = await Journal.open(directory);
    open.push(opened.journal);
    return opened;
  }

  /** Opens, reads back everything recovered and closes again. */
  async function recover(directory = dataDir) {
    const { journal, recovered } = await Journal.open(directory);
    await journal.close();
    return recovered;
  }

  async function appendAll(journal: Journal, records: Document[]) {
    for (const record of records) await journal.append(record);
  }

  describe('appending and reopening', function () {
    it('gives back every appended record, in order, after close and reopen', async function () {
      const { journal, recovered } = await openJournal();
      expect(recovered).to.deep.equal({ snapshot: [], journal: [] });
      await appendAll(journal, [{ n: 1 }, { n: 2 }, { n: 3 }]);
      await journal.close();

      expect(await recover()).to.deep.equal({ snapshot: [], journal: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    });

    it('keeps appending after a reopen, after the records already there', async function () {
      const first = await openJournal();
      await first.journal.append({ n: 1 });
      await first.journal.close();
      const second = await openJournal();
      await second.journal.append({ n: 2 });
      await second.journal.close();

      expect((await recover()).journal).to.deep.equal([{ n: 1 }, { n: 2 }]);
    });

    it('brings BSON values back with their exact types', async function () {
      const record = {
        _id: new ObjectId(),
        at: new Date('2024-05-01T12:34:56.789Z'),
        price: Decimal128.fromString('12.50'),
        smallLong: Long.fromNumber(7),
        bigLong: Long.fromString('9007199254740993'),
        blob: new Binary(Buffer.from([0, 1, 2, 255]), Binary.SUBTYPE_USER_DEFINED),
        nested: [1, [2, { deep: ['three', null, true] }], { when: new Date(0) }],
        int: 42,
        double: 1.5,
        text: 'héllo',
      };
      const { journal } = await openJournal();
      await journal.append(record);
      await journal.close();

      const [back] = (await recover()).journal;
      expect(back).to.deep.equal(record);
      expect(back!.smallLong).to.be.instanceOf(Long);
      expect(back!.blob).to.be.instanceOf(Binary);
      expect((back!.blob as Binary).sub_type).to.equal(Binary.SUBTYPE_USER_DEFINED);
      expect(back!.price).to.be.instanceOf(Decimal128);
      expect(back!._id).to.be.instanceOf(ObjectId);
    });

    it('keeps a record far larger than one BSON document may be (a big insert batch)', async function () {
      const documents = Array.from({ length: 400 }, (_, index) => ({ index, body: 'x'.repeat(50_000) }));
      const attachments = Array.from(
        { length: 30 },
        (_, index) => new Binary(Buffer.alloc(1_000_000, index)),
      );
      const { journal } = await openJournal();
      // One long string first: bson would cut it short silently rather than throw.
      await journal.append({ text: 'y'.repeat(20 * 1024 * 1024) });
      await journal.append({ insert: 'stories', documents });
      await journal.append({ insert: 'attachments', attachments });
      await journal.close();

      const [text, stories, files] = (await recover()).journal;
      expect(text!.text).to.have.length(20 * 1024 * 1024);
      expect(stories!.documents).to.have.length(400);
      expect(stories!.documents[399]).to.deep.equal(documents[399]);
      expect(files!.attachments).to.deep.equal(attachments);
    });

    it('writes concurrent appends in call order and acknowledges them all', async function () {
      const { journal } = await openJournal();
      const records = Array.from({ length: 300 }, (_, n) => ({ n }));
      await Promise.all(records.map((record) => journal.append(record)));
      await journal.close();

      expect((await recover()).journal).to.deep.equal(records);
    });

    it('waits for pending appends on close', async function () {
      const { journal } = await openJournal();
      const appended = [journal.append({ n: 1 }), journal.append({ n: 2 })];
      await journal.close();
      await Promise.all(appended);

      expect((await recover()).journal).to.deep.equal([{ n: 1 }, { n: 2 }]);
    });

    it('refuses appends after close', async function () {
      const { journal } = await openJournal();
      await journal.close();

      await expectRejection(journal.append({ n: 1 }), /closed/);
    });

    it('rejects an append whose write fails, and every append after it', async function () {
      const { journal } = await openJournal();
      await journal.append({ n: 1 });
      // Pull the file out from under the journal, as a failing disk would.
      await (journal as unknown as { active: { file: FileHandle } }).active.file.close();

      await expectRejection(journal.append({ n: 2 }), /EBADF|closed/);
      await expectRejection(journal.append({ n: 3 }), /refuses writes after a failure/);
    });

    it('counts journal bytes as records are appended', async function () {
      const { journal } = await openJournal();
      expect(journal.journalBytes).to.equal(0);
      await journal.append({ text: 'x'.repeat(1000) });
      expect(journal.journalBytes).to.be.greaterThan(1000);
      await journal.close();

      const reopened = await openJournal();
      expect(reopened.journal.journalBytes).to.equal(journal.journalBytes);
    });
  });

  describe('torn writes and corruption', function () {
    it('drops a record cut short by a crash, and appends after reopen are readable', async function () {
      const { journal } = await openJournal();
      await appendAll(journal, [{ n: 1 }, { n: 2, text: 'long enough to be cut in half' }]);
      await journal.close();
      const journalFile = join(dataDir, 'journal-1.log');
      await truncate(journalFile, (await stat(journalFile)).size - 20);

      const reopened = await openJournal();
      expect(reopened.recovered.journal).to.deep.equal([{ n: 1 }]);
      await reopened.journal.append({ n: 3 });
      await reopened.journal.close();

      expect((await recover()).journal).to.deep.equal([{ n: 1 }, { n: 3 }]);
    });

    it('drops garbage left at the end of the journal', async function () {
      const { journal } = await openJournal();
      await appendAll(journal, [{ n: 1 }, { n: 2 }]);
      await journal.close();
      await appendFile(
        join(dataDir, 'journal-1.log'),
        Buffer.from('\x2a\x00\x00\x00garbage that is not a record'),
      );

      const reopened = await openJournal();
      expect(reopened.recovered.journal).to.deep.equal([{ n: 1 }, { n: 2 }]);
      await reopened.journal.append({ n: 3 });
      await reopened.journal.close();

      expect((await recover()).journal).to.deep.equal([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    it('refuses to start, naming the file and byte, when a damaged record has good ones after it', async function () {
      const { journal } = await openJournal();
      await appendAll(journal, [{ n: 1 }, { text: 'the record that will be damaged' }, { n: 3 }]);
      await journal.close();
      const journalFile = join(dataDir, 'journal-1.log');
      const bytes = await readFile(journalFile);
      const damagedAt = bytes.indexOf('will be damaged');
      bytes[damagedAt] = 'W'.charCodeAt(0);
      await writeFile(journalFile, bytes);

      await expectRejection(Journal.open(dataDir), /journal-1\.log is corrupt at byte \d+.*not a torn write/);
      expect(await readFile(journalFile)).to.deep.equal(bytes, 'the damaged file is left as it was');
    });

    it('treats damage inside the last batch as a torn write, even with good records of that batch after it', async function () {
      // A crash can persist the pages of an unfinished write in any order, so the end of the last
      // group-commit batch may be on disk while its middle is not.
      const { journal } = await openJournal();
      await journal.append({ n: 1 });
      await Promise.all([
        journal.append({ n: 2 }),
        journal.append({ text: 'lost page' }),
        journal.append({ n: 4 }),
      ]);
      await journal.close();
      const journalFile = join(dataDir, 'journal-1.log');
      const bytes = await readFile(journalFile);
      bytes.fill(0, bytes.indexOf('lost page'), bytes.indexOf('lost page') + 9);
      await writeFile(journalFile, bytes);

      expect((await recover()).journal).to.deep.equal([{ n: 1 }, { n: 2 }]);
    });

    it('refuses to start when the snapshot is damaged', async function () {
      const { journal } = await openJournal();
      await journal.compact([{ story: 'kept in the snapshot' }]);
      await journal.close();
      const snapshotFile = join(dataDir, 'snapshot.bson');
      const bytes = await readFile(snapshotFile);
      bytes[bytes.indexOf('kept')] = 'K'.charCodeAt(0);
      await writeFile(snapshotFile, bytes);

      await expectRejection(Journal.open(dataDir), /snapshot\.bson is corrupt at byte \d+/);
    });

    it('refuses to start when a journal between the snapshot and the newest journal is missing', async function () {
      const { journal } = await openJournal();
      await journal.append({ n: 1 });
      await journal.close();
      await cp(join(dataDir, 'journal-1.log'), join(dataDir, 'journal-3.log'));

      await expectRejection(Journal.open(dataDir), /journal-2\.log is missing/);
    });
  });

  describe('compaction', function () {
    it('recovers the snapshot and then the appends made after it', async function () {
      const { journal } = await openJournal();
      await appendAll(journal, [{ n: 1 }, { n: 2 }]);
      await journal.compact([{ doc: 'a' }, { doc: 'b' }]);
      await journal.append({ n: 3 });
      await journal.close();

      expect(await recover()).to.deep.equal({ snapshot: [{ doc: 'a' }, { doc: 'b' }], journal: [{ n: 3 }] });
      expect(await readdir(dataDir)).to.have.members(['snapshot.bson', 'journal-2.log']);
    });

    it('snapshots the store as it was when compact was called, while the store goes on changing', async function () {
      const store = new Store();
      store.apply({ op: 'create', db: 'careloop', coll: 'stories', options: {} });
      store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 1, title: 'before' } });
      const { journal } = await openJournal();
      const compacted = journal.compact(store.snapshotRecords());
      store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 1, title: 'after' } });
      store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 2, title: 'added later' } });
      await compacted;
      await journal.close();

      // Documents come back still encoded, as the store keeps them until a command reads them.
      const stored = (await recover()).snapshot.filter((record) => record.op === 'putEncoded');
      expect(stored.map((record) => deserialize(record.bson as Uint8Array))).to.deep.equal([
        { _id: 1, title: 'before' },
      ]);
      expect(stored.map((record) => record.idKey)).to.deep.equal(['n:1']);
    });

    it('places appends made during a compaction after the snapshot', async function () {
      const { journal } = await openJournal();
      await journal.append({ n: 1 });
      const before = journal.append({ n: 2 });
      const compacted = journal.compact([{ n: 1 }, { n: 2 }]);
      const during = journal.append({ n: 3 });
      await Promise.all([before, compacted, during]);
      await journal.close();

      expect(await recover()).to.deep.equal({ snapshot: [{ n: 1 }, { n: 2 }], journal: [{ n: 3 }] });
    });

    it('holds a snapshot of 100k documents', async function () {
      this.timeout(60_000);
      const state = Array.from({ length: 100_000 }, (_, index) => ({ _id: new ObjectId(), index }));
      const { journal } = await openJournal();
      await journal.compact(state);
      expect(journal.snapshotBytes).to.be.greaterThan(100_000 * 30);
      expect(journal.journalBytes).to.equal(0);
      await journal.close();

      const { snapshot } = await recover();
      expect(snapshot).to.have.length(100_000);
      expect(snapshot[99_999]).to.deep.equal(state[99_999]);
    });

    it('keeps the previous state and keeps accepting appends when a compaction fails', async function () {
      const { journal } = await openJournal();
      await journal.append({ n: 1 });
      function* failingState() {
        yield { doc: 'a' };
        throw new Error('state went away');
      }
      await expectRejection(journal.compact(failingState()), /state went away/);
      await journal.append({ n: 2 });
      await journal.close();

      expect(await recover()).to.deep.equal({ snapshot: [], journal: [{ n: 1 }, { n: 2 }] });
      // Appends had moved on to the next generation when the compaction started; the old snapshot (none)
      // is followed by both journals until a later compaction succeeds.
      expect(await readdir(dataDir)).to.have.members(['journal-1.log', 'journal-2.log']);
    });

    it('lets other work run while a large snapshot is written', async function () {
      this.timeout(60_000);
      const state = Array.from({ length: 100_000 }, (_, index) => ({ _id: new ObjectId(), index }));
      const { journal } = await openJournal();
      let turns = 0;
      let done = false;
      const ticker = (async () => {
        while (!done) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          turns += 1;
        }
      })();
      await journal.compact(state);
      done = true;
      await ticker;
      await journal.close();
      // Written all at once (as before), the event loop would not have turned until it was done.
      expect(turns).to.be.greaterThan(5);
    });

    it('survives several compactions in a row, each recovering the latest', async function () {
      const { journal } = await openJournal();
      const compactions = [1, 2, 3].map((round) => journal.compact([{ round }]));
      await journal.append({ after: 3 });
      await Promise.all(compactions);
      await journal.close();

      expect(await recover()).to.deep.equal({ snapshot: [{ round: 3 }], journal: [{ after: 3 }] });
    });

    describe('a crash part-way through', function () {
      /**
       * Runs: append a1, a2; compact to [s]; append b1; close — keeping a copy of the directory as it
       * was before the compaction, so a test can rebuild the directory a crash at any step would leave.
       */
      async function compactionRun() {
        const before = join(root, 'before');
        const { journal } = await openJournal();
        await appendAll(journal, [{ a: 1 }, { a: 2 }]);
        await journal.close();
        await cp(dataDir, before, { recursive: true });
        const reopened = await openJournal();
        await reopened.journal.compact([{ s: 1 }]);
        await reopened.journal.append({ b: 1 });
        await reopened.journal.close();
        return { before, after: dataDir };
      }

      async function directoryFrom(files: Record<string, string | Buffer>) {
        const crashed = join(root, 'crashed');
        await rm(crashed, { recursive: true, force: true });
        await cp(join(root, 'before'), crashed, { recursive: true });
        await rm(join(crashed, LOCK_FILE), { force: true });
        for (const [name, source] of Object.entries(files)) {
          await writeFile(join(crashed, name), typeof source === 'string' ? await readFile(source) : source);
        }
        return crashed;
      }

      it('recovers the old state when the crash comes while the new snapshot is being written', async function () {
        const { after } = await compactionRun();
        const snapshot = await readFile(join(after, 'snapshot.bson'));
        const crashed = await directoryFrom({
          'snapshot-2.tmp': snapshot.subarray(0, snapshot.length - 10),
          'journal-2.log': join(after, 'journal-2.log'),
        });

        expect(await recover(crashed)).to.deep.equal({
          snapshot: [],
          journal: [{ a: 1 }, { a: 2 }, { b: 1 }],
        });
        expect(await readdir(crashed)).to.not.include('snapshot-2.tmp');
      });

      it('recovers the old state when the crash comes just after the new journal was created', async function () {
        const { after } = await compactionRun();
        const emptyJournal = (await readFile(join(after, 'journal-2.log'))).subarray(0, 16);
        const crashed = await directoryFrom({ 'journal-2.log': emptyJournal });

        expect(await recover(crashed)).to.deep.equal({ snapshot: [], journal: [{ a: 1 }, { a: 2 }] });
      });

      it('recovers, and keeps appending, when the crash came while the new journal was being created', async function () {
        await compactionRun();
        const crashed = await directoryFrom({ 'journal-2.log': Buffer.from('CLJO') });
        const { journal, recovered } = await openJournal(crashed);
        expect(recovered).to.deep.equal({ snapshot: [], journal: [{ a: 1 }, { a: 2 }] });
        await journal.append({ c: 1 });
        await journal.close();

        expect((await recover(crashed)).journal).to.deep.equal([{ a: 1 }, { a: 2 }, { c: 1 }]);
      });

      it('recovers the new state when the crash comes after the rename, before the old journal is deleted', async function () {
        const { after } = await compactionRun();
        const crashed = await directoryFrom({
          'snapshot.bson': join(after, 'snapshot.bson'),
          'journal-2.log': join(after, 'journal-2.log'),
        });

        expect(await recover(crashed)).to.deep.equal({ snapshot: [{ s: 1 }], journal: [{ b: 1 }] });
        expect(await readdir(crashed)).to.have.members(['snapshot.bson', 'journal-2.log']);
      });

      it('recovers the new state when the crash comes after the rename, before the new journal exists', async function () {
        const { after } = await compactionRun();
        const crashed = await directoryFrom({ 'snapshot.bson': join(after, 'snapshot.bson') });

        expect(await recover(crashed)).to.deep.equal({ snapshot: [{ s: 1 }], journal: [] });
      });
    });
  });

  describe('owning the data directory', function () {
    it('refuses a second open of a directory in use, naming the pid that holds it', async function () {
      await openJournal();

      await expectRejection(Journal.open(dataDir), new RegExp(`in use by pid ${process.pid}\\b`));
    });

    it('takes over a lock left by a process that died', async function () {
      const dead = spawnSync(process.execPath, ['-e', '']);
      await openJournal();
      await open.pop()!.close();
      await writeFile(join(dataDir, LOCK_FILE), `${dead.pid}\n`);

      const { journal } = await openJournal();
      expect((await readFile(join(dataDir, LOCK_FILE), 'utf8')).trim()).to.equal(String(process.pid));
      await journal.close();
      expect(await readdir(dataDir)).to.not.include(LOCK_FILE);
    });

    it('takes over a lock holding its own pid that it does not hold (a restarted container reusing the pid)', async function () {
      await openJournal();
      await open.pop()!.close();
      await writeFile(join(dataDir, LOCK_FILE), `${process.pid}\n`);

      const { journal } = await openJournal();
      await journal.append({ n: 1 });
    });

    it('lets the directory be opened again once the owner has closed it', async function () {
      const first = await openJournal();
      await first.journal.close();

      const second = await openJournal();
      await second.journal.append({ n: 1 });
    });
  });

  describe('a writer killed with SIGKILL', function () {
    const writerScript = fileURLToPath(new URL('./fixtures/journal-writer.ts', import.meta.url));

    function startWriter(directory: string) {
      const child = spawn(process.execPath, [...fixtureNodeOptions, writerScript, directory], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged: number[] = [];
      const lines = createInterface({ input: child.stdout });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const waitForAcks = (count: number) =>
        new Promise<void>((resolve, reject) => {
          lines.on('line', (line) => {
            acknowledged.push(Number(line));
            if (acknowledged.length === count) resolve();
          });
          child.on('exit', (code) => reject(new Error(`writer exited early with code ${code}`)));
        });
      return { child, acknowledged, exited, waitForAcks };
    }

    it('has kept every acknowledged record, in order, and nothing half-written', async function () {
      this.timeout(60_000);
      const writer = startWriter(dataDir);
      await writer.waitForAcks(1500);
      writer.child.kill('SIGKILL');
      await writer.exited;
      const acknowledged = writer.acknowledged.slice();

      const { snapshot, journal } = await recover();
      const records = [...snapshot, ...journal];
      const seqs = records.map((record) => record.seq as number);
      expect(seqs).to.deep.equal(
        seqs.map((_, index) => index),
        'records are 0, 1, 2, ... with no gaps',
      );
      expect(acknowledged).to.deep.equal(
        acknowledged.map((_, index) => index),
        'acknowledged in order',
      );
      expect(records.length).to.be.at.least(acknowledged.length);
      for (const record of records) expect(record).to.deep.equal(journalWriterRecord(record.seq as number));
    });

    it('refuses to open the directory while the writer runs, naming its pid', async function () {
      this.timeout(60_000);
      const writer = startWriter(dataDir);
      await writer.waitForAcks(1);
      try {
        await expectRejection(Journal.open(dataDir), new RegExp(`in use by pid ${writer.child.pid}\\b`));
      } finally {
        writer.child.kill('SIGKILL');
        await writer.exited;
      }
    });
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'expected a rejection').to.be.instanceOf(Error);
  expect((outcome as Error).message).to.match(message);
}
