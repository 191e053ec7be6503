import type { Document } from 'bson';
import { badValue, duplicateKey, notSupported } from '../errors.js';
import { compileFilter } from '../query/filter.js';
import { candidateDocuments } from '../query/planner.js';
import { assertHint } from '../query/hint.js';
import { applyUpdate, buildUpsert, validateUpdate, type UpdateRequest } from '../query/update.js';
import {
  ensureCollection,
  optionalBoolean,
  requiredArray,
  targetCollection,
  type CommandContext,
  type CommandDefinition,
} from './context.js';
import { forEachWrite } from './write-errors.js';
import { assertNoDollarFields } from './insert.js';
import { assertUpdatedSize, assertUpsertedSize } from '../store/document-size.js';
import { letVariables } from '../query/let-variables.js';

const STATEMENT_FIELDS = new Set([
  'q',
  'u',
  'upsert',
  'multi',
  'arrayFilters',
  'hint',
  'collation',
  'c',
  'sort',
  'upsertSupplied',
]);

export const updateCommand: CommandDefinition = {
  name: 'update',
  fields: ['updates', 'ordered', 'let', 'bypassDocumentValidation'],
  run: (command, context) => {
    const coll = targetCollection(command, 'update');
    const statements = requiredArray(command, 'updates') as Document[];
    const ordered = optionalBoolean(command, 'ordered') ?? true;
    const variables = letVariables(command);
    let matched = 0;
    let modified = 0;
    const upserted: Document[] = [];
    const writeErrors = forEachWrite(statements, ordered, (statement, index) => {
      const outcome = runUpdateStatement(context, coll, statement, variables);
      matched += outcome.matched;
      modified += outcome.modified;
      if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
    });
    const reply: Document = { n: matched + upserted.length, nModified: modified, ok: 1 };
    if (upserted.length) reply.upserted = upserted;
    if (writeErrors.length) reply.writeErrors = writeErrors;
    return reply;
  },
};

function runUpdateStatement(
  context: CommandContext,
  coll: string,
  statement: Document,
  commandVariables: Document | undefined,
): { matched: number; modified: number; upsertedId?: unknown } {
  for (const field of Object.keys(statement)) {
    if (!STATEMENT_FIELDS.has(field))
      throw badValue(`BSON field 'update.updates.${field}' is an unknown field.`);
  }
  if (statement.collation !== undefined) throw notSupported('collation');
  if (statement.sort !== undefined) throw notSupported('update with sort');
  assertHint(context.store.collection(context.db, coll), statement.hint);
  const request: UpdateRequest = {
    filter: (statement.q ?? {}) as Document,
    update: statement.u as Document | Document[],
    arrayFilters: statement.arrayFilters as Document[] | undefined,
    variables: { ...commandVariables, ...(statement.c as Document | undefined) },
  };
  validateUpdate(request.update, request.arrayFilters);
  const multi = statement.multi === true;
  if (
    multi &&
    !Array.isArray(request.update) &&
    !Object.keys(request.update).some((k) => k.startsWith('$'))
  ) {
    throw badValue('multi update is not supported for replacement-style update');
  }
  return updateMatching(context, coll, request, { multi, upsert: statement.upsert === true });
}

/** Shared by update and findAndModify: updates the first (or every) match, or inserts on upsert. */
export function updateMatching(
  context: CommandContext,
  coll: string,
  request: UpdateRequest,
  options: { multi: boolean; upsert: boolean; only?: Document },
): { matched: number; modified: number; upsertedId?: unknown; before?: Document; after?: Document } {
  const collection = context.store.collection(context.db, coll);
  const filter = compileFilter(request.filter, request.variables);
  const targets: Document[] = [];
  if (options.only) targets.push(options.only);
  else if (collection) {
    for (const doc of candidateDocuments(collection, request.filter)) {
      if (!filter.test(doc)) continue;
      targets.push(doc);
      if (!options.multi) break;
    }
  }
  if (targets.length === 0) {
    if (!options.upsert) return { matched: 0, modified: 0 };
    const doc = buildUpsert(request);
    assertNoDollarFields(doc._id);
    assertUpsertedSize(doc);
    const target = ensureCollection(context, coll);
    // The filter matched nothing, yet the new document's _id may exist (`{_id: 1, v: {$ne: 2}}` over
    // `{_id: 1, v: 2}`): MongoDB answers E11000, never replaces the stored document.
    if (target.get(doc._id)) throw duplicateKey(target.namespace, '_id_', { _id: 1 }, { _id: doc._id });
    context.write({ op: 'put', db: context.db, coll, doc });
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  let modified = 0;
  let first: { before: Document; after: Document } | undefined;
  for (const original of targets) {
    const { doc, modified: changed } = applyUpdate(original, request);
    if (changed) {
      assertUpdatedSize(doc);
      context.write({ op: 'put', db: context.db, coll, doc });
      modified++;
    }
    first ??= { before: original, after: doc };
  }
  return { matched: targets.length, modified, before: first?.before, after: first?.after };
}
