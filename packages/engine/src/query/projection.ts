import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { badValue, locationError, notSupported } from '../errors.js';
import { asBadValue, assertSupportedOperators, queryOptions } from './filter.js';
import { hasTypedLeaves, typedOf } from '../numbers/typed-values.js';
import { copiedByProjection, resultTypesOf, typeStageOutput } from '../numbers/stage-types.js';

/**
 * A find (or findAndModify) projection with MongoDB's semantics. Plain inclusions, exclusions and
 * expressions go to mingo; the $slice and $elemMatch projection operators, which mingo implements
 * differently, are applied here on top-level array fields as MongoDB documents them:
 * - `{arr: {$slice: n}}` keeps the first n (or last -n) elements, `[skip, limit]` a window; on its own
 *   it leaves every other field in place, and a field that is not an array is returned as it is;
 * - `{arr: {$elemMatch: cond}}` keeps the first matching element as a one-element array, placed after
 *   the other included fields, and drops the field when nothing matches; it makes the projection an
 *   inclusion (only _id and the included fields come back).
 * Dotted paths, the positional `$` and $elemMatch in an exclusion are refused rather than guessed.
 * Numbers keep their BSON types where the projection copies them (typedProjection).
 */
export function projectDocuments(
  documents: Document[],
  projection: Document,
  variables?: Document,
): Document[] {
  const { plain, slices, elemMatches } = splitProjection(projection);
  assertOneMode(plain);
  const mode = projectionMode(plain, elemMatches.size > 0);
  const othersThanId = Object.keys(plain).some((field) => field !== '_id');
  if (
    slices.size > 0 &&
    !othersThanId &&
    elemMatches.size === 0 &&
    plain._id !== undefined &&
    !isExcluded(plain._id)
  )
    throw notSupported('the $slice projection beside an included _id and no other field');
  if (elemMatches.size > 0 && mode === 'exclusion')
    throw notSupported('the $elemMatch projection together with excluded fields');
  const mingoProjection: Document = { ...plain };
  if (mode === 'inclusion') for (const field of slices.keys()) mingoProjection[field] = 1;
  const onlyId = mode === 'inclusion' && !Object.keys(mingoProjection).some((field) => field !== '_id');
  const projected = onlyId
    ? documents.map((doc) => (isExcluded(plain._id) || !('_id' in doc) ? {} : { _id: doc._id }))
    : Object.keys(mingoProjection).length === 0
      ? documents.map((doc) => ({ ...doc }))
      : asBadValue(() =>
          new Query({}, queryOptions(variables)).find<Document>(documents, mingoProjection).all(),
        );
  // mingo lists included fields alphabetically; MongoDB keeps the document's own order.
  const keepOrder = mode === 'inclusion' && Object.values(plain).every(isFlag);
  const copied = copiedByProjection(plain);
  const resultTypes = resultTypesOf('$project', plain);
  return projected.map((projectedDocument, index) => {
    const original = documents[index]!;
    // A copy, so replacing a field never reaches the stored document mingo may have handed back.
    const result: Document = keepOrder
      ? (inDocumentOrder(projectedDocument, original) as Document)
      : { ...projectedDocument };
    const typedSource = hasTypedLeaves(original) ? (typedOf(original) as Document) : undefined;
    // The typed versions of the arrays $slice and $elemMatch cut, element for element.
    const typedArrays: Document = {};
    for (const [field, spec] of slices) {
      const value = original[field];
      if (field in result && Array.isArray(value)) {
        result[field] = sliceArray(value, spec);
        if (typedSource) typedArrays[field] = sliceArray(typedSource[field] as unknown[], spec);
      }
    }
    for (const [field, condition] of elemMatches) {
      delete result[field];
      const match = firstMatch(original[field], condition, variables);
      if (match.index !== undefined) {
        result[field] = [(original[field] as unknown[])[match.index]];
        if (typedSource) typedArrays[field] = [(typedSource[field] as unknown[])[match.index]];
      }
    }
    if (!typedSource && resultTypes.size === 0) return result;
    return typeStageOutput(
      result,
      typedSource && { ...typedSource, ...typedArrays },
      (field) => field in typedArrays || copied(field),
      typedSource !== undefined,
      'a projection',
      () => false,
      resultTypes,
    );
  });
}

type SliceSpec = { skip: number; limit?: number } | { count: number };

function splitProjection(projection: Document): {
  plain: Document;
  slices: Map<string, SliceSpec>;
  elemMatches: Map<string, Document>;
} {
  const plain: Document = {};
  const slices = new Map<string, SliceSpec>();
  const elemMatches = new Map<string, Document>();
  for (const [path, value] of Object.entries(projection)) {
    if (path.split('.').includes('$')) throw notSupported('the positional $ projection');
    const operator = isPlainObject(value) ? Object.keys(value)[0] : undefined;
    if (operator !== '$slice' && operator !== '$elemMatch') {
      plain[path] = value;
      continue;
    }
    if (Object.keys(value as Document).length !== 1)
      throw notSupported(`the ${operator} projection with other fields beside it`);
    if (path.includes('.')) throw notSupported(`the ${operator} projection of a nested field (${path})`);
    const argument = (value as Document)[operator];
    if (operator === '$slice') slices.set(path, parseSlice(argument));
    else {
      if (!isPlainObject(argument)) throw badValue('$elemMatch needs an Object');
      // A scalar element's type is not seen by $elemMatch's $type (query/filter.ts refuses it there too).
      assertSupportedOperators({ $elemMatch: argument });
      elemMatches.set(path, argument as Document);
    }
  }
  return { plain, slices, elemMatches };
}

function parseSlice(argument: unknown): SliceSpec {
  if (Number.isInteger(argument)) return { count: argument as number };
  if (Array.isArray(argument) && argument.length === 2 && argument.every((n) => Number.isInteger(n))) {
    const [skip, limit] = argument as [number, number];
    if (limit <= 0) throw badValue(`$slice limit must be positive`);
    return { skip, limit };
  }
  throw notSupported(`the $slice projection with ${JSON.stringify(argument)} (use whole numbers)`);
}

function sliceArray(array: unknown[], spec: SliceSpec): unknown[] {
  if ('count' in spec)
    return spec.count >= 0 ? array.slice(0, spec.count) : array.slice(Math.max(0, array.length + spec.count));
  const start = spec.skip >= 0 ? Math.min(spec.skip, array.length) : Math.max(0, array.length + spec.skip);
  return array.slice(start, start + spec.limit!);
}

/** The first element $elemMatch accepts, judged by the engine's own $elemMatch query operator. */
function firstMatch(
  value: unknown,
  condition: Document,
  variables: Document | undefined,
): { index?: number } {
  if (!Array.isArray(value)) return {};
  const query = asBadValue(() => new Query({ element: { $elemMatch: condition } }, queryOptions(variables)));
  for (let index = 0; index < value.length; index++) {
    if (asBadValue(() => query.test({ element: [value[index]] }))) return { index };
  }
  return {};
}

/**
 * MongoDB refuses a projection that both includes and excludes fields (_id aside), naming the first
 * field that disagrees with those before it, with a code of its own for each way round. Only flags are
 * judged here; sub-projections and expressions are left to mingo.
 */
function assertOneMode(plain: Document): void {
  let mode: 'inclusion' | 'exclusion' | undefined;
  for (const [field, value] of Object.entries(plain)) {
    if (field === '_id' || !(typeof value === 'number' || typeof value === 'boolean')) continue;
    const fieldMode = isExcluded(value) ? 'exclusion' : 'inclusion';
    mode ??= fieldMode;
    if (fieldMode === mode) continue;
    throw fieldMode === 'exclusion'
      ? locationError(31254, `Cannot do exclusion on field ${field} in inclusion projection`)
      : locationError(31253, `Cannot do inclusion on field ${field} in exclusion projection`);
  }
}

/** Inclusion or exclusion, judged as MongoDB does: by the fields other than _id. */
function projectionMode(plain: Document, hasElemMatch: boolean): 'inclusion' | 'exclusion' {
  const others = Object.entries(plain).filter(([field]) => field !== '_id');
  if (others.some(([, value]) => isExcluded(value))) return 'exclusion';
  if (others.length > 0 || hasElemMatch) return 'inclusion';
  return 'exclusion';
}

/** A copy of a projected value with its fields in the order the original value has them. */
function inDocumentOrder(projected: unknown, original: unknown): unknown {
  if (Array.isArray(projected))
    return projected.map((element, i) =>
      inDocumentOrder(element, Array.isArray(original) ? original[i] : undefined),
    );
  if (!isPlainObject(projected) || !isPlainObject(original)) return projected;
  const ordered: Document = {};
  for (const field of Object.keys(original))
    if (field in projected) ordered[field] = inDocumentOrder(projected[field], original[field]);
  for (const field of Object.keys(projected)) if (!(field in ordered)) ordered[field] = projected[field];
  return ordered;
}

function isFlag(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

function isExcluded(value: unknown): boolean {
  return value === 0 || value === false;
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor === Object;
}
