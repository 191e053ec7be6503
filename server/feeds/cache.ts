import { createHash } from 'node:crypto';
import { compress, type ContentCoding } from '../http/content-coding.js';
import type { ChangeWatch } from '../services/change-stamp.js';

/** One rendered feed (or page), ready to send: built once per store state, compressed once per coding. */
export interface CachedBody {
  body: Buffer;
  contentType: string;
  /** The identity body's hash; a compressed body's ETag adds `.gzip` or `.br` (a different representation). */
  etag: string;
  lastModified: Date;
  stamp: string;
  /** The watch `stamp` was read from; absent when the cache is off (a page that is never kept). */
  changes?: ChangeWatch;
  encoded: Map<ContentCoding, Promise<Buffer>>;
}

export interface FeedCacheOptions {
  /** The change stamp the pages are kept against (shared by caches of the same data). */
  changes: ChangeWatch;
  /** False: every request builds afresh (the benchmark's cold runs). */
  enabled: boolean;
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
 * Rendered feeds, kept until the store's change stamp (a ChangeWatch: read at most once a second, and
 * before the next answer after this instance wrote) moves. A rebuilt page whose bytes did not change
 * keeps its Last-Modified, so conditional requests keep getting 304.
 */
export class FeedCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly building = new Map<string, { stamp: string; promise: Promise<CachedBody> }>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(private readonly options: FeedCacheOptions) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? defaultFeedCacheMaxBytes;
  }

  /** Bytes the kept pages are charged (see `maxBytes`). */
  get keptBytes(): number {
    return this.bytes;
  }

  /** Forgets every rendered feed (the next request for each builds it). */
  invalidate(): void {
    this.entries.clear();
    this.bytes = 0;
    this.options.changes.noteLocalWrite();
  }

  /** The page at `key` for the current store state: cached, or built once however many ask at once. */
  async get(key: string, build: () => Promise<{ body: string; contentType: string }>): Promise<CachedBody> {
    if (!this.options.enabled) return this.render('', build, undefined);
    const changes = this.options.changes;
    await changes.refresh();
    const stamp = changes.current.key;
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
    if (changes.current.key === stamp) {
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
    // Never later than now (RFC 9110 §8.8.2.1), even when a change is stamped ahead of this clock.
    const now = new Date();
    const changedAt = this.options.changes.current.at ?? now;
    const lastModified =
      previous && previous.etag === etag ? previous.lastModified : changedAt > now ? now : changedAt;
    const changes = this.options.enabled ? this.options.changes : undefined;
    return {
      body,
      contentType,
      etag,
      lastModified: wholeSecond(lastModified),
      stamp,
      changes,
      encoded: new Map(),
    };
  }
}

/** The body in `coding`, compressed the first time it is asked for and kept with the page. */
export function encodedBody(entry: CachedBody, coding: ContentCoding): Promise<Buffer> {
  let encoded = entry.encoded.get(coding);
  if (!encoded) {
    encoded = compress(entry.body, coding);
    entry.encoded.set(coding, encoded);
  }
  return encoded;
}

/** HTTP dates have whole seconds: a Last-Modified compared with If-Modified-Since must too. */
function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
