import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeBackup } from '../../../server/backup/take-backup.js';
import { restoreBackup } from '../../../server/backup/restore-backup.js';
import { currentSchemaVersion } from '../../../server/models/migrations/index.js';
import {
  comparedPublicUrl,
  expectSameApiAnswers,
  expectSameFeeds,
  seedDeployment,
  type SeededDeployment,
} from '../../support/deployment-answers.js';
import { startFeedsTestApp, type FeedsTestApp } from '../../support/feeds.js';

describe('backup and restore: the restored deployment answers exactly as the original', function () {
  this.timeout(90_000);
  let directory: string;
  let original: FeedsTestApp;
  let restored: FeedsTestApp;
  let seeded: SeededDeployment;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-backup-'));
    original = await startFeedsTestApp({ config: { publicUrl: comparedPublicUrl } });
    seeded = await seedDeployment(original);
    const file = join(directory, 'backup.jsonl.gz');
    await takeBackup(original.connection, file, {
      careloopVersion: 'test',
      schemaVersion: currentSchemaVersion,
    });
    restored = await startFeedsTestApp({ config: { publicUrl: comparedPublicUrl } });
    await restoreBackup(restored.connection, file, { knownSchemaVersion: currentSchemaVersion });
  });

  after(async () => {
    await Promise.all([original?.close(), restored?.close()]);
    await rm(directory, { recursive: true, force: true });
  });

  it('gives the same API answers, byte for byte, to the public, the author, staff, moderators and admins', async () => {
    await expectSameApiAnswers(original, restored, seeded);
  });

  it('gives the same feeds, RSS and JSON, for every feed the board lists', async () => {
    await expectSameFeeds(original, restored);
  });
});
