import type { SubscriptionModel } from './subscription.js';

/**
 * Before the unique index on email subscriptions can be built: a store written by an older careloop
 * may hold two of the same (address, scope), from two requests that raced. Keeps one per address and
 * scope — a confirmed one if any (the reader said yes to it), else the oldest — and deletes the rest.
 * Nothing a reader confirmed is lost; an unconfirmed twin's confirmation link stops working, and
 * asking again sends a fresh one for the survivor.
 * @returns how many subscriptions were deleted.
 */
export async function removeDuplicateEmailSubscriptions(subscriptions: SubscriptionModel): Promise<number> {
  // Once the index is there it keeps twins out: no scan of every subscription at each start.
  if (await hasUniqueIndex(subscriptions)) return 0;
  const groups = await subscriptions.aggregate<{ ids: unknown[] }>([
    { $match: { kind: 'email' } },
    // Confirmed first (a date sorts after null descending), then oldest: the first id is the keeper.
    { $sort: { confirmedAt: -1, createdAt: 1, _id: 1 } },
    {
      $group: {
        _id: { email: '$email', service: '$service', constituency: '$constituency' },
        ids: { $push: '$_id' },
      },
    },
    { $match: { 'ids.1': { $exists: true } } },
  ]);
  const doomed = groups.flatMap((group) => group.ids.slice(1));
  if (doomed.length === 0) return 0;
  const { deletedCount } = await subscriptions.deleteMany({ _id: { $in: doomed } });
  return deletedCount;
}

/** MongoDB's error code for listing the indexes of a collection that does not exist. */
const namespaceNotFound = 26;

/** The index these twins stand in the way of (named as MongoDB names it from its keys). */
const uniqueIndexName = 'email_1_service_1_constituency_1';

async function hasUniqueIndex(subscriptions: SubscriptionModel): Promise<boolean> {
  // A collection not created yet has no index and nothing to clean.
  const indexes = await subscriptions.collection.indexes().catch((error: unknown) => {
    if ((error as { code?: unknown }).code === namespaceNotFound) return [];
    throw error;
  });
  return indexes.some((index) => index.name === uniqueIndexName);
}
