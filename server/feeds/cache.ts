import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type ContentCoding = 'gzip' | 'br';

/** The store's state as far as feeds are concerned: any change to what a feed shows changes `key`. */
export interface StoreStamp {
  key: string;
  /** The newest change behind it (null for an empty store). */
  at: Date | null;
}

/** How much later than a newer write a write may land and still be noticed (its `updatedAt` is older). */
export const lateWriteMs = 10_000;

/** What `changeStamp` reads of a collection: its newest `updatedAt`, and the changes just before it. */
export interface StampedCollection {
  findOne(filter: object, projection: object): { sort(order: object): { lean<T>(): Promise<T | null> } };
  find(filter: object, projection: object): { lean<T>(): Promise<T[]> };
}

/**
 * The store's change stamp over `collections`. Each collection's newest `updatedAt` moves on every
 * change, except one: `updatedAt` is set by the writer before its write travels, so a write from a
 * slower instance can land after a newer one with an older time, and the newest would not move. So
 * the stamp also sums the times of every change in the seconds before the newest (an indexed range of
 * a few documents): a late write lands in that range and changes the sum.
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
        .findOne(only, { updatedAt: 1 })
        .sort({ updatedAt: -1 })
        .lean<{ updatedAt?: Date }>();
      const at = newest?.updatedAt?.getTime() ?? 0;
      if (at === 0) return { at, key: '0' };
      const since = at - lateWriteMs;
      const recent = await collection
        .find({ ...only, updatedAt: { $gte: new Date(since) } }, { updatedAt: 1 })
        .lean<{ updatedAt: Date }>();
      const sum = recent.reduce((total, change) => total + (change.updatedAt.getTime() - since), 0);
      return { at, key: `${at}+${recent.length}+${sum}` };
    }),
  );
  const at = Math.max(...parts.map((part) => part.at));
  return { key: parts.map((part) => part.key).join(','), at: at > 0 ? new Date(at) : null };
}

/** One rendered feed (or page), ready to send: built once per store state, compressed once per coding. */
export interface CachedBody {
  body: Buffer;
  contentType: string;
  /** The identity body's hash; a compressed body's ETag adds `.gzip` or `.br` (a different representation). */
  etag: string;
  lastModified: Date;
  stamp: string;
  encoded: Map<ContentCoding, Promise<Buffer>>;
}

export interface FeedCacheOptions {
  readStamp: () => Promise<StoreStamp>;
  /** False: every request builds afresh (the benchmark's cold runs). */
  enabled: boolean;
  /** How stale another instance's change may be seen: the stamp is read at most this often. */
  stampIntervalMs?: number;
  /** Pages kept (least recently used go first): older pages of busy feeds must not fill memory. */
  maxEntries?: number;
  /**
   * Bytes kept, each page charged three times its body (the body, and its gzip and brotli copies,
   * which are never bigger than the body by more than a few bytes): the bound on the cache's memory.
   */
  maxBytes?: number;
}

/** 64 MiB: about 200 first pages of the busiest board feeds with both compressed copies. */
export const defaultFeedCacheMaxBytes = 64 * 1024 * 1024;

/** What a page is charged against `maxBytes`: its body and at most two compressed copies. */
function chargeOf(entry: CachedBody): number {
  return 3 * entry.body.length;
}

/**
 * Rendered feeds, kept until the store's change stamp moves. The stamp is read at most once a second
 * (a few indexed queries), except right after this instance wrote: then the next request reads it
 * before answering, so whoever made a change sees it in the feeds at once. A rebuilt page whose bytes
 * did not change keeps its Last-Modified, so conditional requests keep getting 304.
 */
export class FeedCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly building = new Map<string, { stamp: string; promise: Promise<CachedBody> }>();
  private readonly stampIntervalMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private stamp: StoreStamp = { key: '', at: null };
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Writes this instance made, and how many of them the current stamp has seen. */
  private localWrites = 0;
  private writesSeen = 0;
  private reading: { writes: number; promise: Promise<void> } | undefined;

  constructor(private readonly options: FeedCacheOptions) {
    this.stampIntervalMs = options.stampIntervalMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? defaultFeedCacheMaxBytes;
  }

  /** Bytes the kept pages are charged (see `maxBytes`). */
  get keptBytes(): number {
    return this.bytes;
  }

  /** This instance changed the store: the next request reads the stamp before answering. */
  noteLocalWrite(): void {
    this.localWrites += 1;
  }

  /** Forgets every rendered feed (the next request for each builds it). */
  invalidate(): void {
    this.entries.clear();
    this.bytes = 0;
    this.noteLocalWrite();
  }

  /** The stamp as last read (after `refresh`). */
  get currentStamp(): StoreStamp {
    return this.stamp;
  }

  /** Reads the stamp if it is due (a second old, or this instance wrote since). */
  async refresh(): Promise<void> {
    const due = this.writesSeen < this.localWrites || Date.now() - this.checkedAt >= this.stampIntervalMs;
    if (!due) return;
    // A read that started before the latest write may not see it: start another.
    if (!this.reading || this.reading.writes < this.localWrites) {
      const writes = this.localWrites;
      const promise = this.options.readStamp().then((stamp) => {
        this.stamp = stamp;
        this.checkedAt = Date.now();
        this.writesSeen = Math.max(this.writesSeen, writes);
      });
      const reading = { writes, promise };
      const done = () => {
        if (this.reading === reading) this.reading = undefined;
      };
      promise.then(done, done);
      this.reading = reading;
    }
    await this.reading.promise;
  }

  /** The page at `key` for the current store state: cached, or built once however many ask at once. */
  async get(key: string, build: () => Promise<{ body: string; contentType: string }>): Promise<CachedBody> {
    if (!this.options.enabled) return this.render('', build, undefined);
    await this.refresh();
    const stamp = this.stamp.key;
    const cached = this.entries.get(key);
    if (cached && cached.stamp === stamp) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = this.building.get(key);
    if (pending && pending.stamp === stamp) return pending.promise;
    const promise = this.render(stamp, build, cached).finally(() => {
      if (this.building.get(key)?.promise === promise) this.building.delete(key);
    });
    this.building.set(key, { stamp, promise });
    const built = await promise;
    if (this.stamp.key === stamp) {
      this.forget(key);
      this.entries.set(key, built);
      this.bytes += chargeOf(built);
      while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
        this.forget(this.entries.keys().next().value!);
      }
    }
    return built;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= chargeOf(entry);
  }

  private async render(
    stamp: string,
    build: () => Promise<{ body: string; contentType: string }>,
    previous: CachedBody | undefined,
  ): Promise<CachedBody> {
    const { body: text, contentType } = await build();
    const body = Buffer.from(text, 'utf8');
    const etag = createHash('sha256').update(body).digest('base64url').slice(0, 32);
    const lastModified =
      previous && previous.etag === etag ? previous.lastModified : (this.stamp.at ?? new Date());
    return { body, contentType, etag, lastModified: wholeSecond(lastModified), stamp, encoded: new Map() };
  }
}

/** The body in `coding`, compressed the first time it is asked for and kept with the page. */
export function encodedBody(entry: CachedBody, coding: ContentCoding): Promise<Buffer> {
  let encoded = entry.encoded.get(coding);
  if (!encoded) {
    encoded =
      coding === 'gzip'
        ? gzipAsync(entry.body, { level: 6 })
        : brotliAsync(entry.body, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: 6,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
            },
          });
    entry.encoded.set(coding, encoded);
  }
  return encoded;
}

/** HTTP dates have whole seconds: a Last-Modified compared with If-Modified-Since must too. */
function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
