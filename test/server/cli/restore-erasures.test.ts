import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startEngine, type RunningEngine } from '@careloop/engine';
import { embeddedDatabaseName } from '../../../server/platform/store.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { runCli } from '../../support/cli.js';
import { loadScotlandServices, publishedStory, storedStory } from '../../support/stories.js';

describe('npm run careloop -- restore --replace keeps erasures made after the backup', function () {
  this.timeout(60_000);
  let directory: string;
  let dataDir: string;
  let engine: RunningEngine;
  let app: TestApp;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-restore-erasures-'));
    dataDir = join(directory, 'data');
    engine = await startEngine({ dataDir });
    app = await startTestApp({
      store: { uri: `${engine.uri}${embeddedDatabaseName}`, external: true, stop: async () => {} },
    });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
    await engine.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('an author who erased their story after the backup stays erased when the backup is restored', async () => {
    const erased = await publishedStory(app, {
      title: 'Please forget this one',
      email: 'forget.me.4471@example.org',
    });
    const kept = await publishedStory(app, { title: 'This one may stay' });
    const archive = join(directory, 'before-erasure.jsonl.gz');
    expect((await runCli(dataDir, ['backup', archive])).code).to.equal(0);
    const erasure = await callApi(app, 'POST', `/stories/${erased.id}/erasure`, { as: erased.authorKey });
    expect(erasure.status).to.equal(200);

    const restore = await runCli(dataDir, ['restore', archive, '--replace']);
    expect(restore.code, restore.stderr).to.equal(0);
    expect(restore.stdout).to.include('made again 1 erasure(s) made after the backup was taken');

    expect((await callApi(app, 'GET', `/stories/${erased.id}`)).status).to.equal(404);
    expect((await callApi(app, 'GET', `/stories/${erased.id}`, { as: erased.authorKey })).status).to.equal(
      410,
    );
    const stored = await storedStory(app, erased.id);
    expect(stored).to.include({ status: 'erased', title: '' });
    expect(JSON.stringify(stored)).to.not.include('forget.me.4471');
    expect((await callApi(app, 'GET', `/stories/${kept.id}`)).status).to.equal(200);
    expect(await app.models.erasureRecords.countDocuments()).to.equal(1);
  });
});
