import type { Bound } from '../query/range-bounds.js';
import { compareBson } from '../query/sort.js';

/** One index entry in a group: the values of the fields after the group's prefix, and the document. */
export interface OrderedEntry {
  values: unknown[];
  idKey: string;
}

/**
 * The documents sharing an index prefix, kept sorted by the index's remaining fields (in the index's
 * directions, ties by `_id` key), so "equal on the prefix, sorted by the rest, first N" reads N entries
 * instead of sorting the whole group. Inserts and removals are binary searches plus a splice.
 */
export class OrderedGroup {
  readonly entries: OrderedEntry[] = [];

  constructor(private readonly directions: number[]) {}

  insert(entry: OrderedEntry): void {
    this.entries.splice(this.position(entry), 0, entry);
  }

  /**
   * Adds entries in any order and sorts once: how an index is built over many documents. Inserting them
   * one by one moves half the group each time, which at 100k documents took minutes.
   */
  insertAll(entries: Iterable<OrderedEntry>): void {
    for (const entry of entries) this.entries.push(entry);
    this.entries.sort((a, b) => this.compare(a, b));
  }

  remove(entry: OrderedEntry): void {
    const at = this.position(entry);
    if (this.entries[at]?.idKey === entry.idKey) this.entries.splice(at, 1);
  }

  compare(a: OrderedEntry, b: OrderedEntry): number {
    for (let i = 0; i < this.directions.length; i++) {
      const order = compareBson(a.values[i], b.values[i]);
      if (order !== 0) return order * this.directions[i]!;
    }
    return a.idKey < b.idKey ? -1 : a.idKey > b.idKey ? 1 : 0;
  }

  /**
   * The positions `[from, to)` whose first value (the first field after the group's prefix) can lie
   * within `bound`: two binary searches, so a read starting at a page's cursor or a period's start
   * does not walk every entry before it.
   */
  within(bound: Bound | undefined): [from: number, to: number] {
    if (!bound) return [0, this.entries.length];
    const ascending = this.directions[0] !== -1;
    let from = 0;
    let to = this.entries.length;
    const { lower, upper } = bound;
    // compareBson(value, limit) rises along the group when it is ascending and falls when descending.
    if (lower) {
      // The values at or past the lower limit: a suffix when ascending, a prefix when descending.
      if (ascending)
        from = this.firstWhere(lower.value, (order) => (lower.inclusive ? order >= 0 : order > 0));
      else to = this.firstWhere(lower.value, (order) => (lower.inclusive ? order < 0 : order <= 0));
    }
    if (upper) {
      if (ascending)
        to = Math.min(
          to,
          this.firstWhere(upper.value, (order) => (upper.inclusive ? order > 0 : order >= 0)),
        );
      else
        from = Math.max(
          from,
          this.firstWhere(upper.value, (order) => (upper.inclusive ? order <= 0 : order < 0)),
        );
    }
    return [from, Math.max(from, to)];
  }

  /** The first position where `test(compareBson(first value, limit))` holds (it holds from there on). */
  private firstWhere(limit: unknown, test: (order: number) => boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (test(compareBson(this.entries[middle]!.values[0], limit))) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** First position whose entry is not before `entry`. */
  private position(entry: OrderedEntry): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(this.entries[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * Merges groups into one stream in sort order (forwards, or backwards for a sort that runs against the
 * index), skipping documents seen in an earlier group (a multikey prefix puts one document in several).
 */
export function* mergeGroups(groups: OrderedGroup[], backwards: boolean, bound?: Bound): Generator<string> {
  const cursors = groups.map((group) => {
    const [from, to] = group.within(bound);
    return { group, at: backwards ? to - 1 : from, from, to };
  });
  const seen = new Set<string>();
  for (;;) {
    let best: (typeof cursors)[number] | undefined;
    for (const cursor of cursors) {
      if (cursor.at < cursor.from || cursor.at >= cursor.to) continue;
      const entry = cursor.group.entries[cursor.at]!;
      if (!best) best = cursor;
      else {
        const order = cursor.group.compare(entry, best.group.entries[best.at]!);
        if (backwards ? order > 0 : order < 0) best = cursor;
      }
    }
    if (!best) return;
    const { idKey } = best.group.entries[best.at]!;
    best.at += backwards ? -1 : 1;
    if (groups.length > 1) {
      if (seen.has(idKey)) continue;
      seen.add(idKey);
    }
    yield idKey;
  }
}
