import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startEngine, type RunningEngine } from '@careloop/engine';
import { builtCli as engineCli } from '../../../packages/engine/test/support/built/index.js';
import { embeddedDatabaseName } from '../../../server/platform/store.js';
import { callApi } from '../../support/api.js';
import { runCli } from '../../support/cli.js';
import {
  comparedPublicUrl,
  expectSameApiAnswers,
  expectSameFeeds,
  seedDeployment,
  type SeededDeployment,
} from '../../support/deployment-answers.js';
import { startFeedsTestApp, type FeedsTestApp } from '../../support/feeds.js';
import { startMain, stopMain, type RunningMain } from '../../support/main-process.js';
import { board, publishedStory } from '../../support/stories.js';

/** `npm run engine`: the engine on its own, as a MongoDB deployment elsewhere would be. */
async function startExternalEngine(): Promise<{ uri: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [engineCli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the engine exited with ${code}: ${output}`)));
  });
  return { uri, process: child };
}

describe('npm run careloop -- migrate --to (from the embedded store to another deployment)', function () {
  this.timeout(120_000);
  let directory: string;
  let dataDir: string;
  let source: RunningEngine;
  let original: FeedsTestApp;
  let seeded: SeededDeployment;
  let external: { uri: string; process: ChildProcess };
  let migrated: FeedsTestApp | undefined;
  let main: RunningMain | undefined;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-migrate-'));
    dataDir = join(directory, 'data');
    // The running service's embedded store, on its data directory: the CLI goes through it.
    source = await startEngine({ dataDir });
    original = await startFeedsTestApp({
      config: { publicUrl: comparedPublicUrl },
      store: { uri: `${source.uri}${embeddedDatabaseName}`, external: true, stop: async () => {} },
    });
    seeded = await seedDeployment(original);
    external = await startExternalEngine();
  });

  after(async () => {
    await stopMain(main);
    await migrated?.close();
    await original?.close();
    await source?.stop();
    external?.process.kill('SIGTERM');
    await rm(directory, { recursive: true, force: true });
  });

  it('copies everything, verifies counts and indexes there, and says so', async () => {
    const run = await runCli(dataDir, ['migrate', '--to', `${external.uri}careloop`]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/stories: \d+\/\d+ read, \d+ written/);
    expect(run.stdout).to.match(/verified: every collection has the same count and the same indexes/);
  });

  it('run again, writes only what changed since: a new story, an edit and a deletion', async () => {
    const unchanged = await runCli(dataDir, ['migrate', '--to', `${external.uri}careloop`]);
    expect(unchanged.stdout).to.match(/\(0 written, 0 deleted,/);

    await publishedStory(original, { title: 'Told after the first copy' });
    await original.models.stories.updateOne({ _id: seeded.ids.told }, { $set: { readCount: 7 } });
    await original.models.stories.deleteOne({ _id: seeded.ids.reported });
    const again = await runCli(dataDir, ['migrate', '--to', `${external.uri}careloop`]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/stories: \d+\/\d+ read, 2 written, 1 deleted/);
  });

  it('the service on the copy (MONGODB_URI) answers every API read and feed exactly as the original', async () => {
    migrated = await startFeedsTestApp({
      config: { publicUrl: comparedPublicUrl },
      store: { uri: `${external.uri}careloop`, external: true, stop: async () => {} },
    });
    // The deleted story was one of the report's: compare what both still hold.
    seeded.ids.reported = seeded.ids.told;
    await expectSameApiAnswers(original, migrated, seeded);
    await expectSameFeeds(original, migrated);
  });

  it('the built service starts on the copy with MONGODB_URI and serves its stories', async () => {
    main = await startMain(join(directory, 'unused'), { MONGODB_URI: `${external.uri}careloop` });
    const answer = await fetch(`${main.baseUrl}/api/v1/stories?service=${board}`);
    expect(answer.status).to.equal(200);
    expect(await answer.text()).to.include('Told after the first copy');
    const seen = await callApi(migrated!, 'GET', `/stories/${seeded.ids.waiting}`, {
      as: seeded.accounts.moderator,
    });
    expect(seen.status).to.equal(200);
  });

  it('refuses a target that is the store itself, and a --to that is not a connection string', async () => {
    const itself = await runCli(dataDir, ['migrate', '--to', `${source.uri}careloop`]);
    expect(itself.code).to.equal(1);
    expect(itself.stderr).to.include('--to names the store careloop already uses');
    const nonsense = await runCli(dataDir, ['migrate', '--to', 'https://user:secret@example.org/']);
    expect(nonsense.code).to.equal(2);
    expect(nonsense.stderr).to.include('--to is not a MongoDB connection string').and.not.include('secret');
  });
});
