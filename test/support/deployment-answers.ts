import { expect } from 'chai';
import { createAccount, type TestAccount } from './accounts.js';
import { callApi } from './api.js';
import type { TestApp } from './app.js';
import { reportBoard, reportPeriod, seedReportDataset } from './report-dataset.js';
import { board, hospital, loadScotlandServices, publishedStory, submitAccepted } from './stories.js';

/**
 * A deployment with something in every kind of answer, and the answers to compare two deployments by:
 * for proving that a backup restored, or a store migrated, answers exactly as the original.
 */

/** Both deployments answer under one public address, so absolute links in feeds can be compared. */
export const comparedPublicUrl = 'https://care.nhs-ayrshire.example';

export interface SeededDeployment {
  accounts: Record<'admin' | 'moderator' | 'staff', TestAccount>;
  /** A story told and answered, one of the report's, one waiting for a moderator. */
  ids: Record<'told' | 'reported' | 'waiting', string>;
  authorKey: string;
}

/** The Scotland tree, the report dataset, an account per role, a story with a response, one in the queue. */
export async function seedDeployment(app: TestApp): Promise<SeededDeployment> {
  await loadScotlandServices(app);
  const dataset = await seedReportDataset(app);
  const accounts = {
    admin: await createAccount(app, { role: 'admin' }),
    moderator: await createAccount(app, { role: 'moderator' }),
    staff: await createAccount(app, { role: 'staff', services: [board] }),
  };
  const told = await publishedStory(app, { services: [hospital], title: 'The night staff listened' });
  const response = await callApi(app, 'POST', `/stories/${told.id}/responses`, {
    as: accounts.staff,
    body: { body: 'Thank you: we have shared this with the night team.', change: 'planned' },
  });
  expect(response.status).to.equal(201);
  const waiting = await submitAccepted(app, { title: 'Still with the moderator' });
  return {
    accounts,
    ids: { told: told.id, reported: dataset.inPeriod[0]!, waiting: waiting.id },
    authorKey: told.authorKey,
  };
}

/**
 * What differs between two answers of one deployment made a moment apart, so it cannot tell a copy from
 * its original: the RSS `lastBuildDate` (when the feed was written). Everything else is compared byte for byte.
 */
function withoutGeneratedTimes(text: string): string {
  return text.replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/g, '<lastBuildDate/>');
}

/** API reads as each kind of reader: the public, the author, staff, moderators and admins. */
function apiReads({
  accounts,
  ids,
  authorKey,
}: SeededDeployment): { path: string; as?: TestAccount | string }[] {
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

/** Every API answer above is the same, status and bytes, from both deployments; answers how many. */
export async function expectSameApiAnswers(
  original: TestApp,
  copy: TestApp,
  seeded: SeededDeployment,
): Promise<number> {
  // The answers compared hold the data: the story, its response, the queue.
  const thread = await callApi(copy, 'GET', `/stories/${seeded.ids.told}`);
  expect(thread.text).to.include('The night staff listened').and.include('shared this with the night team');
  const queue = await callApi(copy, 'GET', '/moderation/queue', { as: seeded.accounts.moderator });
  expect(queue.text).to.include('Still with the moderator');
  const reads = apiReads(seeded);
  for (const { path, as } of reads) {
    const [before, after] = await Promise.all(
      [original, copy].map((app) => callApi(app, 'GET', path, as === undefined ? {} : { as })),
    );
    expect(before!.status, path).to.equal(200);
    expect(after!.status, path).to.equal(before!.status);
    expect(after!.text, path).to.equal(before!.text);
  }
  return reads.length;
}

/** Every feed the board lists, RSS and JSON, is the same from both deployments; answers how many. */
export async function expectSameFeeds(original: TestApp, copy: TestApp): Promise<number> {
  const listed = await callApi(original, 'GET', `/services/${board}/feeds`);
  const feedUrls = new Set(
    JSON.stringify(listed.body).match(/https:\/\/care\.nhs-ayrshire\.example\/feeds\/[^"]+/g) ?? [],
  );
  expect(feedUrls.size).to.be.at.least(4);
  for (const url of feedUrls) {
    const path = url.slice(comparedPublicUrl.length);
    const [before, after] = await Promise.all(
      [original, copy].map(async (app) => {
        const response = await fetch(`${app.baseUrl}${path}`);
        return { status: response.status, text: await response.text() };
      }),
    );
    expect(before!.status, path).to.equal(200);
    expect(withoutGeneratedTimes(after!.text), path).to.equal(withoutGeneratedTimes(before!.text));
  }
  return feedUrls.size;
}
