import type { Document } from 'bson';
import { invalidNamespace, namespaceExists } from '../errors.js';
import { Collection, type QueryMetrics } from './collection.js';
import type { IndexSpec } from './secondary-index.js';
import type { EncodedDocument } from './document-map.js';

/**
 * Every change to the data, as applied live and as replayed from the journal. Commands only change the
 * store through these, so recovery replays exactly what clients were told had happened.
 */
export type WriteOp =
  | { op: 'create'; db: string; coll: string; options: Document }
  | { op: 'drop'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  /**
   * A document as the snapshot holds it, still encoded, under its `_id` key: what recovery reads from a
   * snapshot's `put` records (and compaction writes back as `put` records) without decoding them.
   * Never journaled: commands write `put`.
   */
  | { op: 'putEncoded'; db: string; coll: string; idKey: string; bson: EncodedDocument }
  /** One change, so a crash can never leave a rename half done (both names, or neither). */
  | { op: 'rename'; db: string; coll: string; toDb: string; toColl: string; dropTarget: boolean };

/** All databases in memory. */
export class Store {
  private readonly databases = new Map<string, Map<string, Collection>>();
  readonly metrics: QueryMetrics = { scannedObjects: 0 };
  private recovering = false;
  /** Counts applied changes, so a snapshot can tell that nothing changed since it was taken. */
  changeCount = 0;

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  collection(db: string, coll: string): Collection | undefined {
    return this.databases.get(db)?.get(coll);
  }

  /**
   * Rebuilds the state from the changes recovery read back (snapshot, then journal): the documents only,
   * leaving each index part to be built when a query first needs it (see Collection.deferIndexes).
   */
  recover(changes: Iterable<WriteOp>): void {
    this.recovering = true;
    try {
      for (const change of changes) this.apply(change);
    } finally {
      this.recovering = false;
    }
    for (const database of this.databases.values())
      for (const collection of database.values()) collection.stopDeferringIndexes();
  }

  /** Applies one change; throws (changing nothing) if it breaks a rule such as a unique index. */
  apply(change: WriteOp): void {
    this.changeCount += 1;
    switch (change.op) {
      case 'create': {
        assertValidNames(change.db, change.coll);
        let database = this.databases.get(change.db);
        if (!database) this.databases.set(change.db, (database = new Map()));
        if (database.has(change.coll))
          throw namespaceExists(`Collection ${change.db}.${change.coll} already exists.`);
        database.set(change.coll, this.newCollection(change.db, change.coll, change.options));
        return;
      }
      case 'drop': {
        const database = this.databases.get(change.db);
        database?.delete(change.coll);
        if (database?.size === 0) this.databases.delete(change.db);
        return;
      }
      case 'dropDatabase':
        this.databases.delete(change.db);
        return;
      case 'createIndex':
        this.required(change.db, change.coll).createIndex(change.spec);
        return;
      case 'dropIndex':
        this.required(change.db, change.coll).dropIndex(change.name);
        return;
      case 'put':
        this.required(change.db, change.coll).put(change.doc);
        return;
      case 'putEncoded':
        this.required(change.db, change.coll).putStored(change.idKey, change.bson);
        return;
      case 'delete':
        this.required(change.db, change.coll).remove(change.id);
        return;
      case 'rename':
        this.rename(change);
        return;
    }
  }

  /**
   * A store holding what this one holds now, which later changes to this one do not reach: for snapshot
   * reads. Documents are shared, not cloned (they are never changed in place); indexes are declared and
   * built only if a query of the copy needs them.
   */
  frozenCopy(): Store {
    const copy = new Store();
    for (const [db, database] of this.databases)
      copy.databases.set(db, new Map([...database].map(([name, collection]) => [name, collection.copy()])));
    return copy;
  }

  /**
   * The whole state as journal-ready records: replaying them into an empty store rebuilds it. Documents
   * still encoded come as `putEncoded` records, which the snapshot writer stores as `put` records
   * around the same bytes, so a compaction does not decode them.
   */
  snapshotRecords(): Iterable<Document> {
    // Taken now and kept: stored documents are never changed in place (an update stores a new
    // object, encoded ones are never written to), so holding the current ones is a consistent view
    // while commands go on changing the store.
    const collections = [...this.databases].flatMap(([db, database]) =>
      [...database.values()].map((collection) => ({
        db,
        coll: collection.name,
        options: collection.options,
        specs: collection.indexSpecs().slice(1),
        documents: [...collection.documents.storedEntries()],
      })),
    );
    return (function* () {
      for (const { db, coll, options, specs, documents } of collections) {
        yield { op: 'create', db, coll, options };
        for (const spec of specs) yield { op: 'createIndex', db, coll, spec };
        for (const [idKey, stored] of documents) {
          yield stored instanceof Uint8Array
            ? { op: 'putEncoded', db, coll, idKey, bson: stored }
            : { op: 'put', db, coll, doc: stored };
        }
      }
    })();
  }

  /**
   * Moves a collection (documents, options, indexes) to another name, in the same or another database.
   * The new collection is built before anything is removed, so a failure leaves both names as they were.
   */
  private rename(change: Extract<WriteOp, { op: 'rename' }>): void {
    const source = this.required(change.db, change.coll);
    assertValidNames(change.toDb, change.toColl);
    if (this.collection(change.toDb, change.toColl) && !change.dropTarget) {
      throw namespaceExists(`target namespace exists: ${change.toDb}.${change.toColl}`);
    }
    const target = this.newCollection(change.toDb, change.toColl, source.options);
    // The source's documents already obey its indexes: copied as they are held, without decoding.
    const deferring = !target.deferringIndexes;
    if (deferring) target.deferIndexes();
    for (const spec of source.indexSpecs().slice(1)) target.createIndex(spec);
    for (const [idKey, stored] of source.documents.storedEntries()) target.putStored(idKey, stored);
    if (deferring) target.stopDeferringIndexes();
    this.apply({ op: 'drop', db: change.db, coll: change.coll });
    let database = this.databases.get(change.toDb);
    if (!database) this.databases.set(change.toDb, (database = new Map()));
    database.set(change.toColl, target);
  }

  private newCollection(db: string, coll: string, options: Document): Collection {
    const collection = new Collection(db, coll, options, this.metrics);
    if (this.recovering) collection.deferIndexes();
    return collection;
  }

  private required(db: string, coll: string): Collection {
    const collection = this.collection(db, coll);
    if (!collection) throw new Error(`internal: ${db}.${coll} does not exist`);
    return collection;
  }
}

function assertValidNames(db: string, coll: string): void {
  if (!db || /[/\\. "$\0]/.test(db)) throw invalidNamespace(`Invalid database name: '${db}'`);
  if (!coll || coll.includes('\0') || coll.startsWith('system.') || coll.includes('$')) {
    throw invalidNamespace(`Invalid collection name: '${coll}'`);
  }
}
