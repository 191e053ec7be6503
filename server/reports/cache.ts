import type { Middleware } from 'koa';
import { changeStamp, FeedCache, type StampedCollection, type StoreStamp } from '../feeds/cache.js';
import type { Models } from '../models/index.js';

/**
 * Reports, kept in memory until the store changes. The change stamp and its rules are the feeds'
 * (FeedCache: read at most once a second, and before the next answer after this instance wrote); only
 * the cached things differ (figures, not rendered pages), so the stamp side is reused, not copied.
 */
export class ReportCache<T> {
  private readonly stamp: FeedCache;
  private readonly entries = new Map<string, { stamp: string; value: Promise<T> }>();

  constructor(
    private readonly models: Pick<Models, 'stories' | 'responses' | 'organisations'>,
    private readonly maxEntries = 200,
  ) {
    this.stamp = new FeedCache({ readStamp: () => this.readStamp(), enabled: true });
  }

  /** The value at `key` for the store as it is now: cached, or computed once however many ask at once. */
  async get(key: string, compute: () => Promise<T>): Promise<T> {
    await this.stamp.refresh();
    const stamp = this.stamp.currentStamp.key;
    const cached = this.entries.get(key);
    this.entries.delete(key);
    if (cached && cached.stamp === stamp) {
      this.entries.set(key, cached);
      return cached.value;
    }
    const value = compute();
    const entry = { stamp, value };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failed computation is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** This instance changed the store: the next report reads the stamp first. */
  noteLocalWrite(): void {
    this.stamp.noteLocalWrite();
  }

  /** Middleware for the API router: every request that may write marks the cache as due a stamp read. */
  trackLocalWrites(): Middleware {
    const noteLocalWrite = () => this.noteLocalWrite();
    return async function trackReportWrites(ctx, next) {
      try {
        await next();
      } finally {
        if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) noteLocalWrite();
      }
    };
  }

  /** The change stamp of what reports read (stories, responses, the service tree). */
  private readStamp(): Promise<StoreStamp> {
    const { stories, responses, organisations } = this.models;
    return changeStamp([stories, responses, organisations] as unknown as StampedCollection[]);
  }
}
