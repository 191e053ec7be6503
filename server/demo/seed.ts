import { whileQuiet, type Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { Services } from '../services/index.js';
import { toSignedInUser } from '../mappers/user.js';
import { seedDemoHistory } from './history.js';
import { seedModerationRulesDemo } from './moderation-rules.js';
import { seedConversationDemo } from './conversation.js';
import { demographicsCardCount, seedDemographicsDemo } from './demographics.js';
import { seedProviderPreviewDemo } from './provider-preview.js';
import { seedResponderModerationDemo } from './responder-moderation.js';
import { pastStories } from './past-stories.js';
import { demoStories } from './stories.js';
// Imported, not read from a path: the compiler then ships the file with the build (dist/server/demo/).
import scotlandTree from './scotland-services.json' with { type: 'json' };

/** The board the demo site is. Its pages are the service's own examples, so they live at its public URL. */
export const demoBoard = 'nhs-highland';
/** Remembers which origin the demo board was last pointed at, so a board an admin has edited is left alone. */
const demoSiteSetting = 'demo-site-origin';

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
    jobTitle: 'Patient Experience Lead',
    role: 'staff' as const,
    services: [demoBoard],
  },
  {
    // A new responder: their first response waits in the moderation queue (responder-moderation.ts).
    email: 'new-staff@demo.careloop.test',
    password: 'demo-new-staff-password',
    name: 'Eilidh Ross',
    jobTitle: 'Ward Sister, Ward 2C',
    role: 'staff' as const,
    services: ['raigmore-hospital'],
  },
];

/**
 * Fills an empty database with the demo: the NHS Scotland service tree, the demo accounts, and stories
 * about the demo board (published, backdated over two months; one waiting for the moderator). A
 * database that already has services is left alone, so restarts keep whatever the newcomer did.
 */
export async function seedDemo(deps: {
  services: Services;
  models: Models;
  logger: Logger;
  /** The service's public URL: the demo site is served there, so feed and email links point at it. */
  publicUrl: string;
}): Promise<boolean> {
  const { services, models, logger } = deps;
  const demoSiteOrigin = new URL(deps.publicUrl).origin;
  if ((await models.organisations.estimatedDocumentCount()) > 0) {
    await followPublicUrl(deps, demoSiteOrigin);
    return false;
  }

  // The demo is told, published and answered through the services, which log every step: a page of
  // lines a newcomer at `npm start` need not read above the banner. One line below says it is there.
  await whileQuiet(logger, async () => {
    await services.organisations.importTree(scotlandTree);
    await pointDemoBoardAt(deps, demoSiteOrigin);
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
    await seedModerationRulesDemo({
      services,
      models,
      moderator: toSignedInUser(moderator),
      source: demoSiteOrigin,
    });
    await seedConversationDemo({
      services,
      models,
      moderator: toSignedInUser(moderator),
      staff: toSignedInUser(accounts[1]!),
    });
    await seedDemographicsDemo({
      services,
      models,
      moderator: toSignedInUser(moderator),
      source: demoSiteOrigin,
    });
    await seedProviderPreviewDemo({
      services,
      board: demoBoard,
      moderator: toSignedInUser(moderator),
      staff: toSignedInUser(accounts[1]!),
      source: demoSiteOrigin,
    });
    await seedResponderModerationDemo({ services, models, newResponder: toSignedInUser(accounts[2]!) });
  });
  logger.info(
    {
      services: await models.organisations.estimatedDocumentCount(),
      stories: demoStories.length + pastStories.length + demographicsCardCount,
    },
    'demo seeded',
  );
  return true;
}

/**
 * A demo started again on another PORT or CARELOOP_PUBLIC_URL moves its board with it, so links in feeds
 * and alert emails keep reaching the demo site. Only while the board still has the demo's own settings.
 */
async function followPublicUrl(deps: { services: Services; models: Models }, origin: string): Promise<void> {
  const seeded = await deps.models.settings.findById(demoSiteSetting).lean();
  if (typeof seeded?.value !== 'string' || seeded.value === origin) return;
  const board = await deps.models.organisations.findById(demoBoard).lean();
  const untouched =
    board?.storyPageUrl === demoStoryPageUrl(seeded.value) &&
    board.allowedOrigins?.length === 1 &&
    board.allowedOrigins[0] === seeded.value;
  if (untouched) await pointDemoBoardAt(deps, origin);
}

async function pointDemoBoardAt(deps: { services: Services; models: Models }, origin: string): Promise<void> {
  await deps.services.organisations.update(demoBoard, {
    allowedOrigins: [origin],
    storyPageUrl: demoStoryPageUrl(origin),
  });
  await deps.models.settings.updateOne(
    { _id: demoSiteSetting },
    { $set: { value: origin } },
    { upsert: true },
  );
}

function demoStoryPageUrl(origin: string): string {
  return `${origin}/#careloop-story={id}`;
}
