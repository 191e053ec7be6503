import { readFile } from 'node:fs/promises';
import type { Logger } from '../log.js';
import type { Models } from '../models/index.js';
import type { Services } from '../services/index.js';
import { toSignedInUser } from '../mappers/user.js';
import { seedDemoHistory } from './history.js';
import { demoStories } from './stories.js';

/** The board the demo site is, and where its page lives. */
export const demoBoard = 'nhs-highland';
const demoSiteOrigin = 'http://localhost:3000';

/**
 * The demo accounts. Their passwords are published here on purpose: they exist only on the embedded
 * store of a development machine (config refuses CARELOOP_DEMO with a real MongoDB), listening on
 * loopback, so a newcomer can try every role at once.
 */
export const demoAccounts = [
  {
    email: 'moderator@demo.careloop.test',
    password: 'demo-moderator-password',
    name: 'Morag Stewart',
    jobTitle: 'Volunteer moderator',
    role: 'moderator' as const,
  },
  {
    email: 'staff@demo.careloop.test',
    password: 'demo-staff-password',
    name: 'Dr Iain MacLeod',
    jobTitle: 'Patient Experience Lead, NHS Highland',
    role: 'staff' as const,
    services: [demoBoard],
  },
];

const scotlandTree = new URL('./scotland-services.json', import.meta.url);

/**
 * Fills an empty database with the demo: the NHS Scotland service tree, the demo accounts, and stories
 * about the demo board (published, backdated over two months; one waiting for the moderator). A
 * database that already has services is left alone, so restarts keep whatever the newcomer did.
 */
export async function seedDemo(deps: {
  services: Services;
  models: Models;
  logger: Logger;
}): Promise<boolean> {
  const { services, models, logger } = deps;
  if ((await models.organisations.estimatedDocumentCount()) > 0) return false;

  await services.organisations.importTree(JSON.parse(await readFile(scotlandTree, 'utf8')));
  await services.organisations.update(demoBoard, {
    allowedOrigins: [demoSiteOrigin],
    storyPageUrl: `${demoSiteOrigin}/#careloop-story={id}`,
  });
  const accounts = [];
  for (const account of demoAccounts) accounts.push(await services.accounts.createUser(account));
  const moderator = accounts[0]!;

  const now = Date.now();
  for (const [i, story] of demoStories.entries()) {
    const { receipt } = await services.stories.submit(
      {
        title: story.title,
        body: story.body,
        nickname: story.nickname,
        authorRole: story.authorRole,
        services: story.services,
        tags: story.tags,
        consent: true,
      },
      // One made-up address per story, so the hourly submission limit never stops the seed.
      { clientAddress: `demo-seed-${i}`, source: demoSiteOrigin },
    );
    if (story.awaitingModeration) continue;
    await services.moderation.act(receipt.id, { action: 'publish' }, toSignedInUser(moderator));
    // Spread the demo over the last two months, as a board's real stories would be.
    const publishedAt = new Date(now - story.daysAgo * 86_400_000);
    await models.stories.updateOne({ _id: receipt.id }, { $set: { publishedAt, createdAt: publishedAt } });
  }
  await seedDemoHistory({
    services,
    models,
    moderator: toSignedInUser(moderator),
    staff: toSignedInUser(accounts[1]!),
  });
  logger.info(
    { services: await models.organisations.estimatedDocumentCount(), stories: demoStories.length },
    'demo seeded',
  );
  return true;
}
