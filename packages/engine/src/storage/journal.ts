import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Document } from 'bson';
import { DataDirLock } from './data-dir-lock.js';
import {
  SNAPSHOT_FILE,
  createJournalFile,
  recoverDirectory,
  removeJournalsBefore,
  snapshotTempName,
  syncDirectory,
  type ActiveJournal,
} from './journal-files.js';
import { encodeFrame, sealFrame, type UnsealedFrame } from './record-file.js';
import { writeSnapshot } from './snapshot-file.js';

export interface RecoveredState {
  /** Records of the last snapshot, in the order they were written. */
  snapshot: Document[];
  /** Journal records written after that snapshot, in order; a torn tail has been dropped. */
  journal: Document[];
}

/**
 * A group-commit batch is capped so one fsync never waits behind an unbounded amount of data; a single
 * larger record still goes out on its own.
 */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

type WriterTask =
  | ({ kind: 'append'; frame: UnsealedFrame } & Waiter)
  /** Appends queued after this one go to journal-<generation>.log, queued before it to the old one. */
  | ({ kind: 'switch'; generation: number } & Waiter);

/**
 * Makes the engine's acknowledged writes durable: an append resolves only once its record is fsynced,
 * and `open` gives back everything appended since the last compaction. File formats: record-file.ts;
 * which files make up a data directory and how it recovers: journal-files.ts.
 *
 * One writer loop owns the journal file. Appends queue up while a write+fsync is in flight and all go
 * out in the next write+fsync together (group commit), so N concurrent clients share fsyncs instead
 * of paying one each, and records reach the file in call order. A failed write or fsync poisons the
 * journal: after a failed fsync the kernel may have dropped the dirty pages, so nothing written since
 * can be trusted to be on disk, and the engine must stop rather than acknowledge more.
 */
export class Journal {
  private readonly tasks: WriterTask[] = [];
  /** Set and cleared synchronously with the writer's last look at the queue, so no task is stranded. */
  private writerRunning = false;
  private writer: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private closed = false;
  /** The newest journal generation that exists or is queued to be created. */
  private latestGeneration: number;
  /** Settles when the newest compaction has finished (successfully or not); compactions rename in order. */
  private lastCompaction: Promise<unknown> = Promise.resolve();
  private _journalBytes: number;
  private _snapshotBytes: number;

  private constructor(
    private readonly dataDir: string,
    private readonly lock: DataDirLock,
    private active: ActiveJournal,
    journalBytes: number,
    snapshotBytes: number,
  ) {
    this.latestGeneration = active.generation;
    this._journalBytes = journalBytes;
    this._snapshotBytes = snapshotBytes;
  }

  /** Takes the data directory's lock (creating the directory if needed), reads the snapshot and the
   *  journal, drops a torn tail record (and truncates the file there so later appends are readable),
   *  and opens the journal for appending. */
  static async open(dataDir: string): Promise<{ journal: Journal; recovered: RecoveredState }> {
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir);
    try {
      // The directory may have just been created: make its entry durable before anything relies on it.
      await syncDirectory(dirname(dataDir));
      const directory = await recoverDirectory(dataDir);
      const journal = new Journal(
        dataDir,
        lock,
        directory.active,
        directory.journalBytes,
        directory.snapshotBytes,
      );
      return { journal, recovered: { snapshot: directory.snapshot, journal: directory.journal } };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Bytes in the journal since the last snapshot: the engine compacts when this grows past
   *  max(64 MiB, snapshotBytes). */
  get journalBytes(): number {
    return this._journalBytes;
  }

  /** The size of the snapshot file. */
  get snapshotBytes(): number {
    return this._snapshotBytes;
  }

  /** Appends one record (the effects of one acknowledged command) and resolves once it is fsynced. */
  append(record: Document): Promise<void> {
    const unusable = this.unusableReason();
    if (unusable) return Promise.reject(unusable);
    let frame: UnsealedFrame;
    try {
      // Serialised now: the engine may change the objects in `record` as soon as append returns.
      frame = encodeFrame(record);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this._journalBytes += frame.bytes.length;
    return this.enqueue((waiter) => ({ kind: 'append', frame, ...waiter }));
  }

  /**
   * Replaces snapshot + journal with a new snapshot holding `state`, a view of the store as it is at this
   * call that does not change afterwards (see Store.snapshotRecords). Appends made after the call land in
   * the next journal generation, which follows the new snapshot; the snapshot itself is written a slice
   * at a time, so the engine keeps answering while it is made.
   */
  compact(state: Iterable<Document>): Promise<void> {
    const unusable = this.unusableReason();
    if (unusable) return Promise.reject(unusable);
    const generation = this.latestGeneration + 1;
    const tempPath = join(this.dataDir, snapshotTempName(generation));
    // Everything up to the first await happens before any append can interleave: appends made from
    // here on follow the view just taken, so they go to the new generation. Until the new snapshot is
    // renamed in, a restart recovers the old snapshot followed by both journals.
    this.latestGeneration = generation;
    const journalBytesBefore = this._journalBytes;
    this._journalBytes = 0;
    const switched = this.enqueue((waiter) => ({ kind: 'switch', generation, ...waiter }));
    // Awaited below; until then a failed switch must not surface as an unhandled rejection.
    switched.catch(() => undefined);
    const previousCompaction = this.lastCompaction;

    const finished = (async () => {
      let renamed = false;
      try {
        const snapshot = await writeSnapshot(tempPath, generation, state);
        try {
          await snapshot.file.sync();
        } finally {
          await snapshot.file.close();
        }
        await previousCompaction;
        await rename(tempPath, join(this.dataDir, SNAPSHOT_FILE));
        renamed = true;
        this._snapshotBytes = snapshot.bytes;
        await syncDirectory(this.dataDir);
        // Journals before this generation are now covered by the snapshot; wait until the writer has
        // finished with the old one before deleting it.
        await switched;
        await removeJournalsBefore(this.dataDir, generation);
      } catch (error) {
        if (!renamed) {
          await unlink(tempPath).catch(() => undefined);
          // The old snapshot still stands, followed by the old journals and the new one.
          if (this.latestGeneration === generation) this._journalBytes += journalBytesBefore;
        } else {
          // We no longer know which snapshot a restart would find: stop, as for a failed fsync.
          this.fail(asError(error));
        }
        throw error;
      }
    })();
    this.lastCompaction = finished.catch(() => undefined);
    return finished;
  }

  /** Waits for pending appends and compactions, closes files, releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastCompaction;
    while (this.writerRunning) await this.writer;
    try {
      await this.active.file.close();
    } finally {
      await this.lock.release();
    }
  }

  private unusableReason(): Error | null {
    if (this.closed) return new Error(`journal in ${this.dataDir} is closed`);
    if (this.failure) {
      return new Error(`journal in ${this.dataDir} refuses writes after a failure: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
    return null;
  }

  private enqueue(makeTask: (waiter: Waiter) => WriterTask): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.tasks.push(makeTask({ resolve, reject }));
      if (!this.writerRunning) {
        this.writerRunning = true;
        this.writer = this.runWriter();
      }
    });
  }

  private async runWriter(): Promise<void> {
    try {
      while (this.tasks.length > 0) await this.runNextTask();
    } finally {
      // No await between the loop's last check of the queue and this line.
      this.writerRunning = false;
    }
  }

  private async runNextTask(): Promise<void> {
    if (this.failure) {
      this.rejectQueued(this.failure);
      return;
    }
    const task = this.tasks[0]!;
    if (task.kind === 'switch') {
      this.tasks.shift();
      try {
        await this.switchJournal(task.generation);
        task.resolve();
      } catch (error) {
        this.fail(asError(error));
        task.reject(asError(error));
      }
      return;
    }
    const batch = this.takeBatch();
    try {
      await this.writeBatch(batch.map((append) => append.frame));
      for (const append of batch) append.resolve();
    } catch (error) {
      this.fail(asError(error));
      for (const append of batch) append.reject(asError(error));
    }
  }

  /** The appends at the head of the queue, up to the first switch and MAX_BATCH_BYTES. */
  private takeBatch(): Array<Extract<WriterTask, { kind: 'append' }>> {
    const batch: Array<Extract<WriterTask, { kind: 'append' }>> = [];
    let bytes = 0;
    while (this.tasks.length > 0) {
      const task = this.tasks[0]!;
      if (task.kind !== 'append') break;
      if (batch.length > 0 && bytes + task.frame.bytes.length > MAX_BATCH_BYTES) break;
      this.tasks.shift();
      batch.push(task);
      bytes += task.frame.bytes.length;
    }
    return batch;
  }

  private async writeBatch(frames: UnsealedFrame[]): Promise<void> {
    const batchStart = this.active.size;
    for (const frame of frames) sealFrame(frame, batchStart);
    const bytes = frames.length === 1 ? frames[0]!.bytes : Buffer.concat(frames.map((frame) => frame.bytes));
    let written = 0;
    while (written < bytes.length) {
      const result = await this.active.file.write(
        bytes,
        written,
        bytes.length - written,
        batchStart + written,
      );
      written += result.bytesWritten;
    }
    // fdatasync also persists the file size, which is all the metadata an append changes.
    await this.active.file.datasync();
    this.active.size += bytes.length;
  }

  private async switchJournal(generation: number): Promise<void> {
    // Every batch of the old journal was fsynced when it was written, so it can simply be closed.
    await this.active.file.close();
    this.active = await createJournalFile(this.dataDir, generation);
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  private rejectQueued(error: Error): void {
    for (const task of this.tasks.splice(0)) task.reject(error);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
