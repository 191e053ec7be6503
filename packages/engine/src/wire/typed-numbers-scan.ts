import { isWholeInt32 } from '../numbers/typed-values.js';

/**
 * Whether a BSON document holds a number that a promoting decode would give another type: a double
 * with an int32-sized whole value (5.0 would come back as int32 5) or an int64. Reading the bytes is
 * much cheaper than decoding twice, and almost every message from the usual drivers holds neither.
 * A malformed document answers true, so the full decode reports the error.
 */
export function holdsTypedNumbers(buffer: Uint8Array, start: number): boolean {
  try {
    return scanDocument(new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength), start);
  } catch {
    return true;
  }
}

function scanDocument(view: DataView, start: number): boolean {
  const end = start + view.getInt32(start, true) - 1;
  let offset = start + 4;
  while (offset < end) {
    const type = view.getUint8(offset);
    offset = skipCString(view, offset + 1);
    switch (type) {
      case 0x01:
        if (isWholeInt32(view.getFloat64(offset, true))) return true;
        offset += 8;
        break;
      case 0x12:
        return true;
      case 0x03:
      case 0x04:
        if (scanDocument(view, offset)) return true;
        offset += view.getInt32(offset, true);
        break;
      case 0x02:
      case 0x0d:
      case 0x0e:
        offset += 4 + view.getInt32(offset, true);
        break;
      case 0x05:
        offset += 5 + view.getInt32(offset, true);
        break;
      case 0x07:
        offset += 12;
        break;
      case 0x08:
        offset += 1;
        break;
      case 0x09:
      case 0x11:
        offset += 8;
        break;
      case 0x10:
        offset += 4;
        break;
      case 0x13:
        offset += 16;
        break;
      case 0x06:
      case 0x0a:
      case 0x7f:
      case 0xff:
        break;
      case 0x0b:
        offset = skipCString(view, skipCString(view, offset));
        break;
      case 0x0c:
        offset += 4 + view.getInt32(offset, true) + 12;
        break;
      case 0x0f:
        offset += view.getInt32(offset, true);
        break;
      default:
        return true;
    }
  }
  return false;
}

function skipCString(view: DataView, offset: number): number {
  while (view.getUint8(offset) !== 0) offset++;
  return offset + 1;
}
