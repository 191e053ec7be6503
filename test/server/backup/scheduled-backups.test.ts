import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ScheduledBackups } from '../../../server/backup/scheduled-backups.js';
import { verifyArchive } from '../../../server/backup/read-archive.js';
import { currentSchemaVersion } from '../../../server/models/migrations/index.js';
import { loadConfig } from '../../../server/platform/config.js';
import { silentLogger } from '../../../server/platform/log.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, publishedStory } from '../../support/stories.js';

const hourMs = 3_600_000;

describe('scheduled backups (CARELOOP_BACKUP_DIR)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let second: TestApp;
  let dir: string;
  let now = Date.parse('2026-12-07T02:00:00Z');

  /** One instance's scheduler, on the shared clock of the test. */
  function scheduler(instance: TestApp): ScheduledBackups {
    return new ScheduledBackups({
      connection: instance.connection,
      models: instance.models,
      logger: silentLogger(),
      careloopVersion: 'test',
      dir,
      keep: 2,
      intervalHours: 24,
      now: () => new Date(now),
    });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'careloop-scheduled-'));
    app = await startTestApp();
    second = await startTestApp({ store: app.store });
    await loadScotlandServices(app);
    await publishedStory(app, { title: 'Kept in every backup' });
  });

  after(async () => {
    await second.close();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the first backup at once, then one per interval across two instances, keeping the newest two', async () => {
    await writeFile(join(dir, 'notes.txt'), 'the operator’s own file');
    const first = await scheduler(app).runIfDue();
    expect(first).to.match(/careloop-backup-2026-12-07T02-00-00Z\.jsonl\.gz$/);
    now += hourMs;
    expect(await scheduler(app).runIfDue(), 'an hour later').to.equal(undefined);

    for (let day = 1; day <= 3; day += 1) {
      now += 24 * hourMs;
      const written = await Promise.all([scheduler(app).runIfDue(), scheduler(second).runIfDue()]);
      expect(written.filter(Boolean), `day ${day}: one instance takes it`).to.have.length(1);
    }
    const files = (await readdir(dir)).sort();
    expect(files).to.deep.equal([
      'careloop-backup-2026-12-09T03-00-00Z.jsonl.gz',
      'careloop-backup-2026-12-10T03-00-00Z.jsonl.gz',
      'notes.txt',
    ]);
    const { manifest } = await verifyArchive(join(dir, files[1]!), currentSchemaVersion);
    expect(manifest.collections.stories?.documents).to.equal(1);
  });

  it('refuses a keep or interval that is not a positive whole number, naming the variable', () => {
    expect(() => loadConfig({ CARELOOP_BACKUP_DIR: dir, CARELOOP_BACKUP_KEEP: '0' })).to.throw(
      /CARELOOP_BACKUP_KEEP/,
    );
    expect(() => loadConfig({ CARELOOP_BACKUP_DIR: dir, CARELOOP_BACKUP_INTERVAL_HOURS: 'daily' })).to.throw(
      /CARELOOP_BACKUP_INTERVAL_HOURS/,
    );
    expect(loadConfig({ CARELOOP_BACKUP_DIR: dir }).backups).to.deep.equal({
      dir,
      keep: 7,
      intervalHours: 24,
    });
  });
});
