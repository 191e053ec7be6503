import { badValue, namespaceExists, notSupported } from '../errors.js';
import { compileFilter } from '../query/filter.js';
import { ID_INDEX_SPEC } from '../store/collection.js';
import { optionalBoolean, optionalDocument, targetCollection, type CommandDefinition } from './context.js';
import { databaseSizes } from './stats.js';

/**
 * Options of `create` that MongoDB has and the engine does not (capped, time-series, validators,
 * collations, views, ...): each is refused by name rather than reported as an unknown field.
 */
const REFUSED_CREATE_OPTIONS = [
  'capped',
  'size',
  'max',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'storageEngine',
  'validator',
  'validationLevel',
  'validationAction',
  'indexOptionDefaults',
  'viewOn',
  'pipeline',
  'collation',
  'encryptedFields',
  'idIndex',
  'flags',
  'autoIndexId',
];

export const namespaceCommands: CommandDefinition[] = [
  {
    name: 'listDatabases',
    fields: ['filter', 'nameOnly', 'authorizedDatabases'],
    run: (command, context) => {
      const nameOnly = optionalBoolean(command, 'nameOnly');
      const filter = compileFilter(optionalDocument(command, 'filter'));
      // sizeOnDisk is dbStats' totalSize: the data and index bytes the engine measures (see stats.ts);
      // it keeps no file per database whose size could be given instead.
      const databases = context.store
        .databaseNames()
        .map((name) => {
          if (nameOnly) return { name };
          const sizes = databaseSizes(context.store, name);
          return { name, sizeOnDisk: sizes.storageSize + sizes.indexSize, empty: false };
        })
        .filter((entry) => filter.test(entry));
      if (nameOnly) return { databases, ok: 1 };
      const totalSize = databases.reduce((sum, entry) => sum + (entry.sizeOnDisk ?? 0), 0);
      return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
    },
  },
  {
    name: 'listCollections',
    fields: ['filter', 'nameOnly', 'authorizedCollections', 'cursor'],
    run: (command, context) => {
      const nameOnly = optionalBoolean(command, 'nameOnly');
      const filter = compileFilter(optionalDocument(command, 'filter'));
      const entries = context.store
        .collections(context.db)
        .map((collection) =>
          nameOnly
            ? { name: collection.name, type: 'collection' }
            : {
                name: collection.name,
                type: 'collection',
                options: collection.options,
                info: { readOnly: false },
                idIndex: ID_INDEX_SPEC,
              },
        )
        .filter((entry) => filter.test(entry));
      const namespace = `${context.db}.$cmd.listCollections`;
      const batch = context.cursors.firstBatch(
        namespace,
        entries,
        optionalDocument(command, 'cursor')?.batchSize,
      );
      return { cursor: { id: batch.cursorId, ns: namespace, firstBatch: batch.documents }, ok: 1 };
    },
  },
  {
    name: 'create',
    fields: REFUSED_CREATE_OPTIONS,
    run: (command, context) => {
      const coll = targetCollection(command, 'create');
      const refused = REFUSED_CREATE_OPTIONS.find((option) => command[option] !== undefined);
      if (refused) throw notSupported(`collection option '${refused}'`);
      if (context.store.collection(context.db, coll)) {
        throw namespaceExists(`Collection ${context.db}.${coll} already exists.`);
      }
      context.write({ op: 'create', db: context.db, coll, options: {} });
      return { ok: 1 };
    },
  },
  {
    name: 'drop',
    fields: [],
    run: (command, context) => {
      const coll = targetCollection(command, 'drop');
      const collection = context.store.collection(context.db, coll);
      // MongoDB 7 answers a drop of a missing collection with ok: 1.
      if (!collection) return { ok: 1 };
      const nIndexesWas = collection.indexes.size + 1;
      context.write({ op: 'drop', db: context.db, coll });
      return { nIndexesWas, ns: collection.namespace, ok: 1 };
    },
  },
  {
    name: 'dropDatabase',
    fields: [],
    run: (command, context) => {
      if (command.dropDatabase !== 1 && command.dropDatabase !== true)
        throw badValue('dropDatabase must be 1');
      if (context.store.collections(context.db).length > 0)
        context.write({ op: 'dropDatabase', db: context.db });
      return { dropped: context.db, ok: 1 };
    },
  },
];
