import { ObjectId, type Document } from 'bson';
import { badValue, CommandError, duplicateKey } from '../errors.js';
import { assertInsertableSize } from '../store/document-size.js';
import {
  ensureCollection,
  optionalBoolean,
  requiredArray,
  targetCollection,
  type CommandDefinition,
} from './context.js';
import { forEachWrite } from './write-errors.js';
import { hasTypedLeaves, toPlain, typedOf } from '../numbers/typed-values.js';

export const insertCommand: CommandDefinition = {
  name: 'insert',
  fields: ['documents', 'ordered', 'bypassDocumentValidation'],
  run: (command, context) => {
    const coll = targetCollection(command, 'insert');
    const documents = requiredArray(command, 'documents') as Document[];
    const ordered = optionalBoolean(command, 'ordered') ?? true;
    const collection = ensureCollection(context, coll);
    let inserted = 0;
    const writeErrors = forEachWrite(documents, ordered, (raw) => {
      // A document holding 5.0 doubles or longs is stored with its typed twin (numbers/typed-values.ts).
      const doc = hasTypedLeaves(raw) ? toPlain(withId(typedOf(raw))) : withId(raw);
      assertInsertableSize(doc);
      if (collection.get(doc._id))
        throw duplicateKey(collection.namespace, '_id_', { _id: 1 }, { _id: doc._id });
      context.write({ op: 'put', db: context.db, coll, doc });
      inserted++;
    });
    return writeErrors.length ? { n: inserted, writeErrors, ok: 1 } : { n: inserted, ok: 1 };
  },
};

/** A document as stored: `_id` first, generated if the client did not send one. */
export function withId(doc: Document): Document {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw badValue('document must be an object');
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  assertValidId(doc._id);
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

export function assertValidId(id: unknown): void {
  if (Array.isArray(id)) throw badValue("can't use an array for _id");
  if (id instanceof RegExp) throw badValue("can't use a regex for _id");
  assertNoDollarFields(id);
}

/**
 * An `_id` such as `{$gt: 1}` is an operator, not a value: MongoDB refuses to store it with
 * DollarPrefixedFieldName (52), at any depth of the `_id` document.
 */
export function assertNoDollarFields(id: unknown): void {
  const dollarField = firstDollarField(id);
  if (dollarField !== undefined) {
    throw new CommandError(
      52,
      'DollarPrefixedFieldName',
      `_id fields may not contain '$'-prefixed fields: ${dollarField} is not valid for storage.`,
    );
  }
}

function firstDollarField(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = firstDollarField(element);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value.constructor !== Object) return undefined;
  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('$')) return key;
    const found = firstDollarField(field);
    if (found !== undefined) return found;
  }
  return undefined;
}
