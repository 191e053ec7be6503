import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy';
import { badValue, CommandError } from '../errors.js';
import { compareBson } from './sort.js';

/**
 * MongoDB's $bucket: each document goes in the bucket whose lower boundary is the largest one not above
 * its groupBy value (upper boundaries exclusive), values outside go to `default` (an error without
 * one), and only non-empty buckets are output, `_id` first, in boundary order.
 */
export function $bucket(collection: LazyIterator, specification: unknown, options: unknown): LazyIterator {
  const spec = specification as Document;
  const boundaries = spec.boundaries as unknown[];
  if (!Array.isArray(boundaries) || boundaries.length < 2)
    throw badValue("$bucket requires 'boundaries' with at least 2 values");
  for (let i = 1; i < boundaries.length; i++) {
    if (compareBson(boundaries[i - 1], boundaries[i]) >= 0)
      throw badValue("The $bucket 'boundaries' field must be sorted in ascending order");
  }
  const hasDefault = 'default' in spec;
  const output = (spec.output as Document | undefined) ?? { count: { $sum: 1 } };
  return collection.transform((documents: unknown[]) => {
    const buckets = new Map<number, Document[]>();
    for (const doc of documents as Document[]) {
      const key = evalExpr(doc, spec.groupBy, options as never) ?? null;
      let slot = -1;
      for (let i = 0; i < boundaries.length - 1; i++) {
        if (compareBson(key, boundaries[i]) >= 0 && compareBson(key, boundaries[i + 1]) < 0) slot = i;
      }
      if (slot === -1) {
        if (!hasDefault) {
          throw new CommandError(
            40066,
            'Location40066',
            '$switch could not find a matching branch for an input, and no default was specified.',
          );
        }
        slot = boundaries.length - 1;
      }
      let bucket = buckets.get(slot);
      if (!bucket) buckets.set(slot, (bucket = []));
      bucket.push(doc);
    }
    const results = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([slot, members]) => ({
        _id: slot === boundaries.length - 1 ? spec.default : boundaries[slot],
        ...(evalExpr(members, output, options as never) as Document),
      }));
    return Lazy(results);
  });
}
