import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { takeBackup } from '../../../server/backup/take-backup.js';
import { restoreBackup } from '../../../server/backup/restore-backup.js';
import { currentSchemaVersion } from '../../../server/models/migrations/index.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startFeedsTestApp, type FeedsTestApp } from '../../support/feeds.js';
import { reportBoard, reportPeriod, seedReportDataset } from '../../support/report-dataset.js';
import {
  board,
  hospital,
  loadScotlandServices,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

/** Both deployments answer under one public address, so absolute links in feeds can be compared. */
const publicUrl = 'https://care.nhs-ayrshire.example';

/**
 * What differs between two answers of one deployment made a moment apart, so it cannot tell a restored
 * deployment from its original: the RSS `lastBuildDate` (when the feed was written) and the HTTP Date.
 * Everything else of the body is compared byte for byte.
 */
function withoutGeneratedTimes(text: string): string {
  return text.replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/g, '<lastBuildDate/>');
}

describe('backup and restore: the restored deployment answers exactly as the original', function () {
  this.timeout(90_000);
  let directory: string;
  let original: FeedsTestApp;
  let restored: FeedsTestApp;
  const accounts: Record<string, TestAccount> = {};
  const ids: Record<string, string> = {};
  let authorKey = '';

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-backup-'));
    original = await startFeedsTestApp({ config: { publicUrl } });
    await loadScotlandServices(original);
    const dataset = await seedReportDataset(original);
    ids.reported = dataset.inPeriod[0]!;
    accounts.admin = await createAccount(original, { role: 'admin' });
    accounts.moderator = await createAccount(original, { role: 'moderator' });
    accounts.staff = await createAccount(original, { role: 'staff', services: [board] });
    const told = await publishedStory(original, { services: [hospital], title: 'The night staff listened' });
    ids.told = told.id;
    authorKey = told.authorKey;
    const response = await callApi(original, 'POST', `/stories/${told.id}/responses`, {
      as: accounts.staff,
      body: { body: 'Thank you: we have shared this with the night team.', change: 'planned' },
    });
    expect(response.status).to.equal(201);
    ids.waiting = (await submitAccepted(original, { title: 'Still with the moderator' })).id;

    const file = join(directory, 'backup.jsonl.gz');
    await takeBackup(original.connection, file, {
      careloopVersion: 'test',
      schemaVersion: currentSchemaVersion,
    });
    restored = await startFeedsTestApp({ config: { publicUrl } });
    await restoreBackup(restored.connection, file, { knownSchemaVersion: currentSchemaVersion });
  });

  after(async () => {
    await Promise.all([original?.close(), restored?.close()]);
    await rm(directory, { recursive: true, force: true });
  });

  /** Every answer compared: API reads as each kind of reader, then every feed the board lists. */
  function apiReads(): { path: string; as?: TestAccount | string }[] {
    const reportQuery = `from=${reportPeriod.from}&to=${reportPeriod.to}`;
    return [
      { path: `/stories?service=${board}` },
      { path: `/stories?service=${reportBoard}&q=kindness` },
      { path: `/stories?service=${board}&responded=true` },
      { path: `/stories/${ids.told}` },
      { path: `/stories/${ids.reported}` },
      { path: `/stories/${ids.told}`, as: authorKey },
      { path: '/services' },
      { path: `/services/${board}` },
      { path: `/services/${board}/summary` },
      { path: `/services/${board}/feeds` },
      { path: `/stories?service=${board}`, as: accounts.staff },
      { path: `/stories/${ids.told}`, as: accounts.staff },
      { path: '/moderation/queue', as: accounts.moderator },
      { path: `/stories/${ids.waiting}`, as: accounts.moderator },
      { path: '/users', as: accounts.admin },
      { path: '/sessions/current', as: accounts.staff },
      { path: `/reports/services/${reportBoard}?${reportQuery}`, as: accounts.admin },
      { path: `/reports/services/${reportBoard}?${reportQuery}`, as: accounts.staff },
    ];
  }

  it('gives the same API answers, byte for byte, to the public, the author, staff, moderators and admins', async () => {
    // The answers compared hold the data: the story, its response, the queue, the report's figures.
    const thread = await callApi(restored, 'GET', `/stories/${ids.told}`);
    expect(thread.text).to.include('The night staff listened').and.include('shared this with the night team');
    const queue = await callApi(restored, 'GET', '/moderation/queue', { as: accounts.moderator });
    expect(queue.text).to.include('Still with the moderator');
    for (const { path, as } of apiReads()) {
      const [before, after] = await Promise.all(
        [original, restored].map((app) => callApi(app, 'GET', path, as === undefined ? {} : { as })),
      );
      expect(before!.status, path).to.equal(200);
      expect(after!.status, path).to.equal(before!.status);
      expect(after!.text, path).to.equal(before!.text);
    }
  });

  it('gives the same feeds, RSS and JSON, for every feed the board lists', async () => {
    const listed = await callApi(original, 'GET', `/services/${board}/feeds`);
    const feedUrls =
      JSON.stringify(listed.body).match(/https:\/\/care\.nhs-ayrshire\.example\/feeds\/[^"]+/g) ?? [];
    expect(new Set(feedUrls).size).to.be.at.least(4);
    for (const url of new Set(feedUrls)) {
      const path = url.slice(publicUrl.length);
      const [before, after] = await Promise.all(
        [original, restored].map(async (app) => {
          const response = await fetch(`${app.baseUrl}${path}`);
          return { status: response.status, text: await response.text() };
        }),
      );
      expect(before!.status, path).to.equal(200);
      expect(withoutGeneratedTimes(after!.text), path).to.equal(withoutGeneratedTimes(before!.text));
    }
  });
});
