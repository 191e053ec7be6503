import { isDocument } from '../store/keys.js';
import { compareBson } from './sort.js';

/** One side of a range on a field's value. */
export interface Limit {
  value: unknown;
  inclusive: boolean;
}

/** The values of a field a filter can match at most: between `lower` and `upper` (either may be open). */
export interface Bound {
  lower?: Limit;
  upper?: Limit;
}

/**
 * The range of `field`'s values that every document `filter` matches must fall in, as far as the
 * filter's own comparisons on the field say (`$lt`, `$lte`, `$gt`, `$gte`, `$eq` or a plain value, under
 * `$and`, and under `$or` when every branch bounds it). A superset of what matches: the filter still
 * decides each document, so an index read can start and stop at the bound (the next page of a list
 * sorted by date, a report's period) instead of reading from the start. Undefined when nothing bounds it.
 */
export function boundOn(filter: unknown, field: string): Bound | undefined {
  if (!isDocument(filter)) return undefined;
  let bound: Bound | undefined;
  for (const [key, condition] of Object.entries(filter)) {
    if (key === field) bound = intersect(bound, conditionBound(condition));
    else if (key === '$and' && Array.isArray(condition))
      for (const clause of condition) bound = intersect(bound, boundOn(clause, field));
    else if (key === '$or' && Array.isArray(condition) && condition.length > 0) {
      const branches = condition.map((branch) => boundOn(branch, field));
      if (branches.every((branch): branch is Bound => branch !== undefined))
        bound = intersect(bound, branches.reduce(union));
    }
  }
  return bound;
}

/** What one condition on the field (an operator document, or a value it must equal) bounds it to. */
function conditionBound(condition: unknown): Bound | undefined {
  const isOperators = isDocument(condition) && Object.keys(condition).every((key) => key.startsWith('$'));
  if (!isOperators) return rangeable(condition) ? { lower: at(condition), upper: at(condition) } : undefined;
  let bound: Bound | undefined;
  for (const [operator, value] of Object.entries(condition)) {
    if (!rangeable(value)) continue;
    if (operator === '$eq') bound = intersect(bound, { lower: at(value), upper: at(value) });
    if (operator === '$lt') bound = intersect(bound, { upper: { value, inclusive: false } });
    if (operator === '$lte') bound = intersect(bound, { upper: at(value) });
    if (operator === '$gt') bound = intersect(bound, { lower: { value, inclusive: false } });
    if (operator === '$gte') bound = intersect(bound, { lower: at(value) });
  }
  return bound;
}

const at = (value: unknown): Limit => ({ value, inclusive: true });

/**
 * Scalars only: a comparison with null, an array or a document matches by MongoDB's own rules (null
 * matches missing fields, arrays match by element), which a range of index values does not express.
 */
function rangeable(value: unknown): boolean {
  if (value === null || value === undefined || Array.isArray(value) || value instanceof RegExp) return false;
  return !isDocument(value) && (value as { _bsontype?: string })._bsontype !== 'BSONRegExp';
}

function intersect(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    lower: pick(a.lower, b.lower, 'lower', 'stricter'),
    upper: pick(a.upper, b.upper, 'upper', 'stricter'),
  };
}

/** Both branches of an `$or` bound the field: the range holding either (open on a side either leaves open). */
function union(a: Bound, b: Bound): Bound {
  return {
    lower: a.lower && b.lower ? pick(a.lower, b.lower, 'lower', 'looser') : undefined,
    upper: a.upper && b.upper ? pick(a.upper, b.upper, 'upper', 'looser') : undefined,
  };
}

/** Of two limits on the same side, the stricter (intersection) or the looser (union). */
function pick(
  a: Limit | undefined,
  b: Limit | undefined,
  side: 'lower' | 'upper',
  which: 'stricter' | 'looser',
): Limit | undefined {
  if (!a) return b;
  if (!b) return a;
  const order = compareBson(a.value, b.value);
  if (order === 0) return a.inclusive === (which === 'looser') ? a : b;
  // A stricter lower limit is the greater value; a stricter upper limit the smaller.
  const aIsStricter = side === 'lower' ? order > 0 : order < 0;
  return aIsStricter === (which === 'stricter') ? a : b;
}
