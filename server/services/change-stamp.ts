import { createHash } from 'node:crypto';

/** The store's state as far as a cache is concerned: any change to what it shows changes `key`. */
export interface StoreStamp {
  key: string;
  /** The newest change behind it (null for an empty store). */
  at: Date | null;
}

/** How much later than a newer write a write may land and still be noticed (its `updatedAt` is older). */
export const lateWriteMs = 10_000;

/**
 * How many of a collection's newest changes the stamp covers. A write that lands late, with an
 * `updatedAt` older than newer writes already stored, moves the stamp as long as fewer than this many
 * changes came between; past that, the next change moves it.
 */
export const stampedChangeCount = 50;

/** What `changeStamp` reads of a collection: its newest changes, by `updatedAt`. */
export interface StampedCollection {
  find(
    filter: object,
    projection: object,
  ): { sort(order: object): { limit(count: number): { lean<T>(): Promise<T[]> } } };
}

/**
 * The store's change stamp over `collections`. A collection's newest `updatedAt` moves on every change,
 * except one: `updatedAt` is set by the writer before its write travels, so a write from a slower
 * instance can land after a newer one with an older time, and the newest would not move. So the stamp
 * is a hash of the newest changes (which document, and when): a late write lands among them and
 * changes the hash. One query per collection, served by its `updatedAt` index and stopped at
 * `stampedChangeCount`, so its cost does not grow with the store, nor with a burst of writes.
 */
export async function changeStamp(
  collections: Array<StampedCollection | { collection: StampedCollection; only: object }>,
): Promise<StoreStamp> {
  const parts = await Promise.all(
    collections.map(async (entry) => {
      // `only` narrows a collection to the documents whose changes matter (e.g. stories ever published).
      // (Told apart by `only`: a mongoose model has a `collection` property of its own.)
      const { collection, only } = 'only' in entry ? entry : { collection: entry, only: {} };
      const newest = await collection
        .find(only, { updatedAt: 1 })
        .sort({ updatedAt: -1 })
        .limit(stampedChangeCount)
        .lean<{ _id: unknown; updatedAt?: Date }>();
      const at = newest[0]?.updatedAt?.getTime() ?? 0;
      if (at === 0) return { at, key: '0' };
      const hash = createHash('sha256');
      for (const change of newest) hash.update(`${String(change._id)}@${change.updatedAt?.getTime() ?? 0};`);
      return { at, key: `${at}+${hash.digest('base64url').slice(0, 16)}` };
    }),
  );
  const at = Math.max(...parts.map((part) => part.at));
  return { key: parts.map((part) => part.key).join(','), at: at > 0 ? new Date(at) : null };
}

/**
 * Watches the change stamp for caches that keep answers until the store changes. The stamp an answer
 * is built on is never more than `intervalMs` old (a few indexed queries read it), except right after
 * this instance wrote: then the next `refresh` reads it before answering, so whoever made a change sees
 * it at once. Once the stamp is a quarter of that old, a request starts the next read and goes on
 * without waiting for it: under steady traffic the stamp is renewed before it is due and no reader
 * waits on the store (under load, waiting readers were a share of the p99; starting at half the
 * interval left too little time for a read that queued behind a busy loop). However many caches share a watch,
 * and however many requests ask at once, one read is in flight.
 */
export class ChangeWatch {
  private stamp: StoreStamp = { key: '', at: null };
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Writes this instance made, and how many of them the current stamp has seen. */
  private localWrites = 0;
  private writesSeen = 0;
  private reading: { writes: number; promise: Promise<void> } | undefined;

  constructor(
    private readonly readStamp: () => Promise<StoreStamp>,
    private readonly intervalMs = 1000,
  ) {}

  /** The stamp as last read (after `refresh`). */
  get current(): StoreStamp {
    return this.stamp;
  }

  /** This instance changed the store: the next `refresh` reads the stamp. */
  noteLocalWrite(): void {
    this.localWrites += 1;
  }

  /**
   * Makes `current` fit to answer with: waits for a read if the stamp is `intervalMs` old or this
   * instance wrote since; starts one in the background if it is a quarter of that old.
   */
  async refresh(): Promise<void> {
    const age = Date.now() - this.checkedAt;
    const due = this.writesSeen < this.localWrites || age >= this.intervalMs;
    if (!due && age < this.intervalMs / 4) return;
    // A read that started before the latest write may not see it: start another.
    if (!this.reading || this.reading.writes < this.localWrites) this.startReading();
    if (due) await this.reading!.promise;
  }

  private startReading(): void {
    const writes = this.localWrites;
    const promise = this.readStamp().then((stamp) => {
      this.stamp = stamp;
      this.checkedAt = Date.now();
      this.writesSeen = Math.max(this.writesSeen, writes);
    });
    const reading = { writes, promise };
    // A failed read started in the background is retried by the next request (and seen by it, once due).
    const done = () => {
      if (this.reading === reading) this.reading = undefined;
    };
    promise.then(done, done);
    this.reading = reading;
  }
}
