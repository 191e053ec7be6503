import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { Collection } from '../store/collection.js';
import { asBadValue, compileFilter, mingoOptions } from './filter.js';
import { sortDocuments } from './sort.js';
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
  let matches = asBadValue(() => candidates.filter((doc) => query.test(doc)));
  if (options.sort && Object.keys(options.sort).length) matches = sortDocuments(matches, options.sort);
  const start = options.skip ?? 0;
  if (start || options.limit) matches = matches.slice(start, options.limit ? start + Math.abs(options.limit) : undefined);
  const projection = options.projection && Object.keys(options.projection).length ? options.projection : undefined;
  if (!projection) return matches;
  return asBadValue(() => new Query({}, mingoOptions(options.variables)).find<Document>(matches, projection).all());
}

