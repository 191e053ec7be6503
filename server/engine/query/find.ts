import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { notSupported } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { asBadValue, compileFilter, mingoOptions } from './filter.js';
import { assertSortSpec, sortDocuments } from './sort.js';
import { planQuery } from './planner.js';
import { hasTypedLeaves, typedOf } from '../numbers/typed-values.js';
import { copiedByProjection, resultTypesOf, typeStageOutput } from '../numbers/stage-types.js';

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
  const sort = options.sort && Object.keys(options.sort).length ? assertSortSpec(options.sort) : undefined;
  const start = options.skip ?? 0;
  const end = options.limit ? start + Math.abs(options.limit) : Infinity;
  const plan = planQuery(collection, options.filter, sort, Number.isFinite(end) ? end : undefined);
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
    matches = matches.slice(start);
  } else {
    matches = asBadValue(() => [...plan.documents].filter((doc) => query.test(doc)));
    if (sort) matches = sortDocuments(matches, sort);
    if (start || end !== Infinity) matches = matches.slice(start, end);
  }
  const projection =
    options.projection && Object.keys(options.projection).length ? options.projection : undefined;
  if (!projection) return matches;
  assertSupportedProjection(projection);
  const projected = asBadValue(() =>
    new Query({}, mingoOptions(options.variables)).find<Document>(matches, projection).all(),
  );
  return projected.map((doc, i) => typeProjected(idFirst(doc), matches[i]!, projection));
}

/** A projection of a document holding 5.0 doubles or longs keeps their types where it copies them. */
export function typeProjected(projected: Document, source: Document, projection: Document): Document {
  const resultTypes = resultTypesOf('$project', projection);
  if (!hasTypedLeaves(source) && resultTypes.size === 0) return projected;
  const typed = hasTypedLeaves(source);
  return typeStageOutput(
    projected,
    typed ? typedOf(source) : undefined,
    copiedByProjection(projection),
    typed,
    'a projection',
    () => false,
    resultTypes,
  );
}

/** mingo's projection operators differ from MongoDB's, so find refuses them (aggregation can $slice). */
function assertSupportedProjection(projection: Document): void {
  for (const [path, value] of Object.entries(projection)) {
    if (path.endsWith('.$')) throw notSupported('the positional $ projection');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const operator = Object.keys(value)[0];
      if (operator === '$slice' || operator === '$elemMatch')
        throw notSupported(`the ${operator} projection in find (use aggregation)`);
    }
  }
}

/** MongoDB always returns `_id` as the first field of a document. */
export function idFirst(doc: Document): Document {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
