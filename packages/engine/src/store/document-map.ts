import { calculateObjectSize, deserialize, type Document } from 'bson';
import { noteStored, toPlain, toTyped, typedOf } from '../numbers/typed-values.js';
import { holdsTypedNumbers } from '../wire/typed-numbers-scan.js';
import { decodeTopLevelFields } from './encoded-fields.js';

/**
 * A stored document still in the BSON it was read from (a view into the snapshot file's bytes). The
 * snapshot's checksums were checked when it was read, so these are the bytes the engine wrote.
 */
export type EncodedDocument = Uint8Array;

/** A document as the map holds it: decoded, or still encoded. */
export type StoredDocument = Document | EncodedDocument;

/** Types come back as the engine wrote them (see storage/record-file.ts, RECORD_DESERIALIZE_OPTIONS). */
const TYPED_OPTIONS = { promoteValues: false, promoteBuffers: false, useBigInt64: false } as const;
const PLAIN_OPTIONS = { ...TYPED_OPTIONS, promoteValues: true } as const;

/**
 * Decodes a stored document as recovery always has: plain numbers, with a typed twin where a number
 * must keep its BSON type. Throws naming the document if its bytes are not BSON.
 */
export function decodeStoredDocument(bson: EncodedDocument, idKey: string): Document {
  let doc: Document;
  try {
    doc = holdsTypedNumbers(bson, 0)
      ? toPlain(toTyped(deserialize(bson, TYPED_OPTIONS)))
      : deserialize(bson, PLAIN_OPTIONS);
  } catch (error) {
    throw new Error(`the stored document with _id key ${idKey} is corrupt: ${String(error)}`, {
      cause: error,
    });
  }
  noteStored(doc);
  return doc;
}

function decodeFields(bson: EncodedDocument, fields: ReadonlySet<string>, idKey: string): Document {
  try {
    return decodeTopLevelFields(bson, fields);
  } catch (error) {
    throw new Error(`the stored document with _id key ${idKey} is corrupt: ${String(error)}`, {
      cause: error,
    });
  }
}

function isEncoded(value: StoredDocument): value is EncodedDocument {
  return value instanceof Uint8Array;
}

/**
 * A collection's documents by `_id` key, in natural (insertion) order. Documents read from the snapshot
 * at start-up stay encoded until a command first reads them, so start-up does not decode the whole
 * database: `get` and the iterators decode an encoded document and keep the decoded one in its place
 * (its place in natural order does not change). Index builds read with `readWithoutKeeping`, which
 * decodes for the moment only, so building an index does not make the whole collection resident.
 */
export class DocumentMap {
  private readonly stored = new Map<string, StoredDocument>();
  /** Counts changes, so decoded fields kept from an earlier read are known to be current. */
  private changes = 0;
  /**
   * The fields last decoded for an index build, kept until the current task ends: a query that builds
   * two parts of one index (the planner counts entries from the hash level, then reads the sorted one)
   * decodes each document once. Only documents still encoded are in it, and those never change.
   */
  private fieldsDecoded:
    { fields: ReadonlySet<string>; changes: number; documents: Map<string, Document> } | undefined;

  get size(): number {
    return this.stored.size;
  }

  has(idKey: string): boolean {
    return this.stored.has(idKey);
  }

  get(idKey: string): Document | undefined {
    const value = this.stored.get(idKey);
    if (value === undefined || !isEncoded(value)) return value;
    const doc = decodeStoredDocument(value, idKey);
    this.stored.set(idKey, doc);
    return doc;
  }

  set(idKey: string, doc: StoredDocument): void {
    this.changes += 1;
    this.stored.set(idKey, doc);
  }

  delete(idKey: string): boolean {
    this.changes += 1;
    return this.stored.delete(idKey);
  }

  keys(): IterableIterator<string> {
    return this.stored.keys();
  }

  /** Every document in natural order, decoding (and keeping) those still encoded. */
  *values(): Generator<Document> {
    for (const [, doc] of this.entries()) yield doc;
  }

  *entries(): Generator<[string, Document]> {
    for (const [idKey, value] of this.stored) {
      if (!isEncoded(value)) {
        yield [idKey, value];
        continue;
      }
      const doc = decodeStoredDocument(value, idKey);
      // Replacing a key's value keeps its place in the Map's order and does not disturb the iteration.
      this.stored.set(idKey, doc);
      yield [idKey, doc];
    }
  }

  [Symbol.iterator](): Generator<[string, Document]> {
    return this.entries();
  }

  /**
   * Every document in natural order, those still encoded decoded for the caller alone and left
   * encoded here: for index builds, which keep only keys. With `fields`, an encoded document is
   * decoded to those top-level fields only (all a build reads of it); `keepForTask` keeps those
   * fields until the current task ends, for an index with several parts a query may build together.
   */
  *readWithoutKeeping(fields?: ReadonlySet<string>, keepForTask = false): Generator<[string, Document]> {
    if (!fields) {
      for (const [idKey, value] of this.stored)
        yield [idKey, isEncoded(value) ? decodeStoredDocument(value, idKey) : value];
      return;
    }
    const kept = this.fieldsDecoded;
    const recent = kept?.fields === fields && kept.changes === this.changes ? kept.documents : undefined;
    const decoded = recent ?? new Map<string, Document>();
    const changesBefore = this.changes;
    for (const [idKey, value] of this.stored) {
      if (!isEncoded(value)) {
        yield [idKey, value];
        continue;
      }
      let doc = decoded.get(idKey);
      if (!doc) decoded.set(idKey, (doc = decodeFields(value, fields, idKey)));
      yield [idKey, doc];
    }
    if (recent || !keepForTask || this.changes !== changesBefore) return;
    this.fieldsDecoded = { fields, changes: this.changes, documents: decoded };
    setImmediate(() => {
      if (this.fieldsDecoded?.documents === decoded) this.fieldsDecoded = undefined;
    });
  }

  /** Every document as held, encoded or not: for copies and snapshots, which need not decode. */
  storedEntries(): IterableIterator<[string, StoredDocument]> {
    return this.stored.entries();
  }

  /** The documents' BSON size in bytes, read from the encoded ones without decoding them. */
  bsonSize(): number {
    let bytes = 0;
    for (const value of this.stored.values()) {
      bytes += isEncoded(value) ? value.byteLength : calculateObjectSize(typedOf(value));
    }
    return bytes;
  }

  /** How many documents are still encoded (none decoded since start-up read them). */
  encodedCount(): number {
    let count = 0;
    for (const value of this.stored.values()) if (isEncoded(value)) count += 1;
    return count;
  }
}
