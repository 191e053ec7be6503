import type { Store, WriteOp } from './store/store.js';
import { valuesAtPath } from './store/keys.js';

/**
 * The deletions a TTL sweep makes now: documents whose indexed date (the earliest, for an array of
 * dates) is older than the index's expireAfterSeconds. Documents without a date there never expire,
 * as in MongoDB.
 */
export function expiredDocuments(store: Store, now = Date.now()): WriteOp[] {
  const deletions: WriteOp[] = [];
  for (const db of store.databaseNames()) {
    for (const collection of store.collections(db)) {
      for (const index of collection.indexes.values()) {
        const seconds = index.spec.expireAfterSeconds;
        if (seconds === undefined) continue;
        const cutoff = now - seconds * 1000;
        for (const doc of collection.documents.values()) {
          const dates = valuesAtPath(doc, index.fields[0]!).filter(
            (value): value is Date => value instanceof Date,
          );
          if (dates.length && Math.min(...dates.map((date) => date.getTime())) <= cutoff) {
            deletions.push({ op: 'delete', db, coll: collection.name, id: doc._id });
          }
        }
      }
    }
  }
  return deletions;
}
