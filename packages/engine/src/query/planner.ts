import type { Document } from 'bson';
import type { Collection, QueryMetrics } from '../store/collection.js';
import type { SecondaryIndex } from '../store/secondary-index.js';
import { boundOn } from './range-bounds.js';
import type { AccessPath, QueryTrace } from './trace.js';

/** Past this many value combinations an index lookup stops being cheaper than a scan. */
const MAX_LOOKUP_COMBINATIONS = 1_000;

/**
 * The documents a filter can possibly match. An equality (or `$in`) on `_id`, or on every field of an
 * index, is answered from the index without touching other documents; anything else is a scan. The
 * caller still applies the full filter, so the planner only has to return a superset.
 */
export function candidateDocuments(collection: Collection, filter: unknown): Iterable<Document> {
  return planQuery(collection, filter).documents;
}

export interface QueryPlan {
  /** A superset of the matching documents, each examined one counted in serverStatus. */
  documents: Iterable<Document>;
  /** True when `documents` already come in the requested sort order (read from an ordered index). */
  sorted: boolean;
}

/**
 * Picks how to read a query's candidates: by `_id`, through the cheapest index (by its exact entry
 * counts; an index already in the requested sort order can stop at `limit`), or by scanning. The caller
 * still applies the full filter, so the plan only has to return a superset.
 */
export function planQuery(
  collection: Collection,
  filter: unknown,
  sort?: Document,
  limit?: number,
  trace?: QueryTrace,
): QueryPlan {
  const plan = choosePlan(collection, filter, sort, limit, trace);
  if (trace) {
    trace.access = plan.access;
    trace.sortedByIndex = plan.sorted;
  }
  return { documents: counted(plan.documents, collection.metrics, trace), sorted: plan.sorted };
}

/** Counts every document a query examines, so serverStatus can show that indexed lookups do not scan. */
function* counted(
  documents: Iterable<Document>,
  metrics: QueryMetrics,
  trace: QueryTrace | undefined,
): Generator<Document> {
  for (const doc of documents) {
    metrics.scannedObjects++;
    if (trace) trace.docsExamined++;
    yield doc;
  }
}

type ChosenPlan = QueryPlan & { access: AccessPath };

function choosePlan(
  collection: Collection,
  filter: unknown,
  sort: Document | undefined,
  limit: number | undefined,
  trace: QueryTrace | undefined,
): ChosenPlan {
  const scan: ChosenPlan = {
    documents: collection.documents.values(),
    sorted: false,
    access: { kind: 'collectionScan' },
  };
  const equalities = equalityConditions(filter);
  if (equalities.size === 0) return orderedScan(collection, filter, sort, trace) ?? scan;

  const ids = equalities.get('_id');
  if (ids) {
    if (trace) trace.keysExamined += ids.length;
    const documents = ids.map((id) => collection.get(id)).filter((doc): doc is Document => doc !== undefined);
    return { documents, sorted: false, access: { kind: 'idLookup', values: ids.length } };
  }

  const sortFields = sort ? (Object.entries(sort) as Array<[string, number]>) : [];
  const options: Array<{ index: SecondaryIndex; combinations: unknown[][]; givesOrder: boolean }> = [];
  for (const index of collection.indexes.values()) {
    const perField: unknown[][] = [];
    for (const field of index.fields) {
      const values = equalities.get(field);
      if (!values) break;
      perField.push(values);
    }
    if (perField.length === 0) continue;
    const nullable = perField.some((values) => values.some((value) => value === null));
    if (!index.coversEveryDocument && (nullable || !index.spec.sparse || index.spec.partialFilterExpression))
      continue;
    const combinations = cartesian(perField);
    if (!combinations) continue;
    const givesOrder = index.orderAgainst(perField.length, sortFields) !== undefined;
    options.push({ index, combinations, givesOrder });
  }
  if (options.length === 0) return orderedScan(collection, filter, sort, trace) ?? scan;

  // Costs in documents examined, from the indexes' exact entry counts. Reading the most selective index
  // costs its count (then a sort of that many); reading an index in sort order costs its count too,
  // unless a limit lets it stop early: about limit × (its count / the matches expected, which the most
  // selective index bounds).
  const costed = options.map((option) => ({ ...option, count: option.index.count(option.combinations) }));
  const selective = costed.reduce((a, b) => (b.count < a.count ? b : a));
  const ordered = costed
    .filter((option) => option.givesOrder)
    .reduce<(typeof costed)[number] | undefined>((a, b) => (!a || b.count < a.count ? b : a), undefined);
  if (ordered) {
    const expectedMatches = Math.max(1, selective.count);
    const orderedCost = limit
      ? Math.min(ordered.count, (limit * ordered.count) / expectedMatches)
      : ordered.count;
    // Only the chosen index's order is built (it may then turn out multikey, and not give it).
    const inOrder =
      orderedCost <= selective.count
        ? ordered.index.orderedLookup(ordered.combinations, sortFields, boundOn(filter, sortFields[0]![0]))
        : undefined;
    if (inOrder) {
      if (trace) trace.rejected = rejectedScans(costed, ordered.index);
      return {
        documents: documentsFor(collection, inOrder, trace),
        sorted: true,
        access: { kind: 'indexScan', index: ordered.index, direction: directionOf(ordered.index, sort) },
      };
    }
  }
  if (trace) trace.rejected = rejectedScans(costed, selective.index);
  return {
    documents: documentsFor(collection, selective.index.lookup(selective.combinations), trace),
    sorted: false,
    access: { kind: 'indexScan', index: selective.index, direction: 'forward' },
  };
}

/**
 * How many documents match `filter` when indexes answer the whole of it, as MongoDB counts from index keys
 * without reading a document: every condition an equality or `$in` (any of) or `$all` (every one of) of
 * scalars. Either one index's leading fields are exactly the filter's fields, or each field leads an index
 * of its own and the documents each names are intersected (a board's stories holding a word). Undefined
 * when the filter asks anything an index entry cannot tell. `stopAt`: count no further than this (a
 * `$limit` before the count), so a capped count reads at most that many entries of its smallest set.
 */
export function countFromIndex(
  collection: Collection,
  filter: unknown,
  stopAt = Infinity,
): number | undefined {
  if (!isPlainObject(filter)) return undefined;
  const fields = Object.keys(filter);
  if (fields.length === 0 || fields.some((field) => field.startsWith('$'))) return undefined;
  const conditions = new Map<string, { values: unknown[]; every: boolean }>();
  for (const field of fields) {
    const condition = exactCondition(filter[field]);
    if (!condition) return undefined;
    conditions.set(field, condition);
  }
  if ([...conditions.values()].every((condition) => !condition.every)) {
    for (const index of collection.indexes.values()) {
      const leading = index.fields.slice(0, fields.length);
      if (!index.coversEveryDocument || leading.length < fields.length) continue;
      if (!leading.every((field) => conditions.has(field))) continue;
      const combinations = cartesian(leading.map((field) => conditions.get(field)!.values));
      return combinations && Math.min(index.countUnion(combinations), stopAt);
    }
  }
  // Each field through an index it leads: the documents holding any (or every) value, then intersected.
  const conditionsAsSets: ReadonlySet<string>[][] = [];
  for (const [field, { values, every }] of conditions) {
    const index = collection.indexLeadingWith(field);
    if (!index) return undefined;
    if (every) for (const value of values) conditionsAsSets.push(index.entrySets([[value]]));
    else conditionsAsSets.push(index.entrySets(values.map((value) => [value])));
  }
  return countHeldByAll(conditionsAsSets, stopAt);
}

/**
 * How many ids are in some set of every condition, reading the indexes' own sets rather than copying
 * them (a status holds most of the collection): the smallest condition's ids, each counted in the first
 * of its sets that holds it (a multikey document is in several), probed in the others.
 */
function countHeldByAll(conditionsAsSets: ReadonlySet<string>[][], stopAt: number): number {
  const sizeOf = (sets: ReadonlySet<string>[]) => sets.reduce((total, set) => total + set.size, 0);
  const [smallest, ...others] = [...conditionsAsSets].sort((a, b) => sizeOf(a) - sizeOf(b));
  let count = 0;
  for (const [i, set] of smallest!.entries()) {
    const earlier = smallest!.slice(0, i);
    for (const idKey of set) {
      if (earlier.some((other) => other.has(idKey))) continue;
      if (others.every((sets) => sets.some((other) => other.has(idKey)))) count++;
      if (count >= stopAt) return count;
    }
  }
  return count;
}

/**
 * What `field: v`, `{ $eq: v }`, `{ $in: [...] }` or `{ $all: [...] }` asks of a field, when every value
 * is a string, number, boolean, date or ObjectId: values whose index key is exactly what the query means
 * (no null that also means missing, no array that also matches by element). `every`: `$all`.
 */
function exactCondition(condition: unknown): { values: unknown[]; every: boolean } | undefined {
  if (isPlainObject(condition) && Object.keys(condition).length === 1 && Array.isArray(condition.$all)) {
    const values = condition.$all as unknown[];
    return values.length > 0 && values.every(isExactScalar) ? { values, every: true } : undefined;
  }
  const values = exactEqualityValues(condition);
  return values ? { values, every: false } : undefined;
}

function isExactScalar(value: unknown): boolean {
  return (
    ['string', 'number', 'boolean'].includes(typeof value) ||
    value instanceof Date ||
    (value as { _bsontype?: string } | null)?._bsontype === 'ObjectId'
  );
}

/**
 * The values `field: v`, `{ $eq: v }` or `{ $in: [...] }` allow, when each is a string, number, boolean,
 * date or ObjectId: values whose index key is exactly what the query means (no null that also means
 * missing, no array that also matches by element).
 */
function exactEqualityValues(condition: unknown): unknown[] | undefined {
  const scalar = isExactScalar;
  if (!isPlainObject(condition)) return scalar(condition) ? [condition] : undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if ('$eq' in condition) return scalar(condition.$eq) ? [condition.$eq] : undefined;
  if ('$in' in condition && Array.isArray(condition.$in) && condition.$in.every(scalar)) return condition.$in;
  return undefined;
}

function rejectedScans(options: Array<{ index: SecondaryIndex }>, chosen: SecondaryIndex): AccessPath[] {
  return options
    .filter((option) => option.index !== chosen)
    .map((option) => ({ kind: 'indexScan', index: option.index, direction: 'forward' }));
}

/** An index read in sort order runs backward when the sort's first field goes against the index. */
function directionOf(index: SecondaryIndex, sort: Document | undefined): 'forward' | 'backward' {
  const [field, direction] = Object.entries(sort ?? {})[0] ?? [];
  if (field === undefined) return 'forward';
  return Math.sign(Number(direction)) === Math.sign(index.spec.key[field] ?? 1) ? 'forward' : 'backward';
}

/**
 * Without an equality an index can answer, a sort may still be read from an index that leads with the
 * sorted fields: the caller stops at its limit instead of sorting the collection.
 */
function orderedScan(
  collection: Collection,
  filter: unknown,
  sort: Document | undefined,
  trace: QueryTrace | undefined,
): ChosenPlan | undefined {
  if (!sort || Object.keys(sort).length === 0) return undefined;
  const sortFields = Object.entries(sort) as Array<[string, number]>;
  const bound = boundOn(filter, sortFields[0]![0]);
  for (const index of collection.indexes.values()) {
    if (!index.coversEveryDocument) continue;
    const ordered = index.orderedLookup([[]], sortFields, bound);
    if (ordered) {
      return {
        documents: documentsFor(collection, ordered, trace),
        sorted: true,
        access: { kind: 'indexScan', index, direction: directionOf(index, sort) },
      };
    }
  }
  return undefined;
}

function* documentsFor(
  collection: Collection,
  idKeys: Iterable<string>,
  trace: QueryTrace | undefined,
): Generator<Document> {
  for (const idKey of idKeys) {
    if (trace) trace.keysExamined++;
    const doc = collection.documents.get(idKey);
    if (doc) yield doc;
  }
}

/** field → the values an equality condition on it allows (one for `field: v`, several for `$in`). */
function equalityConditions(filter: unknown): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  if (!isPlainObject(filter)) return found;
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) {
        for (const [nestedField, values] of equalityConditions(clause)) {
          if (!found.has(nestedField)) found.set(nestedField, values);
        }
      }
      continue;
    }
    if (field.startsWith('$')) continue;
    const values = equalityValues(condition);
    if (values) found.set(field, values);
  }
  return found;
}

function equalityValues(condition: unknown): unknown[] | undefined {
  if (condition instanceof RegExp) return undefined;
  if (!isPlainObject(condition)) return isIndexable(condition) ? [condition] : undefined;
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((key) => key.startsWith('$'))) return [condition];
  if (operators.length !== 1) return undefined;
  if ('$eq' in condition) return isIndexable(condition.$eq) ? [condition.$eq] : undefined;
  if ('$in' in condition && Array.isArray(condition.$in)) {
    return condition.$in.every(isIndexable) ? condition.$in : undefined;
  }
  // Documents matching {$all: [a, b]} all hold a, so a's entries are a superset of the answer.
  if ('$all' in condition && Array.isArray(condition.$all) && condition.$all.length > 0) {
    const [first] = condition.$all;
    return isIndexable(first) && !isPlainObject(first) ? [first] : undefined;
  }
  return undefined;
}

/** Regular expressions match by pattern, not by equality, so an index of values cannot answer them. */
function isIndexable(value: unknown): boolean {
  if (value instanceof RegExp) return false;
  if (Array.isArray(value)) return value.every(isIndexable);
  if (isPlainObject(value)) return Object.values(value).every(isIndexable);
  return (value as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp';
}

function cartesian(perField: unknown[][]): unknown[][] | undefined {
  let combinations: unknown[][] = [[]];
  for (const values of perField) {
    combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
    if (combinations.length > MAX_LOOKUP_COMBINATIONS) return undefined;
  }
  return combinations;
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && value.constructor === Object;
}
