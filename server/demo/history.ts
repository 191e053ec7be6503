import { Types } from 'mongoose';
import type { Models } from '../models/index.js';
import type { SignedInUser } from '../auth/principal.js';
import type { Services } from '../services/index.js';
import { pastStories } from './past-stories.js';

/**
 * Six months of history for the demo board (see past-stories.ts), so the reports, the badge and the
 * staff views have something to show: published, alerted long ago, read, and most answered by the demo
 * staff member after the delay each story names (their first responses approved by the moderator, as a
 * new responder's are).
 */
export async function seedDemoHistory(deps: {
  services: Services;
  models: Models;
  moderator: SignedInUser;
  staff: SignedInUser;
}): Promise<void> {
  const { services, models, moderator, staff } = deps;
  const now = Date.now();
  const day = 86_400_000;
  const realClock = services.responses.now;
  try {
    for (const [i, story] of pastStories.entries()) {
      const { receipt } = await services.stories.submit(
        {
          title: story.title,
          body: story.body,
          nickname: story.nickname,
          authorRole: story.authorRole,
          services: [story.service],
          tags: story.tags,
          consent: true,
        },
        // One made-up address per story, so the hourly submission limit never stops the seed.
        { clientAddress: `demo-history-${i}`, source: null },
      );
      await services.moderation.act(receipt.id, { action: 'publish', criticality: i % 4 }, moderator);
      const publishedAt = new Date(now - story.daysAgo * day);
      // Historic stories: their alerts were sent long ago, so nothing is queued for them now.
      await models.stories.updateOne(
        { _id: receipt.id },
        {
          $set: {
            publishedAt,
            createdAt: publishedAt,
            alertedAt: new Date(publishedAt.getTime() + 3_600_000),
            alertedOrganisations: [{ id: 'nhs-highland', name: 'NHS Highland' }],
            pendingEvents: [],
          },
        },
      );
      if (story.read || story.response) await services.responses.recordRead(receipt.id, staff);
      if (!story.response) continue;
      const respondedAt = new Date(publishedAt.getTime() + story.response.afterDays * day);
      services.responses.now = () => respondedAt;
      const { response: created } = await services.responses.respond(receipt.id, staff, {
        body: story.response.body,
        change: story.response.change,
      });
      // The demo staff member was new six months ago: the moderator approved their first responses.
      if (created.moderationStatus === 'awaiting-moderation') {
        await services.responses.moderate(receipt.id, created.id, { action: 'publish' }, moderator);
      }
      await models.responses.updateOne(
        { _id: created.id },
        { $set: { createdAt: respondedAt, editableUntil: respondedAt, pendingEvents: [] } },
      );
      await services.responses.recount(new Types.ObjectId(receipt.id));
    }
  } finally {
    services.responses.now = realClock;
  }
}
