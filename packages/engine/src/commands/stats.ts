import type { Document } from 'bson';
import { badValue, namespaceNotFound, notSupported } from '../errors.js';
import type { Collection } from '../store/collection.js';
import type { Store } from '../store/store.js';
import { targetCollection, type CommandContext, type CommandDefinition } from './context.js';

/**
 * Sizes are measured, never estimated. `size`/`dataSize` is the documents' BSON size, as MongoDB counts
 * it (uncompressed; a whole-number double counts as the int32 the engine keeps it as). Two figures
 * differ in meaning from MongoDB's storage engine, which reports the size of its files:
 * - `storageSize` equals `size`: the engine keeps documents in memory and journals them as they are,
 *   with no per-collection file or compression whose size could be reported instead.
 * - index sizes are the bytes of the index entries (key and `_id` key, see Collection.indexSizes).
 */
interface CollectionSizes {
  count: number;
  size: number;
  storageSize: number;
  indexSizes: Record<string, number>;
  totalIndexSize: number;
}

function measure(collection: Collection): CollectionSizes {
  const size = collection.dataSize();
  const indexSizes = collection.indexSizes();
  const totalIndexSize = Object.values(indexSizes).reduce((sum, bytes) => sum + bytes, 0);
  return { count: collection.documents.size, size, storageSize: size, indexSizes, totalIndexSize };
}

interface DatabaseSizes {
  collections: number;
  objects: number;
  dataSize: number;
  storageSize: number;
  indexes: number;
  indexSize: number;
}

/** One database's totals, as dbStats reports them (and listDatabases' sizeOnDisk, their sum). */
export function databaseSizes(store: Store, db: string): DatabaseSizes {
  const totals = { collections: 0, objects: 0, dataSize: 0, storageSize: 0, indexes: 0, indexSize: 0 };
  for (const collection of store.collections(db)) {
    const sizes = measure(collection);
    totals.collections++;
    totals.objects += sizes.count;
    totals.dataSize += sizes.size;
    totals.storageSize += sizes.storageSize;
    totals.indexes += Object.keys(sizes.indexSizes).length;
    totals.indexSize += sizes.totalIndexSize;
  }
  return totals;
}

/** MongoDB's `scale`: sizes are divided by it and rounded down; avgObjSize is never scaled. */
function scaleOf(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badValue('scale has to be a number > 0');
  if (value <= 0) throw badValue('scale has to be > 0');
  return Math.max(1, Math.trunc(value));
}

const scaled = (bytes: number, scale: number) => Math.trunc(bytes / scale);

/** The storageStats MongoDB reports for one collection (collStats, and `$collStats: {storageStats}`). */
export function storageStats(
  collection: Collection | undefined,
  namespace: string,
  scaleOption: unknown,
): Document {
  const scale = scaleOf(scaleOption);
  const sizes = collection
    ? measure(collection)
    : { count: 0, size: 0, storageSize: 0, indexSizes: {}, totalIndexSize: 0 };
  const stats: Document = { ns: namespace, size: scaled(sizes.size, scale), count: sizes.count };
  if (sizes.count > 0) stats.avgObjSize = Math.trunc(sizes.size / sizes.count);
  Object.assign(stats, {
    numOrphanDocs: 0,
    storageSize: scaled(sizes.storageSize, scale),
    freeStorageSize: 0,
    capped: false,
    nindexes: Object.keys(sizes.indexSizes).length,
    indexBuilds: [],
    totalIndexSize: scaled(sizes.totalIndexSize, scale),
    totalSize: scaled(sizes.storageSize + sizes.totalIndexSize, scale),
    indexSizes: Object.fromEntries(
      Object.entries(sizes.indexSizes).map(([name, bytes]) => [name, scaled(bytes, scale)]),
    ),
    scaleFactor: scale,
  });
  return stats;
}

/**
 * The one document `$collStats` produces, for the options mongosh and drivers use (`storageStats`,
 * `count`); the latency and query statistics MongoDB keeps per collection are not kept here.
 */
export function collStatsDocument(context: CommandContext, coll: string, options: unknown): Document {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw badValue('$collStats must take a nested object but found: ' + JSON.stringify(options));
  const spec = options as Document;
  for (const option of Object.keys(spec)) {
    if (option !== 'storageStats' && option !== 'count') throw notSupported(`$collStats option '${option}'`);
  }
  const namespace = `${context.db}.${coll}`;
  const collection = context.store.collection(context.db, coll);
  const document: Document = { ns: namespace, host: context.host, localTime: new Date() };
  if (spec.storageStats !== undefined) {
    if (!collection) {
      throw namespaceNotFound(
        `PlanExecutor error during aggregation :: caused by :: Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${namespace}] not found.`,
      );
    }
    const storage = spec.storageStats as Document;
    for (const option of Object.keys(storage)) {
      if (option !== 'scale') throw notSupported(`$collStats storageStats option '${option}'`);
    }
    const { ns: _ns, ...stats } = storageStats(collection, namespace, storage.scale);
    document.storageStats = stats;
  }
  if (spec.count !== undefined) {
    if (!collection) {
      throw namespaceNotFound(
        `PlanExecutor error during aggregation :: caused by :: Unable to retrieve count in $collStats stage :: caused by :: Collection [${namespace}] not found.`,
      );
    }
    document.count = collection.documents.size;
  }
  return document;
}

export const statsCommands: CommandDefinition[] = [
  {
    name: 'dbStats',
    fields: ['scale', 'freeStorage'],
    run: (command, context) => {
      if (command.freeStorage !== undefined && command.freeStorage !== 0 && command.freeStorage !== false)
        throw notSupported('dbStats with freeStorage');
      const scale = scaleOf(command.scale);
      const totals = databaseSizes(context.store, context.db);
      return {
        db: context.db,
        collections: totals.collections,
        views: 0,
        objects: totals.objects,
        avgObjSize: totals.objects ? totals.dataSize / totals.objects : 0,
        dataSize: scaled(totals.dataSize, scale),
        storageSize: scaled(totals.storageSize, scale),
        indexes: totals.indexes,
        indexSize: scaled(totals.indexSize, scale),
        totalSize: scaled(totals.storageSize + totals.indexSize, scale),
        scaleFactor: scale,
        ok: 1,
      };
    },
  },
  {
    name: 'collStats',
    fields: ['scale', 'verbose'],
    run: (command, context) => {
      const coll = targetCollection(command, Object.keys(command)[0]!);
      const collection = context.store.collection(context.db, coll);
      return { ...storageStats(collection, `${context.db}.${coll}`, command.scale), ok: 1 };
    },
  },
];
