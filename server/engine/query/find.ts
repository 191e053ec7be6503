import type { Document } from 'bson';
import { notSupported } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { asBadValue, compileFilter } from './filter.js';
import { candidateDocuments } from './planner.js';

export interface FindOptions {
  filter?: Document;
  projection?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  variables?: Document;
}

/**
 * A query over one collection with MongoDB's semantics (mingo's), reading only the candidates the
 * planner picked. The returned documents are the stored objects (or projections of them): callers must
 * treat them as read-only.
 */
export function findDocuments(collection: Collection | undefined, options: FindOptions): Document[] {
  if (!collection) return [];
  const query = compileFilter(options.filter, options.variables);
  const candidates = [...candidateDocuments(collection, options.filter)];
  return asBadValue(() => {
    const projection = options.projection && Object.keys(options.projection).length ? options.projection : undefined;
    let cursor = query.find<Document>(candidates, projection);
    if (options.sort && Object.keys(options.sort).length) cursor = cursor.sort(assertSortable(options.sort));
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(Math.abs(options.limit));
    return cursor.all();
  });
}

function assertSortable(sort: Document): Record<string, 1 | -1> {
  for (const [field, direction] of Object.entries(sort)) {
    if (direction !== 1 && direction !== -1) {
      throw notSupported(`sort ${JSON.stringify(direction)} on '${field}' (only 1 and -1)`);
    }
  }
  return sort as Record<string, 1 | -1>;
}
