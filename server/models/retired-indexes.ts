import type { Collection } from 'mongoose';

/**
 * Indexes an earlier careloop built that a wider one now serves: each sorted page query needs its
 * tie-breaker (`_id`) in the index to read a page in order (see test/server/query-costs.test.ts).
 * Kept, they would only cost memory and a write per change. Listed by name, so an index an operator
 * added by hand is never touched.
 */
export const retiredIndexes: Readonly<Record<string, readonly string[]>> = {
  stories: [
    'services_1_status_1_publishedAt_-1',
    'tagList_1',
    'responded_1_status_1_publishedAt_-1',
    'status_1_createdAt_1',
  ],
  responses: ['services_1_createdAt_-1'],
  replies: ['status_1_createdAt_1'],
};

/** Drops the retired indexes `collection` still has (call it once its new ones are built). */
export async function dropRetiredIndexes(collection: Collection): Promise<void> {
  const retired = retiredIndexes[collection.collectionName];
  if (!retired) return;
  for (const { name } of await collection.listIndexes().toArray()) {
    if (retired.includes(name as string)) await collection.dropIndex(name as string);
  }
}
