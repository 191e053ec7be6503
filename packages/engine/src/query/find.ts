import type { Document } from 'bson';
import type { Collection } from '../store/collection.js';
import { asBadValue, compileFilter } from './filter.js';
import { assertSortSpec, sortDocuments } from './sort.js';
import { projectDocuments } from './projection.js';
import { planQuery } from './planner.js';
import type { QueryTrace } from './trace.js';
import { hasTypedLeaves, toPlain, typedOf } from '../numbers/typed-values.js';

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
 * treat them as read-only. A `trace` (explain's) is filled in with the plan and what it examined.
 */
export function findDocuments(
  collection: Collection | undefined,
  options: FindOptions,
  trace?: QueryTrace,
): Document[] {
  if (!trace) return runFind(collection, options);
  const started = performance.now();
  trace.filter = options.filter;
  trace.sort = options.sort;
  trace.skip = options.skip;
  trace.limit = options.limit;
  trace.projection = options.projection;
  const results = runFind(collection, options, trace);
  trace.elapsedMs = performance.now() - started;
  return results;
}

function runFind(collection: Collection | undefined, options: FindOptions, trace?: QueryTrace): Document[] {
  // Compiled before anything is read, so a bad filter is refused even when there is nothing to match.
  const query = compileFilter(options.filter, options.variables);
  if (!collection) return [];
  const sort = options.sort && Object.keys(options.sort).length ? assertSortSpec(options.sort) : undefined;
  const start = options.skip ?? 0;
  const end = options.limit ? start + Math.abs(options.limit) : Infinity;
  const plan = planQuery(collection, options.filter, sort, Number.isFinite(end) ? end : undefined, trace);
  let matches: Document[] = [];
  if (plan.sorted) {
    // Candidates arrive in order: stop reading as soon as the page is full.
    asBadValue(() => {
      for (const doc of plan.documents) {
        if (!query.test(doc)) continue;
        matches.push(doc);
        if (matches.length >= end) break;
      }
    });
    if (trace) trace.matched = matches.length;
    matches = matches.slice(start);
  } else {
    matches = asBadValue(() => [...plan.documents].filter((doc) => query.test(doc)));
    if (trace) trace.matched = matches.length;
    if (sort) matches = sortDocuments(matches, sort);
    if (start || end !== Infinity) matches = matches.slice(start, end);
  }
  const projection =
    options.projection && Object.keys(options.projection).length ? options.projection : undefined;
  if (!projection) return matches;
  return projectDocuments(matches, projection, options.variables).map(idFirst);
}

/** MongoDB always returns `_id` as the first field of a document. */
export function idFirst(doc: Document): Document {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  // The reordered copy of a document holding 5.0 doubles or longs gets its own typed twin.
  const { _id, ...rest } = typedOf(doc);
  return hasTypedLeaves(doc) ? toPlain({ _id, ...rest }) : { _id, ...rest };
}
