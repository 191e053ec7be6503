import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { calculateObjectSize, deserialize, serialize, setInternalBufferSize, type Document } from 'bson';
import { toTyped, withTypes } from '../numbers/typed-values.js';
import { holdsTypedNumbers } from '../wire/typed-numbers-scan.js';
import { encodePutRecord } from './put-record.js';

/**
 * The on-disk format shared by the snapshot and the journal files: a 16-byte file header, then framed
 * BSON records.
 *
 *   file header:  magic (8 ASCII bytes) | format version u32 LE | generation u32 LE
 *   frame:        crc32 u32 | payload length u32 | batch start u64 | payload (one BSON document)
 *
 * The CRC covers the payload and the length and batch-start fields, so a damaged header is caught as
 * surely as a damaged payload. "Batch start" is the file offset of the first frame of the group-commit
 * batch the frame was written in. The journal writes batch N+1 only after batch N was fsynced, so after a
 * crash only the last batch can be torn; and because a crash can persist the pages of that batch in any
 * order, a good frame can follow a bad one inside it. Batch start lets recovery tell the two cases apart:
 * a bad frame followed by a good frame of the *same* batch is a torn write, a bad frame followed by a
 * frame of a *later* batch is damage to data that was once fsynced, i.e. corruption.
 */
export const FILE_HEADER_BYTES = 16;
export const FRAME_HEADER_BYTES = 16;
export const FORMAT_VERSION = 1;
export const JOURNAL_MAGIC = 'CLJOURNL';
export const SNAPSHOT_MAGIC = 'CLSNAPSH';
/** Ends a complete snapshot, followed by the record count, so a snapshot cut short cannot pass as whole. */
export const SNAPSHOT_TRAILER_MAGIC = 'CLSNPEND';
export const SNAPSHOT_TRAILER_BYTES = 16;

/** The smallest BSON document (`{}`) is 5 bytes. */
const MIN_PAYLOAD_BYTES = 5;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Types come back exactly as the engine wrote them: numbers are decoded with their BSON types, then
 * int32 and double become numbers except where that would change the type (a 5.0 double stays a
 * `Double`, a long stays a `Long`: the typed form of numbers/typed-values.ts); Binary stays Binary
 * with its subtype, Decimal128, ObjectId and Date are always kept.
 */
export const RECORD_DESERIALIZE_OPTIONS = {
  promoteValues: false,
  promoteBuffers: false,
  useBigInt64: false,
} as const;
const PLAIN_RECORD_DESERIALIZE_OPTIONS = { ...RECORD_DESERIALIZE_OPTIONS, promoteValues: true } as const;

export function encodeFileHeader(magic: string, generation: number): Buffer {
  const header = Buffer.alloc(FILE_HEADER_BYTES);
  header.write(magic, 0, 8, 'latin1');
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(generation, 12);
  return header;
}

/** Returns the generation in a file header, or throws naming the file if it is not one of ours. */
export function decodeFileHeader(header: Buffer, magic: string, path: string): number {
  const found = header.toString('latin1', 0, 8);
  if (found !== magic) {
    throw new Error(`${path} is not a careloop ${describeMagic(magic)} file (magic "${found}")`);
  }
  const version = header.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    throw new Error(`${path} has format version ${version}; this engine reads version ${FORMAT_VERSION}`);
  }
  return header.readUInt32LE(12);
}

function describeMagic(magic: string): string {
  return magic === JOURNAL_MAGIC ? 'journal' : 'snapshot';
}

/** A record serialised into a frame whose header is filled in by `sealFrame` once its batch is known. */
export interface UnsealedFrame {
  bytes: Buffer;
  payloadCrc: number;
}

export function encodeFrame(record: Document): UnsealedFrame {
  const payload = serializeRecord(record);
  const bytes = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.byteLength);
  bytes.set(payload, FRAME_HEADER_BYTES);
  bytes.writeUInt32LE(payload.byteLength, 4);
  // The CRC of the payload is computed now, off the writer's critical path; sealFrame extends it.
  return { bytes, payloadCrc: crc32(bytes.subarray(FRAME_HEADER_BYTES)) };
}

/**
 * bson serialises into one shared buffer and, for a document larger than it, either throws a RangeError
 * or silently cuts the document short (a long string is truncated to fit). Records can be tens of MB (an
 * insert batch), so a result that filled the buffer is redone after growing it. Measuring every record
 * first with calculateObjectSize would be simpler but costs as much as serialising it again, and
 * compaction serialises the whole database.
 */
let serializeBufferBytes = 17 * 1024 * 1024;
setInternalBufferSize(serializeBufferBytes); // the buffer is at least this big, whatever bson's default

function serializeRecord(plainRecord: Document): Uint8Array {
  // A document still encoded as the snapshot held it is written back as the same bytes.
  if (plainRecord.op === 'putEncoded') {
    return encodePutRecord(
      plainRecord.db as string,
      plainRecord.coll as string,
      plainRecord.bson as Uint8Array,
    );
  }
  const record = withTypes(plainRecord);
  try {
    const payload = serialize(record);
    if (payload.byteLength < serializeBufferBytes) return payload;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  serializeBufferBytes = Math.max(serializeBufferBytes, calculateObjectSize(record) + 1);
  setInternalBufferSize(serializeBufferBytes);
  return serialize(record);
}

export function sealFrame(frame: UnsealedFrame, batchStart: number): void {
  frame.bytes.writeBigUInt64LE(BigInt(batchStart), 8);
  frame.bytes.writeUInt32LE(crc32(frame.bytes.subarray(4, FRAME_HEADER_BYTES), frame.payloadCrc), 0);
}

/** Why the frame at an offset could not be read. */
export interface BadFrame {
  offset: number;
  reason: string;
}

export interface FrameScan {
  /** Offset just past the last good frame. */
  end: number;
  /** The first frame that could not be read, if the scan stopped before `limit`. */
  bad: BadFrame | null;
}

/**
 * Reads frames from `start` up to `limit`, handing each record to `onRecord` in order, and stops at the
 * first frame that cannot be read. Reads in large chunks: recovery of a 100k-record snapshot must not
 * cost one system call per record.
 */
export async function readFrames(
  file: FileHandle,
  start: number,
  limit: number,
  onRecord: (record: Document) => void,
): Promise<FrameScan> {
  const reader = new ChunkedReader(file, limit);
  let offset = start;
  while (offset < limit) {
    const frame = await readFrameAt(reader, offset, limit);
    if (typeof frame === 'string') return { end: offset, bad: { offset, reason: frame } };
    try {
      // Most records hold no 5.0 double or long: those decode as fast as plain numbers allow.
      onRecord(
        holdsTypedNumbers(frame.payload, 0)
          ? toTyped(deserialize(frame.payload, RECORD_DESERIALIZE_OPTIONS))
          : deserialize(frame.payload, PLAIN_RECORD_DESERIALIZE_OPTIONS),
      );
    } catch (error) {
      return { end: offset, bad: { offset, reason: `record does not decode as BSON (${String(error)})` } };
    }
    offset += FRAME_HEADER_BYTES + frame.payload.byteLength;
  }
  return { end: offset, bad: null };
}

/** Decodes one record's payload as recovery reads it (typed numbers kept where they need a type). */
export function decodeRecord(payload: Buffer): Document {
  return holdsTypedNumbers(payload, 0)
    ? toTyped(deserialize(payload, RECORD_DESERIALIZE_OPTIONS))
    : deserialize(payload, PLAIN_RECORD_DESERIALIZE_OPTIONS);
}

/**
 * Checks the frame at `offset` of `bytes` (a buffer holding the file from `bytesStart` on, up to
 * `limit`) and returns its payload, or why it cannot be read, or null when the frame runs past the
 * buffer's end but not the file's (read more first).
 */
export function frameIn(
  bytes: Buffer,
  offset: number,
  bytesStart: number,
  limit: number,
): Buffer | string | null {
  const fileOffset = bytesStart + offset;
  if (limit - fileOffset < FRAME_HEADER_BYTES) return 'the record header runs past the end of the file';
  if (bytes.length - offset < FRAME_HEADER_BYTES) return null;
  const storedCrc = bytes.readUInt32LE(offset);
  const length = bytes.readUInt32LE(offset + 4);
  const batchStart = Number(bytes.readBigUInt64LE(offset + 8));
  if (length < MIN_PAYLOAD_BYTES) return `the record length ${length} is too small for a BSON document`;
  if (fileOffset + FRAME_HEADER_BYTES + length > limit) {
    return `the record of ${length} bytes runs past the end of the file`;
  }
  if (offset + FRAME_HEADER_BYTES + length > bytes.length) return null;
  const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
  if (crc32(bytes.subarray(offset + 4, offset + FRAME_HEADER_BYTES), crc32(payload)) !== storedCrc) {
    return 'the record checksum does not match';
  }
  if (batchStart > fileOffset) return `the record claims a batch starting after it (at ${batchStart})`;
  return payload;
}

interface GoodFrame {
  payload: Buffer;
  batchStart: number;
}

async function readFrameAt(
  reader: ChunkedReader,
  offset: number,
  limit: number,
): Promise<GoodFrame | string> {
  if (limit - offset < FRAME_HEADER_BYTES) return 'the record header runs past the end of the file';
  const header = await reader.bytes(offset, FRAME_HEADER_BYTES);
  const storedCrc = header.readUInt32LE(0);
  const length = header.readUInt32LE(4);
  const batchStart = Number(header.readBigUInt64LE(8));
  if (length < MIN_PAYLOAD_BYTES) return `the record length ${length} is too small for a BSON document`;
  if (offset + FRAME_HEADER_BYTES + length > limit) {
    return `the record of ${length} bytes runs past the end of the file`;
  }
  // Copy the header fields before the next read can replace the chunk they live in.
  const headerFields = Buffer.from(header.subarray(4, FRAME_HEADER_BYTES));
  const payload = await reader.bytes(offset + FRAME_HEADER_BYTES, length);
  if (crc32(headerFields, crc32(payload)) !== storedCrc) return 'the record checksum does not match';
  if (batchStart > offset) return `the record claims a batch starting after it (at ${batchStart})`;
  return { payload, batchStart };
}

/**
 * Looks past a bad frame for a good frame written in a later batch (batch start after `badOffset`).
 * Finding one means the bad frame had been fsynced before and was damaged since: corruption, not a torn
 * write. Every byte offset is tried, since the bad frame's own length cannot be trusted; cheap checks
 * (plausible length and batch start, BSON length prefix equal to the frame length) come before the CRC.
 */
export async function findLaterBatch(
  file: FileHandle,
  badOffset: number,
  limit: number,
): Promise<number | null> {
  const reader = new ChunkedReader(file, limit);
  const lookahead = FRAME_HEADER_BYTES + 4;
  for (let chunkStart = badOffset + 1; chunkStart + lookahead <= limit; chunkStart += READ_CHUNK_BYTES) {
    const chunkEnd = Math.min(limit, chunkStart + READ_CHUNK_BYTES + lookahead);
    const chunk = await reader.bytes(chunkStart, chunkEnd - chunkStart);
    const lastCandidate = Math.min(chunk.length - lookahead, READ_CHUNK_BYTES - 1);
    for (let index = 0; index <= lastCandidate; index += 1) {
      const offset = chunkStart + index;
      const length = chunk.readUInt32LE(index + 4);
      if (length < MIN_PAYLOAD_BYTES || offset + FRAME_HEADER_BYTES + length > limit) continue;
      if (chunk.readUInt32LE(index + 16) !== length) continue;
      const batchStart = chunk.readUInt32LE(index + 8) + chunk.readUInt32LE(index + 12) * 2 ** 32;
      if (batchStart <= badOffset || batchStart > offset) continue;
      const frame = await readFrameAt(reader, offset, limit);
      if (typeof frame !== 'string') return offset;
    }
  }
  return null;
}

/** Positional reads through a chunk buffer. Every read allocates a fresh buffer, so views stay valid. */
class ChunkedReader {
  private chunk = Buffer.alloc(0);
  private chunkStart = 0;

  constructor(
    private readonly file: FileHandle,
    private readonly limit: number,
  ) {}

  async bytes(offset: number, length: number): Promise<Buffer> {
    const chunkEnd = this.chunkStart + this.chunk.length;
    if (offset >= this.chunkStart && offset + length <= chunkEnd) {
      return this.chunk.subarray(offset - this.chunkStart, offset - this.chunkStart + length);
    }
    // A fresh buffer per read: decoded records (Binary values) may keep views into earlier chunks.
    const size = Math.min(Math.max(length, READ_CHUNK_BYTES), this.limit - offset);
    const chunk = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await this.file.read(chunk, filled, size - filled, offset + filled);
      if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${offset + filled}`);
      filled += bytesRead;
    }
    this.chunk = chunk;
    this.chunkStart = offset;
    return chunk.subarray(0, length);
  }
}
