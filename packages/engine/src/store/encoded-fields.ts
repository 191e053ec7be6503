import { deserialize, type Document } from 'bson';

/** Plain numbers, as stored documents hold them (a Long beyond ±2^53 stays a Long, as toPlain keeps it). */
const PLAIN_OPTIONS = { promoteValues: true, promoteBuffers: false, useBigInt64: false } as const;

/**
 * Decodes only the named top-level fields of an encoded document (those it has), skipping the bytes of
 * the others: an index build needs the indexed fields of every document, and decoding whole stories
 * for them cost several times as much. Values are the plain values a full decode would give.
 */
export function decodeTopLevelFields(bson: Uint8Array, wanted: ReadonlySet<string>): Document {
  const bytes = Buffer.from(bson.buffer, bson.byteOffset, bson.byteLength);
  const end = bytes.readInt32LE(0) - 1;
  const kept: Array<[number, number]> = [];
  let keptBytes = 0;
  let offset = 4;
  while (offset < end) {
    const type = bytes[offset]!;
    const nameEnd = bytes.indexOf(0, offset + 1);
    if (nameEnd < 0) throw new Error('a field name runs past the end of the document');
    const valueEnd = nameEnd + 1 + valueBytes(bytes, type, nameEnd + 1);
    if (wanted.has(bytes.toString('utf8', offset + 1, nameEnd))) {
      kept.push([offset, valueEnd]);
      keptBytes += valueEnd - offset;
    }
    offset = valueEnd;
  }
  const partial = Buffer.allocUnsafe(4 + keptBytes + 1);
  partial.writeInt32LE(partial.length, 0);
  let written = 4;
  for (const [start, stop] of kept) written += bytes.copy(partial, written, start, stop);
  partial[written] = 0;
  return deserialize(partial, PLAIN_OPTIONS);
}

/** How many bytes the value of a BSON element of `type` starting at `offset` takes. */
function valueBytes(bytes: Buffer, type: number, offset: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + bytes.readInt32LE(offset);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return bytes.readInt32LE(offset);
    case 0x05: // binary
      return 5 + bytes.readInt32LE(offset);
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return 0;
    case 0x0b: {
      // regular expression: pattern and flags, two C strings
      const patternEnd = bytes.indexOf(0, offset);
      return bytes.indexOf(0, patternEnd + 1) + 1 - offset;
    }
    case 0x0c: // DBPointer
      return 4 + bytes.readInt32LE(offset) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      throw new Error(`unknown BSON type 0x${type.toString(16)}`);
  }
}
