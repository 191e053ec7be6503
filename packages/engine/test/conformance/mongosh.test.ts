import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { EJSON, type Document } from 'bson';
import { expect } from 'chai';
import { startTestStore, type TestStore } from '../support/store.js';

const run = promisify(execFile);
const mongoshBin = join(
  dirname(createRequire(import.meta.url).resolve('mongosh/package.json')),
  'bin/mongosh.js',
);

/**
 * One mongosh script for every check, since starting mongosh takes seconds: it runs the shell helpers
 * people inspect a deployment with and prints what each answered (or its error) as one EJSON line.
 */
const script = `
const stories = db.getCollection('stories');
stories.insertMany([
  { _id: 1, ward: 'A', rating: 5 },
  { _id: 2, ward: 'A', rating: 3 },
  { _id: 3, ward: 'B', rating: 4 },
]);
stories.createIndex({ ward: 1 }, { name: 'by_ward' });
stories.createIndex({ seenAt: 1 }, { expireAfterSeconds: 60 });
db.getCollection('taken').insertOne({ _id: 'already here' });
const answers = {};
function answer(name, ask) {
  try {
    answers[name] = ask();
  } catch (error) {
    answers[name] = { error: error.message, code: error.code };
  }
}
answer('dbStats', () => db.stats());
answer('collStats', () => stories.stats());
answer('explain', () => stories.find({ ward: 'A' }).explain());
answer('executionStats', () => stories.find({ ward: 'A' }).explain('executionStats'));
answer('scanExplain', () => stories.find({ rating: { $gt: 3 } }).explain('executionStats'));
answer('aggregateExplain', () =>
  stories.aggregate([{ $match: { ward: 'A' } }, { $group: { _id: '$ward', n: { $sum: 1 } } }]).explain('executionStats'));
answer('getIndexes', () => stories.getIndexes());
answer('currentOp', () => db.currentOp());
answer('renameOntoExisting', () => stories.renameCollection('taken'));
answer('rename', () => stories.renameCollection('archive'));
answer('collectionsAfterRename', () => db.getCollectionNames().sort());
answer('renameMissing', () => db.getCollection('ghost').renameCollection('anything'));
print(EJSON.stringify(answers));
`;

describe('engine: MongoDB Shell (mongosh) inspects the engine', function () {
  this.timeout(60_000);
  let store: TestStore;
  let home: string;
  let answers: Document;

  before(async function () {
    store = await startTestStore();
    // mongosh writes its config, logs and history under HOME: a private one keeps the real home clean,
    // and its user config turns telemetry off (what disableTelemetry() would write there).
    home = await mkdtemp(join(tmpdir(), 'careloop-mongosh-'));
    await mkdir(join(home, '.mongodb', 'mongosh'), { recursive: true });
    await writeFile(join(home, '.mongodb', 'mongosh', 'config'), '{"enableTelemetry":false}');
    // mongosh gives up on finding the server after 2 s by default, which a busy test machine can take.
    const uri = new URL(store.uri);
    uri.searchParams.set('serverSelectionTimeoutMS', '30000');
    const { stdout } = await run(
      process.execPath,
      [mongoshBin, '--quiet', '--norc', '--eval', script, uri.toString()],
      {
        env: { ...process.env, HOME: home, MONGOSH_FORCE_DISABLE_TELEMETRY_FOR_TESTING: '1' },
        timeout: 50_000,
      },
    );
    const line = stdout
      .trim()
      .split('\n')
      .find((candidate) => candidate.startsWith('{'));
    expect(line, `mongosh printed no answers:\n${stdout}`).to.be.a('string');
    answers = EJSON.parse(line!, { relaxed: true }) as Document;
  });

  after(async function () {
    await store?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('db.stats() counts the database’s collections, objects and indexes', function () {
    expect(answers.dbStats).to.include({ collections: 2, objects: 4, indexes: 4, ok: 1 });
    expect(answers.dbStats.dataSize).to.be.above(0);
  });

  it('db.stories.stats() reports the count, sizes and each index’s size', function () {
    const stats = answers.collStats as Document;
    expect(stats).to.include({ count: 3, nindexes: 3, ok: 1 });
    expect(stats.size).to.be.above(0);
    expect(stats.avgObjSize).to.equal(stats.size / 3);
    expect(Object.keys(stats.indexSizes as Document).sort()).to.deep.equal(['_id_', 'by_ward', 'seenAt_1']);
  });

  it('find().explain() names the index the query used', function () {
    const scan = findStage(answers.explain.queryPlanner.winningPlan, 'IXSCAN');
    expect(scan).to.include({ indexName: 'by_ward' });
    expect(scan!.keyPattern).to.deep.equal({ ward: 1 });
  });

  it("explain('executionStats') counts what the query returned and examined", function () {
    expect(answers.executionStats.executionStats).to.include({
      nReturned: 2,
      totalKeysExamined: 2,
      totalDocsExamined: 2,
    });
    expect(findStage(answers.scanExplain.queryPlanner.winningPlan, 'COLLSCAN')).to.not.equal(undefined);
    expect(answers.scanExplain.executionStats).to.include({ nReturned: 2, totalDocsExamined: 3 });
  });

  it('aggregate().explain() shows the $match’s index scan', function () {
    expect(findStage(answers.aggregateExplain, 'IXSCAN')).to.include({ indexName: 'by_ward' });
  });

  it('getIndexes() lists each index as it was created', function () {
    expect(answers.getIndexes).to.deep.equal([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { ward: 1 }, name: 'by_ward' },
      { v: 2, key: { seenAt: 1 }, name: 'seenAt_1', expireAfterSeconds: 60 },
    ]);
  });

  it('db.currentOp() lists its own operation', function () {
    expect(answers.currentOp.ok).to.equal(1);
    const own = (answers.currentOp.inprog as Document[]).find(
      (operation) => operation.command?.aggregate === 1,
    );
    expect(own).to.include({ active: true, ns: 'admin.$cmd.aggregate' });
    expect(own!.command.pipeline[0]).to.have.property('$currentOp');
  });

  it('renameCollection() renames, and refuses an existing target or a missing source', function () {
    expect(answers.renameOntoExisting).to.include({ code: 48 });
    expect(answers.rename).to.deep.equal({ ok: 1 });
    expect(answers.collectionsAfterRename).to.deep.equal(['archive', 'taken']);
    expect(answers.renameMissing).to.include({ code: 26 });
  });
});

/** The first plan stage named `name` anywhere in an explain output. */
function findStage(explanation: unknown, name: string): Document | undefined {
  if (Array.isArray(explanation)) {
    for (const element of explanation) {
      const found = findStage(element, name);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof explanation !== 'object' || explanation === null) return undefined;
  const document = explanation as Document;
  if (document.stage === name) return document;
  for (const [field, value] of Object.entries(document)) {
    if (field === 'rejectedPlans') continue;
    const found = findStage(value, name);
    if (found) return found;
  }
  return undefined;
}
