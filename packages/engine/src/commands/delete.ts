import type { Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import { compileFilter } from '../query/filter.js';
import { candidateDocuments } from '../query/planner.js';
import { assertHint } from '../query/hint.js';
import { optionalBoolean, requiredArray, targetCollection, type CommandDefinition } from './context.js';
import { forEachWrite } from './write-errors.js';
import { letVariables } from '../query/let-variables.js';

const STATEMENT_FIELDS = new Set(['q', 'limit', 'hint', 'collation']);

export const deleteCommand: CommandDefinition = {
  name: 'delete',
  fields: ['deletes', 'ordered', 'let'],
  run: (command, context) => {
    const coll = targetCollection(command, 'delete');
    const statements = requiredArray(command, 'deletes') as Document[];
    const ordered = optionalBoolean(command, 'ordered') ?? true;
    const variables = letVariables(command);
    let deleted = 0;
    const writeErrors = forEachWrite(statements, ordered, (statement) => {
      for (const field of Object.keys(statement)) {
        if (!STATEMENT_FIELDS.has(field))
          throw badValue(`BSON field 'delete.deletes.${field}' is an unknown field.`);
      }
      if (statement.collation !== undefined) throw notSupported('collation');
      if (statement.limit !== 0 && statement.limit !== 1)
        throw badValue('The limit field in delete objects must be 0 or 1');
      const filter = compileFilter(statement.q ?? {}, variables);
      const collection = context.store.collection(context.db, coll);
      if (!collection) return;
      assertHint(collection, statement.hint);
      const matches: unknown[] = [];
      for (const doc of candidateDocuments(collection, statement.q)) {
        if (!filter.test(doc)) continue;
        matches.push(doc._id);
        if (statement.limit === 1) break;
      }
      for (const id of matches) context.write({ op: 'delete', db: context.db, coll, id });
      deleted += matches.length;
    });
    return writeErrors.length ? { n: deleted, writeErrors, ok: 1 } : { n: deleted, ok: 1 };
  },
};
