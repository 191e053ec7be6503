import { ObjectId, deserialize, type Document } from 'bson';

/** Plain numbers, as stored documents hold them (a Long beyond ±2^53 stays a Long, as toPlain keeps it). */
const PLAIN_OPTIONS = { promoteValues: true, promoteBuffers: false, useBigInt64: false } as const;

/**
 * Decodes only the named top-level fields of an encoded document (those it has), skipping the bytes of
 * the others: an index build needs the indexed fields of every document, and decoding whole stories
 * for them cost several times as much. Values are the plain values a full decode would give.
 */
export function decodeTopLevelFields(bson: Uint8Array, wanted: ReadonlySet<string>): Document {
  const bytes = Buffer.from(bson.buffer, bson.byteOffset, bson.byteLength);
  const wantedNames = encodedNames(wanted);
  const end = bytes.readInt32LE(0) - 1;
  const decoded: Document = {};
  const kept: Array<[number, number]> = [];
  let keptBytes = 0;
  let offset = 4;
  while (offset < end) {
    const type = bytes[offset]!;
    const nameEnd = bytes.indexOf(0, offset + 1);
    if (nameEnd < 0) throw new Error('a field name runs past the end of the document');
    const valueEnd = nameEnd + 1 + valueBytes(bytes, type, nameEnd + 1);
    if (valueEnd > end) throw new Error('a field runs past the end of the document');
    if (isWanted(bytes, offset + 1, nameEnd, wantedNames)) {
      const name = bytes.toString('utf8', offset + 1, nameEnd);
      const value = simpleValue(bytes, type, nameEnd + 1);
      if (value !== NOT_SIMPLE) {
        decoded[name] = value;
      } else {
        kept.push([offset, valueEnd]);
        keptBytes += valueEnd - offset;
      }
    }
    offset = valueEnd;
  }
  if (kept.length === 0) return decoded;
  const partial = Buffer.allocUnsafe(4 + keptBytes + 1);
  partial.writeInt32LE(partial.length, 0);
  let written = 4;
  for (const [start, stop] of kept) written += bytes.copy(partial, written, start, stop);
  partial[written] = 0;
  return { ...decoded, ...deserialize(partial, PLAIN_OPTIONS) };
}

/** The wanted names' UTF-8 bytes, kept for the last set asked for (an index build asks 100k times). */
let lastWanted: ReadonlySet<string> | undefined;
let lastWantedNames: Buffer[] = [];

function encodedNames(wanted: ReadonlySet<string>): Buffer[] {
  if (wanted !== lastWanted) {
    lastWanted = wanted;
    lastWantedNames = [...wanted].map((name) => Buffer.from(name, 'utf8'));
  }
  return lastWantedNames;
}

/** Whether the field name in bytes[start, end) is one of `names`, compared byte by byte. */
function isWanted(bytes: Buffer, start: number, end: number, names: Buffer[]): boolean {
  const length = end - start;
  for (const name of names) {
    if (name.length !== length) continue;
    let i = 0;
    while (i < length && bytes[start + i] === name[i]) i++;
    if (i === length) return true;
  }
  return false;
}

const NOT_SIMPLE = Symbol('not simple');

/**
 * The plain value of the kinds indexed fields mostly hold (strings, numbers, dates, ObjectIds,
 * booleans, null, and arrays of those), read directly: faster than bson's general decoder. Any other
 * kind answers NOT_SIMPLE and is left to bson.
 */
function simpleValue(bytes: Buffer, type: number, offset: number): unknown {
  switch (type) {
    case 0x02:
      return bytes.toString('utf8', offset + 4, offset + 4 + bytes.readInt32LE(offset) - 1);
    case 0x10:
      return bytes.readInt32LE(offset);
    case 0x01:
      return bytes.readDoubleLE(offset);
    case 0x08:
      return bytes[offset] === 1;
    case 0x0a:
      return null;
    case 0x09:
      return new Date(bytes.readInt32LE(offset + 4) * 2 ** 32 + bytes.readUInt32LE(offset));
    case 0x07:
      return new ObjectId(Buffer.from(bytes.subarray(offset, offset + 12)));
    case 0x04: {
      const end = offset + bytes.readInt32LE(offset) - 1;
      const elements: unknown[] = [];
      let at = offset + 4;
      while (at < end) {
        const elementType = bytes[at]!;
        const valueStart = bytes.indexOf(0, at + 1) + 1;
        const element = simpleValue(bytes, elementType, valueStart);
        if (element === NOT_SIMPLE) return NOT_SIMPLE;
        elements.push(element);
        at = valueStart + valueBytes(bytes, elementType, valueStart);
      }
      if (at !== end) throw new Error('an array element runs past the end of the array');
      return elements;
    }
    default:
      return NOT_SIMPLE;
  }
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
