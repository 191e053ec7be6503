import { ChangeWatch, changeStamp, type StampedCollection } from '../change-stamp.js';
import type { Models } from '../../models/index.js';

/**
 * Reports, kept in memory until the store changes: the feeds' change watch (read at most once a
 * second, and before the next report after this instance wrote) over what reports read — every story,
 * told or published, its responses and the service tree.
 */
export class ReportCache<T> {
  /** The stamp of what reports read; app.ts has this instance's writes noted on it. */
  readonly changes: ChangeWatch;
  private readonly entries = new Map<string, { stamp: string; value: Promise<T> }>();

  constructor(
    models: Pick<Models, 'stories' | 'responses' | 'organisations'>,
    private readonly maxEntries = 200,
  ) {
    const { stories, responses, organisations } = models;
    this.changes = new ChangeWatch(() =>
      changeStamp([stories, responses, organisations] as unknown as StampedCollection[]),
    );
  }

  /** The value at `key` for the store as it is now: cached, or computed once however many ask at once. */
  async get(key: string, compute: () => Promise<T>): Promise<T> {
    await this.changes.refresh();
    const stamp = this.changes.current.key;
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
}
