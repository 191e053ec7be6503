import {
  badValue,
  CommandError,
  illegalOperation,
  invalidNamespace,
  namespaceExists,
  namespaceNotFound,
} from '../errors.js';
import { optionalBoolean, type CommandDefinition } from './context.js';

/** "db.collection" → its two parts (collection names may themselves hold dots). */
function splitNamespace(value: unknown, field: string): { db: string; coll: string } {
  if (typeof value !== 'string') throw badValue(`BSON field 'renameCollection.${field}' must be a string`);
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) throw invalidNamespace(`Invalid ${field} namespace: ${value}`);
  return { db: value.slice(0, dot), coll: value.slice(dot + 1) };
}

/**
 * Renames a collection within its database or into another one, keeping its documents, options and
 * indexes. The whole rename (with the target's drop, for dropTarget) is one journaled change, so a
 * restart finds either the old name or the new one.
 */
export const renameCollectionCommand: CommandDefinition = {
  name: 'renameCollection',
  fields: ['to', 'dropTarget', 'stayTemp'],
  run: (command, context) => {
    if (context.db !== 'admin') {
      throw new CommandError(
        13,
        'Unauthorized',
        'renameCollection may only be run against the admin database.',
      );
    }
    const source = splitNamespace(command.renameCollection, 'renameCollection');
    const target = splitNamespace(command.to, 'to');
    const dropTarget = command.dropTarget;
    // MongoDB also accepts a UUID here (drop the target only if it is that collection); the engine has no UUIDs.
    if (dropTarget !== undefined && typeof dropTarget !== 'boolean')
      throw badValue("BSON field 'renameCollection.dropTarget' must be a boolean");
    optionalBoolean(command, 'stayTemp');
    if (source.db === target.db && source.coll === target.coll)
      throw illegalOperation("Can't rename a collection to itself");
    if (!context.store.collection(source.db, source.coll))
      throw namespaceNotFound(`Source collection ${source.db}.${source.coll} does not exist`);
    if (context.store.collection(target.db, target.coll) && !dropTarget)
      throw namespaceExists('target namespace exists');
    context.write({
      op: 'rename',
      db: source.db,
      coll: source.coll,
      toDb: target.db,
      toColl: target.coll,
      dropTarget: dropTarget === true,
    });
    return { ok: 1 };
  },
};
