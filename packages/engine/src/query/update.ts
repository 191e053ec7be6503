import { ObjectId, type Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { update as applyOperators } from 'mingo/updater';
import { badValue, failedToParse, immutableField, notSupported } from '../errors.js';
import { changedDocument, containsWrapper, typeOperatorUpdate } from '../numbers/update-types.js';
import { hasTypedLeaves, toPlain, typedOf } from '../numbers/typed-values.js';
import { cloneDocument } from '../store/clone.js';
import { valueKey } from '../store/keys.js';
import { parseArrayFilters, type ArrayFilter } from './array-filters.js';
import { applyComputedOperators } from './computed-operators.js';
import { asBadValue, assertSupportedOperators, mingoOptions } from './filter.js';
import { resolvePositionalPaths } from './positional.js';
import { assertApplicable, assertWellFormed, expandCurrentDate } from './update-checks.js';
import { assertKnownModifiers } from './update-modifiers.js';
import { inApplicationOrder } from './update-order.js';

/** One update as the update and findAndModify commands describe it. */
export interface UpdateRequest {
  filter: Document;
  update: Document | Document[];
  arrayFilters?: Document[];
  variables?: Document;
}

/** Stages MongoDB allows in an aggregation-pipeline update. */
const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

/**
 * The checks MongoDB makes when it parses an update statement, so they fail even when no document
 * matches: the update's shape, refused operators, overlapping paths and the arrayFilters.
 */
export function validateUpdate(update: unknown, arrayFilters?: unknown): void {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
        throw badValue(`${String(name)} is not allowed to be used within an update`);
      }
    }
  } else if (!update || typeof update !== 'object') {
    throw failedToParse('update must be an object or a pipeline');
  } else {
    assertKnownModifiers(update as Document);
  }
  assertSupportedOperators(update);
  if (Array.isArray(update) || isReplacement(update as Document)) {
    if (Array.isArray(arrayFilters) && arrayFilters.length > 0)
      throw notSupported('arrayFilters with a replacement or pipeline update');
    return;
  }
  assertWellFormed(update as Document);
  parseArrayFilters(arrayFilters, updatePaths(update as Document));
}

export function isReplacement(update: Document | Document[]): update is Document {
  return !Array.isArray(update) && !Object.keys(update).some((key) => key.startsWith('$'));
}

/**
 * Computes the updated version of a stored document without touching the stored one. Returns
 * `modified: false` when the update changes nothing (MongoDB's nModified counts only real changes).
 */
export function applyUpdate(
  original: Document,
  request: UpdateRequest,
  inserting = false,
): { doc: Document; modified: boolean } {
  // The filter locates the positional `$` element of a matched document; an upsert's new document
  // need not match it (a `$gt` condition contributes nothing to it), so it gets no condition.
  const condition = inserting ? {} : request.filter;
  const { update } = request;
  let doc: Document;
  if (Array.isArray(update)) {
    // A pipeline computes with plain numbers; what types MongoDB would give its results is not known.
    if (hasTypedLeaves(original) || containsWrapper(typedOf(update)))
      throw notSupported('pipeline updates of documents holding whole-number doubles or 64-bit integers');
    doc = asBadValue(
      () => new Aggregator(update, mingoOptions(request.variables)).run([cloneDocument(original)])[0]!,
    );
  } else if (isReplacement(update)) {
    doc = toPlain({ _id: typedOf(original)._id, ...withoutId(typedOf(update)) });
    if (update._id !== undefined && valueKey(update._id) !== valueKey(original._id))
      throw alteredId(update._id);
  } else {
    doc = cloneDocument(original);
    const operators: Document = expandCurrentDate({ ...(update as Document) });
    const setOnInsert = operators.$setOnInsert as Document | undefined;
    delete operators.$setOnInsert;
    if (inserting && setOnInsert) operators.$set = Object.assign({}, operators.$set, setOnInsert);
    // Setting _id to the value it already has is allowed (an upsert's seed took it from the update).
    const set = operators.$set as Document | undefined;
    if (set && '_id' in set && valueKey(set._id) === valueKey(original._id)) {
      const { _id, ...rest } = set;
      void _id;
      operators.$set = rest;
      if (Object.keys(rest).length === 0) delete operators.$set;
    }
    const resolved = resolvePositionalPaths(original, operators, condition, arrayFiltersOf(request));
    assertApplicable(original, resolved);
    const concrete = applyComputedOperators(original, resolved);
    try {
      // Every path is concrete by now, so mingo needs neither the filter nor the arrayFilters; it is
      // given one path at a time so that fields are created in MongoDB's order.
      for (const { operator, path, argument } of inApplicationOrder(concrete)) {
        const operation = { [operator]: { [path]: argument } };
        applyOperators(doc, operation, [], {}, { queryOptions: mingoOptions(request.variables) });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes('immutable field')) throw immutableField(message);
      throw badValue(message);
    }
    doc = typeOperatorUpdate(original, doc, update as Document, inserting);
  }
  if (doc._id === undefined) doc = toPlain({ _id: typedOf(original)._id, ...typedOf(doc) });
  if (valueKey(doc._id) !== valueKey(original._id)) throw alteredId(doc._id);
  return { doc, modified: changedDocument(original, doc) };
}

/** Each request's arrayFilters are parsed once, however many documents the update changes. */
const parsedArrayFilters = new WeakMap<UpdateRequest, Map<string, ArrayFilter>>();

function arrayFiltersOf(request: UpdateRequest): Map<string, ArrayFilter> {
  let filters = parsedArrayFilters.get(request);
  if (!filters) {
    filters = parseArrayFilters(request.arrayFilters, updatePaths(request.update as Document));
    parsedArrayFilters.set(request, filters);
  }
  return filters;
}

/** Every path an operator update names, $rename targets included. */
function updatePaths(update: Document): string[] {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    for (const [path, argument] of Object.entries(fields as Document)) {
      paths.push(path);
      if (operator === '$rename' && typeof argument === 'string') paths.push(argument);
    }
  }
  return paths;
}

/** The document an upsert inserts: the filter's equality fields, then the update applied to them. */
export function buildUpsert(request: UpdateRequest): Document {
  // Built from the typed filter and update, so an upsert's 5.0 or long keeps its type.
  const seed: Document = {};
  if (!isReplacement(request.update) || request.filter._id !== undefined) {
    for (const [path, value] of equalityFields(typedOf(request.filter))) setPath(seed, path, value);
  }
  if (seed._id === undefined) {
    const update: Document = Array.isArray(request.update) ? {} : typedOf(request.update);
    // An upsert may name the new document's _id in the replacement, or in $setOnInsert / $set.
    const operators = update as { $setOnInsert?: Document; $set?: Document };
    const namedId = isReplacement(update) ? update._id : (operators.$setOnInsert?._id ?? operators.$set?._id);
    seed._id = namedId ?? new ObjectId();
  }
  const base = toPlain({ _id: seed._id, ...withoutId(seed) });
  return applyUpdate(base, request, true).doc;
}

function equalityFields(filter: Document): Array<[string, unknown]> {
  const fields: Array<[string, unknown]> = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(condition)) {
      for (const clause of condition) fields.push(...equalityFields(clause as Document));
    } else if (!path.startsWith('$')) {
      if (isOperatorObject(condition)) {
        if ('$eq' in condition) fields.push([path, condition.$eq]);
      } else if (!(condition instanceof RegExp)) {
        fields.push([path, condition]);
      }
    }
  }
  return fields;
}

function isOperatorObject(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.constructor === Object &&
    Object.keys(value).some((key) => key.startsWith('$'))
  );
}

function setPath(target: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Document;
  }
  node[parts.at(-1)!] = cloneDocument(value);
}

function withoutId(doc: Document): Document {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

function alteredId(value: unknown) {
  return immutableField(
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(value)}`,
  );
}
