import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import mongoose from 'mongoose';
import { asIndexDescription } from './index-specs.js';

const { BSON } = mongoose.mongo;
const { EJSON } = BSON;

/** Documents read, compared and written at a time. */
const batchSize = 1000;

export interface CopyProgress {
  collection: string;
  read: number;
  total: number;
  written: number;
  deleted: number;
}

export interface CollectionCheck {
  collection: string;
  sourceDocuments: number;
  targetDocuments: number;
  /** Index names (with their keys and options) the source has and the target lacks, or has otherwise. */
  indexDifferences: string[];
}

export interface CopySummary {
  collections: CollectionCheck[];
  documents: number;
  written: number;
  deleted: number;
  ms: number;
  /** True when every collection's count and indexes match. */
  verified: boolean;
}

/**
 * Makes the target database hold what the source holds, collection by collection: each document the
 * target lacks or holds otherwise is written, each the source no longer has is deleted, then the source's
 * indexes are built. Run again, it writes only what changed since, so it resumes where an interrupted
 * run stopped and, run once more with the service stopped, brings a copy made while it ran up to date.
 * Only the MongoDB driver's ordinary commands are used, so any MongoDB deployment can be the target.
 */
export async function copyStore(
  source: Db,
  target: Db,
  onProgress: (progress: CopyProgress) => void = () => undefined,
): Promise<CopySummary> {
  const started = Date.now();
  const names = (await source.listCollections({}, { nameOnly: true }).toArray())
    .map((collection) => collection.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  let written = 0;
  let deleted = 0;
  for (const name of names) {
    const counts = await copyCollection(source, target, name, onProgress);
    written += counts.written;
    deleted += counts.deleted;
  }
  const collections = await Promise.all(names.map((name) => checkCollection(source, target, name)));
  return {
    collections,
    documents: collections.reduce((sum, check) => sum + check.sourceDocuments, 0),
    written,
    deleted,
    ms: Date.now() - started,
    verified: collections.every(
      (check) => check.sourceDocuments === check.targetDocuments && check.indexDifferences.length === 0,
    ),
  };
}

async function copyCollection(
  source: Db,
  target: Db,
  name: string,
  onProgress: (progress: CopyProgress) => void,
): Promise<{ written: number; deleted: number }> {
  const from = source.collection(name);
  const to = target.collection(name);
  const total = await from.countDocuments();
  const progress: CopyProgress = { collection: name, read: 0, total, written: 0, deleted: 0 };
  // Every source `_id`, as text, so the target's leftovers can be found afterwards.
  const sourceIds = new Set<string>();
  // Documents are read as raw BSON: two equal documents are equal bytes, so comparing costs no decoding.
  type Read = { raw: Buffer; document: Document; id: string };
  const copyBatch = async (batch: Read[]) => {
    const held = new Map<string, Buffer>();
    const ids = batch.map(({ document }) => document._id);
    for await (const raw of to.find({ _id: { $in: ids } }, { raw: true }) as AsyncIterable<unknown>) {
      const bytes = raw as Buffer;
      held.set(idText(BSON.deserialize(bytes, { promoteValues: false })._id), bytes);
    }
    const writes: AnyBulkWriteOperation[] = [];
    for (const { raw, document, id } of batch) {
      if (held.get(id)?.equals(raw)) continue;
      writes.push({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } });
    }
    if (writes.length > 0) await to.bulkWrite(writes, { ordered: false });
    progress.read += batch.length;
    progress.written += writes.length;
    onProgress({ ...progress });
  };
  // One batch is compared and written while the next is read: the two stores work at once.
  let inFlight: Promise<void> = Promise.resolve();
  const hand = async (batch: Read[]) => {
    await inFlight;
    inFlight = copyBatch(batch);
    inFlight.catch(() => undefined); // awaited below; this only stops it counting as unhandled meanwhile
  };
  let batch: Read[] = [];
  for await (const raw of from.find({}, { batchSize, raw: true }) as AsyncIterable<unknown>) {
    const bytes = raw as Buffer;
    // promoteValues off: an int32, a double and an int64 stay what they were when written again.
    const document = BSON.deserialize(bytes, { promoteValues: false });
    const id = idText(document._id);
    sourceIds.add(id);
    batch.push({ raw: bytes, document, id });
    if (batch.length >= batchSize) {
      await hand(batch);
      batch = [];
    }
  }
  if (batch.length > 0 || total === 0) await hand(batch);
  await inFlight;
  // Create the collection even when empty, so the target lists what the source lists.
  if (total === 0) await target.createCollection(name).catch(ignoreExisting);

  let leftovers: unknown[] = [];
  const deleteLeftovers = async () => {
    if (leftovers.length === 0) return;
    progress.deleted += (await to.deleteMany({ _id: { $in: leftovers } } as Document)).deletedCount;
    leftovers = [];
  };
  for await (const { _id } of to.find({}, { projection: { _id: 1 }, batchSize })) {
    if (!sourceIds.has(idText(_id))) leftovers.push(_id);
    if (leftovers.length >= batchSize) await deleteLeftovers();
  }
  await deleteLeftovers();

  const indexes = (await from.listIndexes().toArray()).filter((index) => index.name !== '_id_');
  if (indexes.length > 0) await to.createIndexes(indexes.map(asIndexDescription));
  if (progress.deleted > 0) onProgress({ ...progress });
  return { written: progress.written, deleted: progress.deleted };
}

async function checkCollection(source: Db, target: Db, name: string): Promise<CollectionCheck> {
  const [sourceDocuments, targetDocuments, sourceIndexes, targetIndexes] = await Promise.all([
    source.collection(name).countDocuments(),
    target.collection(name).countDocuments(),
    source.collection(name).listIndexes().toArray(),
    target.collection(name).listIndexes().toArray(),
  ]);
  const described = new Set(targetIndexes.map(describeIndex));
  const indexDifferences = sourceIndexes
    .filter((index) => !described.has(describeIndex(index)))
    .map((index) => String(index.name));
  return { collection: name, sourceDocuments, targetDocuments, indexDifferences };
}

/** An index as its name, key and the options that change what it does: two equal ones match. */
function describeIndex(index: Document): string {
  const { name, key, unique, sparse, expireAfterSeconds, partialFilterExpression } = index;
  return JSON.stringify({
    name,
    key,
    unique: Boolean(unique),
    sparse: Boolean(sparse),
    expireAfterSeconds,
    partialFilterExpression,
  });
}

function idText(id: unknown): string {
  return EJSON.stringify({ id }, { relaxed: false });
}

function ignoreExisting(error: unknown): void {
  // 48: NamespaceExists; the collection is already there, as wanted.
  if ((error as { code?: unknown }).code !== 48) throw error;
}
