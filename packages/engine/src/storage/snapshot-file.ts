import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { Document } from 'bson';
import {
  FILE_HEADER_BYTES,
  SNAPSHOT_MAGIC,
  SNAPSHOT_TRAILER_BYTES,
  SNAPSHOT_TRAILER_MAGIC,
  decodeFileHeader,
  encodeFileHeader,
  FRAME_HEADER_BYTES,
  decodeRecord,
  encodeFrame,
  frameIn,
  sealFrame,
} from './record-file.js';
import { readPutRecord } from './put-record.js';

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

/**
 * Reads a snapshot in chunks of this size (plus the part of a frame that straddled the last one). Each
 * chunk stays in memory while a document read from it is still encoded (see store/document-map.ts),
 * and is freed once every document in it has been decoded, replaced or deleted. Small enough that a
 * few documents no command has read (of a hundred or so in a chunk) hold little memory once the rest
 * are decoded; large enough that reading costs few system calls.
 */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Reads a snapshot, checking every frame's checksum (the whole file is read and checked before the
 * engine answers anything, so damage anywhere in it still stops start-up). `put` records are not
 * decoded: they come back as `putEncoded` records holding the document's bytes, which the store
 * decodes when a command first reads the document; other records are decoded as before.
 */
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
    let carried = Buffer.alloc(0);
    let chunkStart = FILE_HEADER_BYTES;
    let position = FILE_HEADER_BYTES;
    while (position < trailerOffset || carried.length > 0) {
      const fresh = Math.min(READ_CHUNK_BYTES, trailerOffset - position);
      const chunk = Buffer.allocUnsafe(carried.length + fresh);
      carried.copy(chunk, 0);
      await readExactly(file, chunk, carried.length, fresh, position);
      position += fresh;
      let offset = 0;
      while (offset < chunk.length) {
        const payload = frameIn(chunk, offset, chunkStart, trailerOffset);
        if (payload === null) break;
        if (typeof payload === 'string') {
          throw new Error(`snapshot ${path} is corrupt at byte ${chunkStart + offset}: ${payload}`);
        }
        try {
          records.push(readPutRecord(payload) ?? decodeRecord(payload));
        } catch (error) {
          throw new Error(
            `snapshot ${path} is corrupt at byte ${chunkStart + offset}: record does not decode as BSON ` +
              `(${String(error)})`,
          );
        }
        offset += FRAME_HEADER_BYTES + payload.length;
      }
      // The rest is the start of a frame that continues in the next chunk.
      carried = Buffer.from(chunk.subarray(offset));
      chunkStart += offset;
      if (fresh === 0 && carried.length > 0) {
        throw new Error(`snapshot ${path} is corrupt at byte ${chunkStart}: a record runs into the trailer`);
      }
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

async function readExactly(
  file: FileHandle,
  into: Buffer,
  at: number,
  length: number,
  position: number,
): Promise<void> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(into, at + filled, length - filled, position + filled);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + filled}`);
    filled += bytesRead;
  }
}
