import type { Document } from 'bson';
import { duplicateKey, indexNotFound, indexOptionsConflict, badValue } from '../errors.js';
import { valueKey } from './keys.js';
import { noteStored } from '../numbers/typed-values.js';
import { DocumentMap, decodeStoredDocument, type StoredDocument } from './document-map.js';
import { SecondaryIndex, type IndexSpec } from './secondary-index.js';

/**
 * Documents examined by queries since the engine started, reported as MongoDB does in serverStatus
 * (metrics.queryExecutor.scannedObjects).
 */
export interface QueryMetrics {
  scannedObjects: number;
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection in memory: documents by `_id` (a Map keeps insertion order, which is the natural order
 * finds return without a sort) plus its secondary indexes, kept in step on every change. Documents read
 * from the snapshot stay encoded until first read (see DocumentMap).
 */
export class Collection {
  readonly documents = new DocumentMap();
  readonly indexes = new Map<string, SecondaryIndex>();
  private indexesDeferred = false;
  /** Each document's place in natural order (the `documents` Map's order), for joins read by index. */
  private readonly positions = new Map<string, number>();
  private nextPosition = 0;

  constructor(
    readonly database: string,
    readonly name: string,
    readonly options: Document = {},
    readonly metrics: QueryMetrics = { scannedObjects: 0 },
  ) {}

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  get(id: unknown): Document | undefined {
    return this.documents.get(valueKey(id));
  }

  /** Inserts a new document or replaces the one with the same `_id`, enforcing unique indexes first. */
  put(doc: Document): void {
    const idKey = valueKey(doc._id);
    if (!this.positions.has(idKey)) this.positions.set(idKey, this.nextPosition++);
    if (this.indexesDeferred) {
      this.documents.set(idKey, doc);
      noteStored(doc);
      return;
    }
    const previous = this.documents.get(idKey);
    for (const index of this.indexes.values()) index.assertUnique(idKey, doc);
    if (previous) for (const index of this.indexes.values()) index.remove(idKey, previous);
    this.documents.set(idKey, doc);
    noteStored(doc);
    for (const index of this.indexes.values()) index.add(idKey, doc);
  }

  /**
   * Stores a document as it was held elsewhere (still encoded, or decoded), under its `_id` key: for
   * recovery from the snapshot and for copies, which already know the document obeys every index.
   * An encoded document is kept encoded only while no index is kept in step (deferred, or none).
   */
  putStored(idKey: string, stored: StoredDocument): void {
    if (!(stored instanceof Uint8Array)) {
      this.put(stored);
      return;
    }
    if (!this.indexesDeferred && this.indexes.size > 0) {
      this.put(decodeStoredDocument(stored, idKey));
      return;
    }
    if (!this.positions.has(idKey)) this.positions.set(idKey, this.nextPosition++);
    this.documents.set(idKey, stored);
  }

  /** Whether changes currently skip the indexes (see deferIndexes). */
  get deferringIndexes(): boolean {
    return this.indexesDeferred;
  }

  /** An index leading with `field` that holds every document (not sparse or partial), if there is one. */
  indexLeadingWith(field: string): SecondaryIndex | undefined {
    for (const index of this.indexes.values())
      if (index.fields[0] === field && index.coversEveryDocument) return index;
    return undefined;
  }

  /** Where the document with this `_id` key comes in natural order: earlier documents have lower numbers. */
  naturalPosition(idKey: string): number {
    return this.positions.get(idKey) ?? Infinity;
  }

  /** The same documents, options and indexes as now, apart from later changes to this collection. */
  copy(): Collection {
    const copy = new Collection(this.database, this.name, this.options, this.metrics);
    copy.deferIndexes();
    for (const index of this.indexes.values()) copy.createIndex(index.spec);
    for (const [idKey, stored] of this.documents.storedEntries()) copy.putStored(idKey, stored);
    copy.stopDeferringIndexes();
    return copy;
  }

  /** Like put, but a document with the same `_id` is a duplicate key error. */
  insert(doc: Document): void {
    if (this.documents.has(valueKey(doc._id))) {
      throw duplicateKey(this.namespace, '_id_', { _id: 1 }, { _id: doc._id });
    }
    this.put(doc);
  }

  remove(id: unknown): boolean {
    const idKey = valueKey(id);
    const previous = this.documents.get(idKey);
    if (!previous) return false;
    if (!this.indexesDeferred) for (const index of this.indexes.values()) index.remove(idKey, previous);
    this.documents.delete(idKey);
    this.positions.delete(idKey);
    return true;
  }

  /** The documents' BSON size in bytes (what MongoDB's dbStats and collStats call `size`/`dataSize`). */
  dataSize(): number {
    return this.documents.bsonSize();
  }

  /**
   * Each index's size in bytes, measured as the UTF-8 bytes of its entries (the key, plus the `_id` key
   * that points back at the document): the indexes' content, not the memory their Maps take.
   */
  indexSizes(): Record<string, number> {
    let idIndexBytes = 0;
    for (const idKey of this.documents.keys()) idIndexBytes += 2 * Buffer.byteLength(idKey);
    const sizes: Record<string, number> = { _id_: idIndexBytes };
    for (const index of this.indexes.values()) sizes[index.name] = index.entryBytes();
    return sizes;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /**
   * Builds an index over the current documents. Returns false when an identical index already exists
   * (MongoDB treats that as success); an index with the same name or key but other options is an error.
   */
  createIndex(spec: IndexSpec): boolean {
    if (spec.name === '_id_' || sameKey(spec.key, ID_INDEX_SPEC.key)) {
      if (spec.unique === false || spec.sparse || spec.expireAfterSeconds !== undefined) {
        throw badValue('the _id index cannot be changed');
      }
      return false;
    }
    for (const existing of this.indexes.values()) {
      const sameName = existing.name === spec.name;
      if (sameName || sameKey(existing.spec.key, spec.key)) {
        if (sameName && sameKey(existing.spec.key, spec.key) && sameOptions(existing.spec, spec))
          return false;
        if (!sameName && !sameOptions(existing.spec, spec)) {
          throw indexOptionsConflict(
            `An existing index has the same key pattern but different options: ${existing.name}`,
          );
        }
        throw indexOptionsConflict(
          `An index with name '${existing.name}' already exists with different options`,
        );
      }
    }
    const index = new SecondaryIndex(spec, this.namespace, this.documents);
    if (!this.indexesDeferred) index.checkUnique();
    this.indexes.set(spec.name, index);
    return true;
  }

  /**
   * From now until `stopDeferringIndexes`, changes go to the documents only: for recovery, which
   * replays changes that were checked when they were first made, and where keeping every index in step
   * after each replayed change cost minutes at 100k documents.
   */
  deferIndexes(): void {
    this.indexesDeferred = true;
  }

  /**
   * Keeps the indexes in step with every change from here on. Nothing of them was built while deferred
   * (a part is built when a query first needs it: see SecondaryIndex), so start-up itself builds nothing.
   */
  stopDeferringIndexes(): void {
    this.indexesDeferred = false;
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw badValue('cannot drop _id index');
    if (!this.indexes.delete(name)) throw indexNotFound(`index not found with name [${name}]`);
  }
}

function sameKey(a: Record<string, number>, b: Record<string, number>): boolean {
  const aEntries = Object.entries(a);
  const bEntries = Object.entries(b);
  return (
    aEntries.length === bEntries.length &&
    aEntries.every(([f, d], i) => bEntries[i]![0] === f && bEntries[i]![1] === d)
  );
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    Boolean(a.unique) === Boolean(b.unique) &&
    Boolean(a.sparse) === Boolean(b.sparse) &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null)
  );
}
