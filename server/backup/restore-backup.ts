import type { Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { ArchiveHeader } from './archive-format.js';
import { asIndexDescription } from './index-specs.js';
import { readArchive, verifyArchive } from './read-archive.js';

/** Where erasures are recorded (server/models/erasure-record.ts). */
const erasuresCollection = 'erasures';

/** MongoDB's error code for creating a collection that exists. */
const namespaceExists = 48;

/** The target already holds data, and the operator did not say to replace it. */
export class TargetNotEmptyError extends Error {
  constructor(readonly collections: string[]) {
    super(
      `the store already holds data (${collections.join(', ')}): restore into an empty one, ` +
        'or pass --replace to drop what is there first',
    );
    this.name = 'TargetNotEmptyError';
  }
}

export interface RestoreSummary {
  header: ArchiveHeader;
  collections: Record<string, number>;
  documents: number;
  ms: number;
  /**
   * The erasure records of the store the restore replaced (with `--replace`): an erasure made after the
   * backup was taken must be made again (ErasureService.reapply), or restoring would undo it.
   */
  replacedErasures: Document[];
}

export interface RestoreOptions {
  /** The schema version this careloop knows: a newer archive is refused before anything is written. */
  knownSchemaVersion: number;
  /** Drop the collections the store holds first, rather than refuse a store that is not empty. */
  replace?: boolean;
  onCollection?: (name: string, documents: number) => void;
}

/**
 * Restores an archive into the connection's database: the whole archive is checked first (nothing is
 * written from a damaged or newer one), then each collection is written in the archive's order (the
 * store's natural order then matches the original) and its indexes are built as they were.
 */
export async function restoreBackup(
  connection: Connection,
  file: string,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const started = Date.now();
  await verifyArchive(file, options.knownSchemaVersion);
  const db = connection.db!;
  const existing = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((collection) => collection.name)
    .filter((name) => !name.startsWith('system.'));
  const holdingData: string[] = [];
  for (const name of existing)
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) holdingData.push(name);
  if (holdingData.length > 0 && !options.replace) throw new TargetNotEmptyError(holdingData);
  // The replaced store's erasures, for the caller to make again on what the archive brings back.
  const replacedErasures = existing.includes(erasuresCollection)
    ? await db.collection(erasuresCollection).find({}).toArray()
    : [];
  for (const name of existing) await db.collection(name).drop();

  const counts: Record<string, number> = {};
  let header: ArchiveHeader | undefined;
  let current: { name: string; indexes: Document[]; batch: AnyBulkWriteOperation[] } | undefined;

  const flush = async () => {
    if (!current || current.batch.length === 0) return;
    await db.collection(current.name).bulkWrite(current.batch, { ordered: true });
    counts[current.name] = (counts[current.name] ?? 0) + current.batch.length;
    current.batch = [];
  };
  const finishCollection = async () => {
    if (!current) return;
    await flush();
    const indexes = current.indexes.filter((index) => index.name !== '_id_').map(asIndexDescription);
    if (indexes.length > 0) await db.collection(current.name).createIndexes(indexes);
    options.onCollection?.(current.name, counts[current.name] ?? 0);
  };

  // Read again, checking again: the file could have changed since the first pass.
  for await (const entry of readArchive(file, options.knownSchemaVersion)) {
    if (entry.kind === 'header') header = entry.header;
    if (entry.kind === 'collection') {
      await finishCollection();
      const { collection: name, options: collectionOptions, indexes } = entry.collection;
      await db.createCollection(name, collectionOptions as Document).catch((error: unknown) => {
        // A service connected to the store creates its (empty) collections as it starts: keep those.
        if ((error as { code?: unknown }).code !== namespaceExists) throw error;
      });
      counts[name] = 0;
      current = { name, indexes: indexes as Document[], batch: [] };
    }
    if (entry.kind === 'document' && current) {
      current.batch.push({ insertOne: { document: entry.document } });
      if (current.batch.length >= 1000) await flush();
    }
  }
  await finishCollection();
  return {
    header: header!,
    collections: counts,
    documents: Object.values(counts).reduce((sum, count) => sum + count, 0),
    ms: Date.now() - started,
    replacedErasures,
  };
}
