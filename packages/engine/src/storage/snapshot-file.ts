import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { Document } from 'bson';
import {
  FILE_HEADER_BYTES,
  SNAPSHOT_MAGIC,
  SNAPSHOT_TRAILER_BYTES,
  SNAPSHOT_TRAILER_MAGIC,
  decodeFileHeader,
  encodeFileHeader,
  encodeFrame,
  readFrames,
  sealFrame,
} from './record-file.js';

/**
 * A snapshot is one file: header (whose generation names the journal that follows it), one frame per
 * record, and a trailer holding the record count. It is never appended to: it is written whole under a
 * temporary name, fsynced and renamed into place, so any damage in it is corruption, never a torn write.
 */
export interface SnapshotContents {
  records: Document[];
  /** The generation of the first journal that follows this snapshot. */
  generation: number;
  bytes: number;
}

const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * How long the writer serialises before it lets the engine answer the commands waiting for it. Short
 * enough that a compaction adds little to any command's time; long enough that the slices are not
 * mostly overhead.
 */
const SLICE_MS = 8;

/**
 * Writes `state` to `path` and returns the still-open file (not yet fsynced) and its size. `state` must
 * be a view that stays as it was when the compaction started (Store.snapshotRecords captures one), since
 * the engine keeps answering commands between slices: serialising a database of 100,000 stories at once
 * would hold every command for a second or more. Frames go to the file in chunks as they are made, so
 * memory stays bounded to one chunk instead of a second copy of the whole database.
 */
export async function writeSnapshot(
  path: string,
  generation: number,
  state: Iterable<Document>,
): Promise<{ file: FileHandle; bytes: number }> {
  const file = await open(path, 'w');
  try {
    const pending: Buffer[] = [encodeFileHeader(SNAPSHOT_MAGIC, generation)];
    let pendingBytes = FILE_HEADER_BYTES;
    let written = 0;
    let count = 0;
    const flush = async () => {
      const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending.length = 0;
      pendingBytes = 0;
      await writeAll(file, bytes, written);
      written += bytes.length;
    };
    let sliceStart = performance.now();
    for (const record of state) {
      const frame = encodeFrame(record);
      // The whole snapshot is one batch: it is made durable by one fsync before it is renamed in.
      sealFrame(frame, FILE_HEADER_BYTES);
      pending.push(frame.bytes);
      pendingBytes += frame.bytes.length;
      count += 1;
      if (pendingBytes >= WRITE_CHUNK_BYTES) await flush();
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    const trailer = Buffer.alloc(SNAPSHOT_TRAILER_BYTES);
    trailer.write(SNAPSHOT_TRAILER_MAGIC, 0, 8, 'latin1');
    trailer.writeBigUInt64LE(BigInt(count), 8);
    pending.push(trailer);
    pendingBytes += trailer.length;
    await flush();
    return { file, bytes: written };
  } catch (error) {
    await file.close();
    await unlink(path);
    throw error;
  }
}

async function writeAll(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset, position + offset);
    offset += bytesWritten;
  }
}

export async function readSnapshot(path: string): Promise<SnapshotContents> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < FILE_HEADER_BYTES + SNAPSHOT_TRAILER_BYTES) {
      throw new Error(`snapshot ${path} is corrupt: only ${size} bytes, too short to be complete`);
    }
    const header = Buffer.alloc(FILE_HEADER_BYTES);
    await file.read(header, 0, FILE_HEADER_BYTES, 0);
    const generation = decodeFileHeader(header, SNAPSHOT_MAGIC, path);
    const records: Document[] = [];
    const trailerOffset = size - SNAPSHOT_TRAILER_BYTES;
    const scan = await readFrames(file, FILE_HEADER_BYTES, trailerOffset, (record) => records.push(record));
    if (scan.bad) {
      throw new Error(`snapshot ${path} is corrupt at byte ${scan.bad.offset}: ${scan.bad.reason}`);
    }
    const trailer = Buffer.alloc(SNAPSHOT_TRAILER_BYTES);
    await file.read(trailer, 0, SNAPSHOT_TRAILER_BYTES, trailerOffset);
    const count = Number(trailer.readBigUInt64LE(8));
    if (trailer.toString('latin1', 0, 8) !== SNAPSHOT_TRAILER_MAGIC || count !== records.length) {
      throw new Error(
        `snapshot ${path} is corrupt at byte ${trailerOffset}: the trailer does not close ` +
          `${records.length} records`,
      );
    }
    return { records, generation, bytes: size };
  } finally {
    await file.close();
  }
}
