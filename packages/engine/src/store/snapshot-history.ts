import { Timestamp } from 'bson';
import { CommandError } from '../errors.js';
import type { Store } from './store.js';

/**
 * How long a snapshot stays readable after it was taken: MongoDB's `minSnapshotHistoryWindowInSeconds`
 * default (300 s). A snapshot read at an older time fails with SnapshotTooOld, as on MongoDB.
 */
export const SNAPSHOT_WINDOW_MS = 300_000;

interface Snapshot {
  store: Store;
  atClusterTime: Timestamp;
  takenAt: number;
  /** The store's change count when taken: a snapshot of an unchanged store serves the next read too. */
  changeCount: number;
}

/**
 * Snapshot reads (`readConcern: { level: "snapshot" }`, MongoDB 5.0+): the first read of a snapshot
 * session takes a frozen copy of the store and answers its cluster time (`atClusterTime`); the session's
 * later reads name that time and read the same copy, so reads of several collections see one moment.
 *
 * The copy is cheap because stored documents are never changed in place (an update stores a new
 * object): it holds references to the documents of that moment, and its indexes are built only if a
 * query on it needs them. Unlike MongoDB, which can read at any time in its history window, the engine
 * can read only at the times it handed out; any other time is refused, never answered from another one.
 */
export class SnapshotHistory {
  private readonly snapshots = new Map<string, Snapshot>();
  private lastTime = new Timestamp({ t: 0, i: 0 });

  constructor(
    private readonly store: Store,
    private readonly windowMs = SNAPSHOT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The snapshot for a read: a new one (or the latest, if nothing changed since), or the one named. */
  snapshotFor(atClusterTime: Timestamp | undefined): { store: Store; atClusterTime: Timestamp } {
    this.forgetExpired();
    if (atClusterTime === undefined) return this.latest();
    const found = this.snapshots.get(keyOf(atClusterTime));
    if (found) return found;
    if (later(atClusterTime, this.lastTime))
      throw new CommandError(
        246,
        'SnapshotUnavailable',
        `Read timestamp ${describe(atClusterTime)} is later than the latest cluster time ${describe(this.lastTime)}`,
      );
    throw new CommandError(
      239,
      'SnapshotTooOld',
      `Read timestamp ${describe(atClusterTime)} is older than the oldest available snapshot: ` +
        `careloop's embedded engine keeps a snapshot for ${this.windowMs / 1000} s, and only at the ` +
        'cluster times it answered as atClusterTime',
    );
  }

  private latest(): Snapshot {
    const newest = [...this.snapshots.values()].at(-1);
    if (newest && newest.changeCount === this.store.changeCount) return newest;
    const snapshot: Snapshot = {
      store: this.store.frozenCopy(),
      atClusterTime: this.nextTime(),
      takenAt: this.now(),
      changeCount: this.store.changeCount,
    };
    this.snapshots.set(keyOf(snapshot.atClusterTime), snapshot);
    return snapshot;
  }

  /** Cluster times as MongoDB's: seconds, then an increment that orders times within a second. */
  private nextTime(): Timestamp {
    const seconds = Math.floor(this.now() / 1000);
    const { t, i } = this.lastTime;
    this.lastTime = seconds > t ? new Timestamp({ t: seconds, i: 1 }) : new Timestamp({ t, i: i + 1 });
    return this.lastTime;
  }

  private forgetExpired(): void {
    const oldest = this.now() - this.windowMs;
    for (const [key, snapshot] of this.snapshots) if (snapshot.takenAt < oldest) this.snapshots.delete(key);
  }
}

const keyOf = (time: Timestamp) => `${time.t}:${time.i}`;
const later = (a: Timestamp, b: Timestamp) => a.t > b.t || (a.t === b.t && a.i > b.i);
const describe = (time: Timestamp) => `Timestamp(${time.t}, ${time.i})`;
