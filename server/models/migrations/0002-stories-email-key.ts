import type { Migration } from './migration.js';

/**
 * Stories told before they carried `emailKey` (their email as compared: trimmed, lower case) get it, so
 * the moderation queue's near-duplicate warning finds them through its index.
 */
export const storiesEmailKey: Migration = {
  version: 2,
  name: 'stories-email-key',
  async up({ stories }) {
    const missing = await stories.collection
      .find({ email: { $type: 'string' }, emailKey: { $exists: false } }, { projection: { email: 1 } })
      .toArray();
    for (let i = 0; i < missing.length; i += 500) {
      await stories.collection.bulkWrite(
        missing.slice(i, i + 500).map((story) => ({
          updateOne: {
            filter: { _id: story._id },
            update: { $set: { emailKey: String(story.email).trim().toLowerCase() } },
          },
        })),
      );
    }
  },
};
