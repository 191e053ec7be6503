import type { Document } from 'bson';
import type { ComputedOperator } from './computed-operator.js';
import { badValue, notSupported } from '../errors.js';
import { cloneDocument } from '../store/clone.js';
import { isDocument, valueKey } from '../store/keys.js';
import { compileFilter } from './filter.js';
import { compareBson, sortDocuments } from './sort.js';
import { shownValue, typeName } from './shown-values.js';

const PUSH_MODIFIERS = new Set(['$each', '$slice', '$sort', '$position']);

/**
 * Query operators that test a field's value. A $pull condition starting with one applies to each
 * element as a value (`{$gte: 5}`, `{$in: [...]}`, `{$elemMatch: ...}`); any other condition is a query
 * each element must be a document to match (`{qty: {$lt: 5}}`, `{$or: [...]}`), as in MongoDB.
 */
const VALUE_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$all',
  '$elemMatch',
  '$size',
  '$exists',
  '$type',
  '$regex',
  '$options',
  '$not',
  '$mod',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
]);

/**
 * The array operators MongoDB defines by value comparison and modifiers, computed by the engine:
 * mingo's versions drop duplicates already stored ($addToSet), compare documents regardless of field
 * order, ignore $sort/$slice when creating the array ($push) and misread `$or` or array values ($pull).
 */
export const ARRAY_MODIFIERS: Record<string, ComputedOperator> = {
  $push: push,
  $addToSet: addToSet,
  $pull: pull,
  $pullAll: pullAll,
};

function push(current: unknown, spec: unknown): unknown[] {
  const array = Array.isArray(current) ? current.slice() : [];
  if (!isDocument(spec) || !('$each' in spec)) {
    if (isDocument(spec) && Object.keys(spec).some((key) => PUSH_MODIFIERS.has(key)))
      throw notSupported('$push modifiers without $each');
    array.push(cloneDocument(spec));
    return array;
  }
  for (const key of Object.keys(spec)) {
    if (!PUSH_MODIFIERS.has(key)) throw badValue(`Unrecognized clause in $push: ${key}`);
  }
  const each = spec.$each;
  if (!Array.isArray(each))
    throw badValue(`The argument to $each in $push must be an array but it was of type: ${typeName(each)}`);
  const position = integerModifier(spec, '$position');
  const slice = integerModifier(spec, '$slice');
  // A negative $position counts from the end; any position past either end clamps to it.
  const at =
    position === undefined
      ? array.length
      : position < 0
        ? Math.max(0, array.length + position)
        : Math.min(position, array.length);
  array.splice(at, 0, ...each.map(cloneDocument));
  const sorted = spec.$sort === undefined ? array : sortElements(array, spec.$sort);
  if (slice === undefined) return sorted;
  return slice >= 0 ? sorted.slice(0, slice) : sorted.slice(Math.max(0, sorted.length + slice));
}

function integerModifier(spec: Document, name: '$position' | '$slice'): number | undefined {
  const value: unknown = spec[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw badValue(`The value for ${name} must be an integer value but was given type: ${typeName(value)}`);
}

function sortElements(array: unknown[], sort: unknown): unknown[] {
  if (sort === 1 || sort === -1) return array.sort((a, b) => sort * compareBson(a, b));
  const fields = isDocument(sort) ? Object.entries(sort) : [];
  const valid =
    fields.length > 0 &&
    fields.every(
      ([field, direction]) => field !== '' && !field.startsWith('$') && (direction === 1 || direction === -1),
    );
  if (!valid)
    throw badValue(
      'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
    );
  // How MongoDB orders values that are not documents by a field is not reproduced; refuse instead.
  if (!array.every(isDocument))
    throw notSupported('$push with $sort by field on an array holding values that are not documents');
  return sortDocuments(array as Document[], sort as Document);
}

function addToSet(current: unknown, spec: unknown): unknown[] | undefined {
  let values: unknown[] = [spec];
  if (isDocument(spec) && '$each' in spec) {
    if (Object.keys(spec).length > 1)
      throw badValue(`Found unexpected fields after $each in $addToSet: ${shownValue(spec)}`);
    if (!Array.isArray(spec.$each))
      throw badValue(
        `The argument to $each in $addToSet must be an array but it was of type ${typeName(spec.$each)}`,
      );
    values = spec.$each;
  }
  const array = Array.isArray(current) ? current.slice() : [];
  // Values compare as BSON does: numbers by value, embedded documents field by field in order.
  const present = new Set(array.map(valueKey));
  for (const value of values) {
    const key = valueKey(value);
    if (present.has(key)) continue;
    present.add(key);
    array.push(cloneDocument(value));
  }
  return Array.isArray(current) && array.length === current.length ? undefined : array;
}

function pull(current: unknown, condition: unknown): unknown[] | undefined {
  const matches = pullMatcher(condition);
  if (!Array.isArray(current)) return undefined;
  const kept = current.filter((element) => !matches(element));
  return kept.length === current.length ? undefined : kept;
}

function pullMatcher(condition: unknown): (element: unknown) => boolean {
  if (isDocument(condition)) {
    const first = Object.keys(condition)[0];
    if (first === undefined || !VALUE_OPERATORS.has(first)) {
      const query = compileFilter(condition);
      return (element) => isDocument(element) && query.test(element);
    }
  }
  if (isDocument(condition) || condition instanceof RegExp) {
    const query = compileFilter({ value: condition });
    return (element) => query.test({ value: element });
  }
  const key = valueKey(condition);
  return (element) => valueKey(element) === key;
}

function pullAll(current: unknown, values: unknown): unknown[] | undefined {
  if (!Array.isArray(values))
    throw badValue(`$pullAll requires an array argument but was given a ${typeName(values)}`);
  if (!Array.isArray(current)) return undefined;
  const keys = new Set(values.map(valueKey));
  const kept = current.filter((element) => !keys.has(valueKey(element)));
  return kept.length === current.length ? undefined : kept;
}
