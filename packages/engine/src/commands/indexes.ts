import type { Document } from 'bson';
import { badValue, indexNotFound, invalidOptions, namespaceNotFound } from '../errors.js';
import { defaultIndexName, normaliseIndexSpec } from '../store/secondary-index.js';
import {
  ensureCollection,
  optionalDocument,
  requiredArray,
  targetCollection,
  type CommandDefinition,
} from './context.js';

export const indexCommands: CommandDefinition[] = [
  {
    name: 'createIndexes',
    fields: ['indexes', 'commitQuorum'],
    run: (command, context) => {
      const coll = targetCollection(command, 'createIndexes');
      const specs = requiredArray(command, 'indexes').map((raw) => normaliseIndexSpec(raw as Document));
      const existed = context.store.collection(context.db, coll) !== undefined;
      const collection = ensureCollection(context, coll);
      const before = collection.indexes.size + 1;
      for (const spec of specs) {
        // An identical existing index is a no-op, as in MongoDB; only new ones are journaled.
        const probe = [...collection.indexes.values()].find((index) => index.name === spec.name);
        if (probe && JSON.stringify(probe.spec) === JSON.stringify(spec)) continue;
        if (spec.name === '_id_') continue;
        context.write({ op: 'createIndex', db: context.db, coll, spec });
      }
      const after = collection.indexes.size + 1;
      const reply: Document = {
        numIndexesBefore: before,
        numIndexesAfter: after,
        createdCollectionAutomatically: !existed,
        ok: 1,
      };
      if (before === after) reply.note = 'all indexes already exist';
      return reply;
    },
  },
  {
    name: 'listIndexes',
    fields: ['cursor'],
    run: (command, context) => {
      const coll = targetCollection(command, 'listIndexes');
      const collection = context.store.collection(context.db, coll);
      if (!collection) throw namespaceNotFound(`ns does not exist: ${context.db}.${coll}`);
      const namespace = `${context.db}.${coll}`;
      const batch = context.cursors.firstBatch(
        namespace,
        collection.indexSpecs(),
        optionalDocument(command, 'cursor')?.batchSize as number | undefined,
      );
      return { cursor: { id: batch.cursorId, ns: namespace, firstBatch: batch.documents }, ok: 1 };
    },
  },
  {
    name: 'dropIndexes',
    aliases: ['deleteIndexes'],
    fields: ['index'],
    run: (command, context) => {
      const coll = targetCollection(command, Object.keys(command)[0]!);
      const collection = context.store.collection(context.db, coll);
      if (!collection) throw namespaceNotFound(`ns not found ${context.db}.${coll}`);
      const nIndexesWas = collection.indexes.size + 1;
      const target = command.index;
      let names: string[];
      if (target === '*') names = [...collection.indexes.keys()];
      else if (typeof target === 'string') names = [target];
      else if (Array.isArray(target)) names = target.map(String);
      else if (target && typeof target === 'object') {
        const wanted = defaultIndexName(target as Document);
        const match = [...collection.indexes.values()].find(
          (index) => defaultIndexName(index.spec.key) === wanted,
        );
        if (!match) throw indexNotFound(`can't find index with key: ${JSON.stringify(target)}`);
        names = [match.name];
      } else throw badValue("BSON field 'dropIndexes.index' is missing but a required field");
      for (const name of names) {
        if (name === '_id_') throw invalidOptions('cannot drop _id index');
        if (!collection.indexes.has(name)) throw indexNotFound(`index not found with name [${name}]`);
      }
      for (const name of names) context.write({ op: 'dropIndex', db: context.db, coll, name });
      return { nIndexesWas, ok: 1 };
    },
  },
];
