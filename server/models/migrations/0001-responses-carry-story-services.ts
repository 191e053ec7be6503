import type { Migration } from './migration.js';

/**
 * Responses written before they carried their story's services get them, so the activity feeds (which
 * read responses by services) see every response (docs/decisions/2026-12-07-responses-carry-story-services.md).
 */
export const responsesCarryStoryServices: Migration = {
  version: 1,
  name: 'responses-carry-story-services',
  async up({ responses, stories, settings }) {
    // Before the migration runner, this ran at each start-up and left this marker when done.
    if (await settings.exists({ _id: 'responses-carry-story-services' })) return;
    const missing = await responses.distinct('storyId', { services: { $size: 0 } });
    for (const storyId of missing) {
      const story = await stories.findById(storyId, { services: 1 }).lean();
      if (story)
        await responses.updateMany(
          { storyId, services: { $size: 0 } },
          { $set: { services: story.services } },
        );
    }
  },
};
