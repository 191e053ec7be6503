import type { Document } from 'bson';
import { $all as mingoAll, $eq as mingoEq } from 'mingo/operators/query';
import { badValue } from '../errors.js';
import { valueKey, valuesAtPath } from '../store/keys.js';

/**
 * MongoDB's equality, by the same canonical keys the indexes use: a field equals a value when the
 * field, or an element of it, has the same key. That gives MongoDB's answers where mingo's differ —
 * null matches missing fields and array elements lacking the field, embedded documents compare field by
 * field in order, and a scalar field matches `$all` of one value — and it keeps queries and index
 * lookups in agreement by construction.
 */
type QueryOperator = (selector: string, value: unknown, options: unknown) => (doc: Document) => boolean;

const matchesAnyKey = (selector: string, keys: Set<string>, patterns: RegExp[]) => (doc: Document) =>
  valuesAtPath(doc, selector).some(
    (value) =>
      keys.has(valueKey(value)) ||
      (typeof value === 'string' && patterns.some((pattern) => pattern.test(value))),
  );

export const $eq: QueryOperator = (selector, value, options) => {
  // {field: {$eq: /re/}} matches stored regular expressions; leave that rarity to mingo.
  if (value instanceof RegExp) return (mingoEq as QueryOperator)(selector, value, options);
  return matchesAnyKey(selector, new Set([valueKey(value)]), []);
};

export const $ne: QueryOperator = (selector, value, options) => {
  const equal = $eq(selector, value, options);
  return (doc) => !equal(doc);
};

export const $in: QueryOperator = (selector, values) => {
  if (!Array.isArray(values)) throw badValue('$in needs an array');
  const patterns = values.filter((value): value is RegExp => value instanceof RegExp);
  const keys = new Set(values.filter((value) => !(value instanceof RegExp)).map(valueKey));
  return matchesAnyKey(selector, keys, patterns);
};

export const $nin: QueryOperator = (selector, values, options) => {
  const inside = $in(selector, values, options);
  return (doc) => !inside(doc);
};

export const $all: QueryOperator = (selector, values, options) => {
  if (!Array.isArray(values)) throw badValue('$all needs an array');
  if (values.some((value) => typeof value === 'object' && value !== null && '$elemMatch' in value)) {
    return (mingoAll as QueryOperator)(selector, values, options);
  }
  if (values.length === 0) return () => false;
  const each = values.map((value) =>
    value instanceof RegExp ? matchesAnyKey(selector, new Set(), [value]) : $eq(selector, value, options),
  );
  return (doc) => each.every((matches) => matches(doc));
};
