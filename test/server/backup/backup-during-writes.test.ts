import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { takeBackup } from '../../../server/backup/take-backup.js';
import { readArchive } from '../../../server/backup/read-archive.js';
import { currentSchemaVersion } from '../../../server/models/migrations/index.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, submitStory } from '../../support/stories.js';

describe('backup while stories are being told', function () {
  this.timeout(60_000);
  let app: TestApp;
  let directory: string;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-backup-writes-'));
    // Fifty stories from one test client: the per-address limits would otherwise ask for proof of work.
    app = await startTestApp({ config: { submissionsPerHour: 1000, submissionsPerHourMax: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('holds every story acknowledged before it began, taken during 50 concurrent submissions', async () => {
    const acknowledged: { id: string; at: number }[] = [];
    const submissions = Array.from({ length: 50 }, (_, i) =>
      submitStory(app, { title: `Told during the backup ${i}` }).then((answer) => {
        expect(answer.status, answer.text).to.equal(201);
        acknowledged.push({ id: answer.body.id, at: Date.now() });
      }),
    );
    while (acknowledged.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    const began = Date.now();
    const before = acknowledged.filter((story) => story.at < began).map((story) => story.id);
    const file = join(directory, 'during.jsonl.gz');
    await takeBackup(app.connection, file, { careloopVersion: 'test', schemaVersion: currentSchemaVersion });
    await Promise.all(submissions);
    // Some were still on their way when it began: otherwise this tested nothing concurrent.
    expect(acknowledged.filter((story) => story.at >= began).length).to.be.above(0);

    const archived = new Set<string>();
    for await (const entry of readArchive(file, currentSchemaVersion))
      if (entry.kind === 'document' && entry.collection === 'stories')
        archived.add(String(entry.document._id));
    for (const id of before)
      expect(archived.has(id), `story ${id}, acknowledged before the backup`).to.equal(true);
    expect(archived.size).to.be.at.least(before.length).and.at.most(50);
  });
});
