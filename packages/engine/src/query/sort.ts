import type { Document } from 'bson';
import { notSupported } from '../errors.js';
import { MISSING, valuesAtPath } from '../store/keys.js';

export type SortSpec = Record<string, 1 | -1>;

/**
 * Sorts documents as MongoDB does: values of different types in BSON order (null < numbers < strings
 * < objects < arrays < binary < ObjectId < booleans < dates < timestamps < regexes), missing fields as
 * null, and an array field by its smallest element ascending and its largest descending. Each
 * document's sort key is computed once, so large sorts stay O(n log n) comparisons of plain values.
 */
export function sortDocuments<T extends Document>(documents: T[], spec: Document): T[] {
  const fields = Object.entries(assertSortSpec(spec));
  const keyed = documents.map((doc) => ({
    doc,
    key: fields.map(([path, direction]) => sortKey(doc, path, direction)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareBson(a.key[i], b.key[i]);
      if (order !== 0) return order * fields[i]![1];
    }
    return 0;
  });
  return keyed.map((entry) => entry.doc);
}

export function assertSortSpec(spec: Document): SortSpec {
  for (const [field, direction] of Object.entries(spec)) {
    if (direction !== 1 && direction !== -1) {
      throw notSupported(`sort ${JSON.stringify(direction)} on '${field}' (only 1 and -1)`);
    }
  }
  return spec as SortSpec;
}

function sortKey(doc: Document, path: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, path);
  // valuesAtPath lists a trailing array and its elements; sorting uses the elements (or null if empty).
  const candidates = values.filter((value) => !Array.isArray(value));
  if (candidates.length === 0) return null;
  let best = candidates[0] === MISSING ? null : candidates[0];
  for (const value of candidates.slice(1)) {
    const normalised = value === MISSING ? null : value;
    const order = compareBson(normalised, best);
    if ((direction === 1 && order < 0) || (direction === -1 && order > 0)) best = normalised;
  }
  return best;
}

const RANK_BY_BSON_TYPE: Record<string, number> = {
  MinKey: 0,
  Int32: 2,
  Double: 2,
  Long: 2,
  Decimal128: 2,
  BSONSymbol: 3,
  Binary: 6,
  ObjectId: 7,
  Timestamp: 10,
  BSONRegExp: 11,
  MaxKey: 12,
};

function rank(value: unknown): number {
  if (value === null || value === undefined || value === MISSING) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(value)) return 5;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  return bsonType ? (RANK_BY_BSON_TYPE[bsonType] ?? 4) : 4;
}

/** MongoDB's total order over BSON values (without collation). */
export function compareBson(a: unknown, b: unknown): number {
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case 1:
      return 0;
    case 2:
      return compareScalars(Number(a), Number(b));
    case 3:
    case 7:
      return compareScalars(String(a), String(b));
    case 8:
      return compareScalars(Number(a), Number(b));
    case 9:
      return compareScalars((a as Date).getTime(), (b as Date).getTime());
    case 5: {
      const left = a as unknown[];
      const right = b as unknown[];
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const order = compareBson(left[i], right[i]);
        if (order !== 0) return order;
      }
      return compareScalars(left.length, right.length);
    }
    case 4: {
      // Field by field, in order: each field's type first, then its name, then its value.
      const left = Object.entries(a as Document);
      const right = Object.entries(b as Document);
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const [leftName, leftValue] = left[i]!;
        const [rightName, rightValue] = right[i]!;
        const order =
          compareScalars(rank(leftValue), rank(rightValue)) ||
          compareScalars(leftName, rightName) ||
          compareBson(leftValue, rightValue);
        if (order !== 0) return order;
      }
      return compareScalars(left.length, right.length);
    }
    default:
      return compareScalars(String(a), String(b));
  }
}

function compareScalars<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
