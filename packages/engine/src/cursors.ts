import { calculateObjectSize, Long, type Document } from 'bson';
import { cursorNotFound } from './errors.js';

/** MongoDB's default first batch, and the reply size we stay under (maxBsonObjectSize is 16 MiB). */
export const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  namespace: string;
  results: Document[];
  position: number;
  lastUsed: number;
  noTimeout: boolean;
}

export interface Batch {
  documents: Document[];
  /** 0 when the results are exhausted, else the id to pass to getMore. */
  cursorId: Long;
}

/**
 * Server-side cursors: results that do not fit in the first batch stay here until getMore takes them,
 * killCursors closes them, or they sit idle past the timeout and are reaped (as MongoDB does after
 * 10 minutes), so abandoned cursors do not hold memory forever.
 */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1n;
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly idleTimeoutMs: number) {
    this.reaper = setInterval(() => this.reapIdle(), Math.max(10, Math.min(idleTimeoutMs / 2, 60_000)));
    this.reaper.unref();
  }

  /** Takes the first batch; keeps a cursor only if more remain. */
  firstBatch(
    namespace: string,
    results: Document[],
    batchSize: number | undefined,
    options: { singleBatch?: boolean; noTimeout?: boolean } = {},
  ): Batch {
    // batchSize 0 on find/aggregate opens the cursor and returns nothing yet.
    const documents = takeBatch(results, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    if (documents.length === results.length || options.singleBatch) return { documents, cursorId: Long.ZERO };
    const id = this.nextId++;
    const cursor = {
      namespace,
      results,
      position: documents.length,
      lastUsed: Date.now(),
      noTimeout: Boolean(options.noTimeout),
    };
    this.open.set(id.toString(), cursor);
    return { documents, cursorId: Long.fromBigInt(id) };
  }

  nextBatch(id: Long, namespace: string, batchSize: number | undefined): Batch {
    const key = id.toString();
    const cursor = this.open.get(key);
    if (!cursor || cursor.namespace !== namespace) throw cursorNotFound(key);
    // getMore's batchSize 0 (or none) means "as many as fit in one reply".
    const documents = takeBatch(cursor.results, cursor.position, batchSize || Number.MAX_SAFE_INTEGER);
    cursor.position += documents.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.results.length;
    if (exhausted) this.open.delete(key);
    return { documents, cursorId: exhausted ? Long.ZERO : id };
  }

  /** Returns which of the ids were open (and are now closed) and which were unknown. */
  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  get size(): number {
    return this.open.size;
  }

  close(): void {
    clearInterval(this.reaper);
    this.open.clear();
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [id, cursor] of this.open) {
      if (!cursor.noTimeout && cursor.lastUsed < cutoff) this.open.delete(id);
    }
  }
}

function takeBatch(results: Document[], start: number, batchSize: number): Document[] {
  const documents: Document[] = [];
  let bytes = 0;
  for (let i = start; i < results.length && documents.length < batchSize; i++) {
    const doc = results[i]!;
    bytes += calculateObjectSize(doc);
    // Always make progress, even with one document near the size limit.
    if (bytes > MAX_BATCH_BYTES && documents.length > 0) break;
    documents.push(doc);
  }
  return documents;
}
