import type { Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import { findDocuments } from '../query/find.js';
import { assertHint } from '../query/hint.js';
import { MISSING, valueKey, valuesAtPath } from '../store/keys.js';
import { toPlain, typedOf } from '../numbers/typed-values.js';
import type { QueryTrace } from '../query/trace.js';
import {
  optionalDocument,
  optionalNumber,
  targetCollection,
  type CommandContext,
  type CommandDefinition,
} from './context.js';

export const countCommand: CommandDefinition = {
  name: 'count',
  fields: ['query', 'limit', 'skip', 'hint', 'collation', 'fields'],
  run: (command, context) => ({ n: countOf(command, context), ok: 1 }),
};

/**
 * A count command's answer. Without a filter it is the collection's size, as estimatedDocumentCount
 * expects, and no query runs: explain's trace then stays without an access path.
 */
export function countOf(command: Document, context: CommandContext, trace?: QueryTrace): number {
  const coll = targetCollection(command, 'count');
  if (command.collation !== undefined) throw notSupported('collation');
  const collection = context.store.collection(context.db, coll);
  assertHint(collection, command.hint);
  const query = optionalDocument(command, 'query');
  const skip = optionalNumber(command, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0);
  if (skip < 0) throw badValue('skip value is negative in count query');
  const total =
    !query || Object.keys(query).length === 0
      ? (collection?.documents.size ?? 0)
      : findDocuments(collection, { filter: query }, trace).length;
  const afterSkip = Math.max(0, total - skip);
  return limit ? Math.min(limit, afterSkip) : afterSkip;
}

export const distinctCommand: CommandDefinition = {
  name: 'distinct',
  fields: ['key', 'query', 'hint', 'collation'],
  run: (command, context) => ({ values: distinctValues(command, context), ok: 1 }),
};

export function distinctValues(command: Document, context: CommandContext, trace?: QueryTrace): unknown[] {
  const coll = targetCollection(command, 'distinct');
  if (command.collation !== undefined) throw notSupported('collation');
  if (typeof command.key !== 'string')
    throw badValue("BSON field 'distinct.key' is missing but a required field");
  const key = command.key;
  const collection = context.store.collection(context.db, coll);
  assertHint(collection, command.hint);
  const matches = findDocuments(collection, { filter: optionalDocument(command, 'query') }, trace);
  const values = new Map<string, unknown>();
  for (const doc of matches) {
    // Read from the typed twin, so a 5.0 double is listed as a double; equal numbers count once.
    for (const value of valuesAtPath(typedOf(doc), key)) {
      // Arrays are unwound: their elements are listed, not the arrays themselves.
      if (value === MISSING || Array.isArray(value)) continue;
      const k = valueKey(toPlain(value));
      if (!values.has(k)) values.set(k, value);
    }
  }
  return [...values.values()];
}
