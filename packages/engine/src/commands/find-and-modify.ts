import type { Document } from 'bson';
import { failedToParse, notSupported } from '../errors.js';
import { findDocuments, idFirst } from '../query/find.js';
import { assertHint } from '../query/hint.js';
import { validateUpdate } from '../query/update.js';
import { optionalBoolean, optionalDocument, targetCollection, type CommandDefinition } from './context.js';
import { updateMatching } from './update.js';
import { projectDocuments } from '../query/projection.js';
import { letVariables } from '../query/let-variables.js';

export const findAndModifyCommand: CommandDefinition = {
  name: 'findAndModify',
  aliases: ['findandmodify'],
  fields: [
    'query',
    'sort',
    'remove',
    'update',
    'new',
    'fields',
    'upsert',
    'arrayFilters',
    'bypassDocumentValidation',
    'hint',
    'let',
    'collation',
  ],
  run: (command, context) => {
    const coll = targetCollection(command, Object.keys(command)[0]!);
    if (command.collation !== undefined) throw notSupported('collation');
    const filter = optionalDocument(command, 'query') ?? {};
    const sort = optionalDocument(command, 'sort');
    const fields = optionalDocument(command, 'fields');
    const remove = optionalBoolean(command, 'remove') ?? false;
    const returnNew = optionalBoolean(command, 'new') ?? false;
    const upsert = optionalBoolean(command, 'upsert') ?? false;
    const variables = letVariables(command);
    if (remove && command.update !== undefined)
      throw failedToParse('Cannot specify both an update and remove=true');
    if (!remove && command.update === undefined)
      throw failedToParse('Either an update or remove=true must be specified');
    if (remove && (returnNew || upsert))
      throw failedToParse(
        "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
      );

    const collection = context.store.collection(context.db, coll);
    assertHint(collection, command.hint);
    const [target] = findDocuments(collection, { filter, sort, limit: 1, variables });

    if (remove) {
      if (target) context.write({ op: 'delete', db: context.db, coll, id: target._id });
      return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target, fields), ok: 1 };
    }

    const update = command.update as Document | Document[];
    const arrayFilters = command.arrayFilters as Document[] | undefined;
    validateUpdate(update, arrayFilters);
    const outcome = updateMatching(
      context,
      coll,
      { filter, update, arrayFilters, variables },
      { multi: false, upsert, only: target },
    );
    const lastErrorObject: Document = {
      n: target || outcome.upsertedId !== undefined ? 1 : 0,
      updatedExisting: Boolean(target),
    };
    if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId;
    const value = returnNew ? outcome.after : outcome.before;
    return { lastErrorObject, value: project(value, fields), ok: 1 };
  },
};

function project(doc: Document | undefined, fields: Document | undefined): Document | null {
  if (!doc) return null;
  if (!fields || Object.keys(fields).length === 0) return doc;
  return idFirst(projectDocuments([doc], fields)[0]!);
}
