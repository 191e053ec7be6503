import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Double, Long, MongoClient } from 'mongodb';
import { startEngine, type RunningEngine } from '@careloop/engine';
import { runCli } from '../../support/cli.js';

/** The archive's lines, unzipped, for a test to damage one and zip it again. */
async function archiveLines(file: string): Promise<string[]> {
  return gunzipSync(await readFile(file))
    .toString('utf8')
    .split('\n');
}

describe('npm run careloop -- backup / restore', function () {
  this.timeout(60_000);
  let directory: string;
  let source: string;
  let engine: RunningEngine;
  let archive: string;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-backup-cli-'));
    source = join(directory, 'source');
    // The store of a running service: the CLI must go through it, not wait for it to stop.
    engine = await startEngine({ dataDir: source });
    const client = await MongoClient.connect(engine.uri);
    const db = client.db('careloop');
    await db.collection('stories').createIndex({ status: 1, createdAt: -1 });
    await db.collection('stories').insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        title: `Story ${i}`,
        status: i % 3 === 0 ? 'pending' : 'published',
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        readCount: i,
      })),
    );
    await db.collection('responses').insertOne({ body: 'Thank you', at: new Date(0) });
    // Numbers whose BSON type JavaScript cannot tell apart: a whole double, an int64, an int32.
    await db
      .collection('settings')
      .insertOne({ _id: 'typed' as never, double: new Double(5), long: Long.fromNumber(7), int: 3 });
    await client.close();
    archive = join(directory, 'full.jsonl.gz');
    const backup = await runCli(source, ['backup', archive]);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/backed up \d+ documents in \d+ collections to .*full\.jsonl\.gz/);
  });

  after(async () => {
    await engine?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('is a gzip of JSON Lines a person can read with zcat, whose documents keep their BSON types', async () => {
    const text = execFileSync('zcat', [archive], { encoding: 'utf8' });
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).to.include({ format: 'careloop-backup', formatVersion: 1 });
    const story = lines.find(
      (line) => (line.document as { title?: string } | undefined)?.title === 'Story 7',
    );
    expect(story?.document).to.deep.include({ readCount: { $numberInt: '7' } });
    expect(lines.at(-1)).to.have.nested.property('manifest.collections.stories.documents', 30);
  });

  it('restores into an empty store, indexes and all, and says what it restored', async () => {
    const target = join(directory, `empty-${Date.now()}`);
    const restore = await runCli(target, ['restore', archive]);
    expect(restore.code, restore.stderr).to.equal(0);
    expect(restore.stdout).to.include('stories: 30 documents');
    const restored = await startEngine({ dataDir: target });
    const client = await MongoClient.connect(restored.uri);
    try {
      const stories = client.db('careloop').collection('stories');
      expect(await stories.countDocuments({ status: 'published' })).to.equal(20);
      expect((await stories.indexes()).map((index) => index.name)).to.include('status_1_createdAt_-1');
      const settings = client.db('careloop').collection('settings');
      for (const [field, type] of [
        ['double', 'double'],
        ['long', 'long'],
        ['int', 'int'],
      ] as const)
        expect(await settings.countDocuments({ [field]: { $type: type } }), field).to.equal(1);
    } finally {
      await client.close();
      await restored.stop();
    }
  });

  it('refuses a store that holds data unless told to replace it', async () => {
    const target = join(directory, `taken-${Date.now()}`);
    expect((await runCli(target, ['restore', archive])).code).to.equal(0);
    const again = await runCli(target, ['restore', archive]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('the store already holds data').and.include('--replace');
    const replaced = await runCli(target, ['restore', archive, '--replace']);
    expect(replaced.code, replaced.stderr).to.equal(0);
  });

  it('refuses a cut-short archive, naming the collection and the line, and writes nothing', async () => {
    const bytes = await readFile(archive);
    const cut = join(directory, 'cut.jsonl.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const target = join(directory, `cut-${Date.now()}`);
    const restore = await runCli(target, ['restore', cut]);
    expect(restore.code).to.equal(1);
    expect(restore.stderr).to.match(
      /the archive was refused: .*cut\.jsonl\.gz \(line \d+, collection \w+\): the archive is cut short/,
    );
    expect(restore.stderr).to.include('Nothing was restored.');
    const check = await startEngine({ dataDir: target });
    try {
      const client = await MongoClient.connect(check.uri);
      expect(await client.db('careloop').collection('stories').countDocuments()).to.equal(0);
      await client.close();
    } finally {
      await check.stop();
    }
  });

  it('refuses an archive whose document was changed, naming its collection and line', async () => {
    const lines = await archiveLines(archive);
    const at = lines.findIndex((line) => line.includes('"title":"Story 12"'));
    lines[at] = lines[at]!.replace('Story 12', 'Story 12, edited');
    const tampered = join(directory, 'tampered.jsonl.gz');
    await writeFile(tampered, gzipSync(lines.join('\n')));
    const restore = await runCli(join(directory, `tampered-${Date.now()}`), ['restore', tampered]);
    expect(restore.code).to.equal(1);
    expect(restore.stderr).to.include(
      `(line ${at + 1}, collection stories): the document does not match its checksum`,
    );
  });

  it('refuses an archive missing a document, naming the collection', async () => {
    const lines = await archiveLines(archive);
    const at = lines.findIndex((line) => line.includes('"title":"Story 3"'));
    lines.splice(at, 1);
    const shortened = join(directory, 'shortened.jsonl.gz');
    await writeFile(shortened, gzipSync(lines.join('\n')));
    const restore = await runCli(join(directory, `short-${Date.now()}`), [
      'restore',
      shortened,
      '--verify-only',
    ]);
    expect(restore.code).to.equal(1);
    expect(restore.stderr).to.match(
      /collection stories\): the manifest counts 30 documents, the archive holds 29/,
    );
  });

  it('refuses an archive from a newer careloop schema with a clear message', async () => {
    const lines = await archiveLines(archive);
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    lines[0] = JSON.stringify({ ...header, schemaVersion: 99, careloopVersion: '9.0.0' });
    const newer = join(directory, 'newer.jsonl.gz');
    await writeFile(newer, gzipSync(lines.join('\n')));
    const restore = await runCli(join(directory, `newer-${Date.now()}`), ['restore', newer]);
    expect(restore.code).to.equal(1);
    expect(restore.stderr).to.include(
      "(line 1): the archive's data is at schema version 99, newer than this careloop's",
    );
    expect(restore.stderr).to.include('careloop 9.0.0 wrote it');
  });

  it('checks an archive without restoring it (--verify-only)', async () => {
    const run = await runCli(join(directory, 'unused'), ['restore', archive, '--verify-only']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout, run.stdout).to.match(/full\.jsonl\.gz is whole: 32 documents in 3 collections/);
  });
});
