/**
 * `put` records read and written without decoding the document they carry: a snapshot is almost all
 * `{ op: 'put', db, coll, doc }` records, and decoding every document at start-up cost seconds at 100k
 * stories. Reading one takes the strings it needs and the `_id` key (as store/keys.ts's valueKey would
 * make it from the decoded value) straight from the bytes; anything unusual answers undefined, and the
 * caller decodes the record as before.
 */
export interface EncodedPut {
  op: 'putEncoded';
  db: string;
  coll: string;
  idKey: string;
  /** The document's own BSON: a view into `payload`. */
  bson: Uint8Array;
}

const STRING = 0x02;
const DOCUMENT = 0x03;
const DOUBLE = 0x01;
const OBJECT_ID = 0x07;
const INT32 = 0x10;

/** The parts of a `put` record, or undefined when it is another record or not in the usual shape. */
export function readPutRecord(payload: Buffer): EncodedPut | undefined {
  if (payload.length < 5 || payload.readInt32LE(0) !== payload.length) return undefined;
  const end = payload.length - 1;
  let op: string | undefined;
  let db: string | undefined;
  let coll: string | undefined;
  let bson: Buffer | undefined;
  let offset = 4;
  while (offset < end) {
    const type = payload[offset]!;
    const nameEnd = payload.indexOf(0, offset + 1);
    if (nameEnd < 0 || nameEnd >= end) return undefined;
    const name = payload.toString('latin1', offset + 1, nameEnd);
    offset = nameEnd + 1;
    if (type === STRING) {
      const length = payload.readInt32LE(offset);
      if (length < 1 || offset + 4 + length > end) return undefined;
      const value = payload.toString('utf8', offset + 4, offset + 4 + length - 1);
      if (name === 'op') op = value;
      else if (name === 'db') db = value;
      else if (name === 'coll') coll = value;
      else return undefined;
      offset += 4 + length;
    } else if (type === DOCUMENT && name === 'doc') {
      const length = payload.readInt32LE(offset);
      if (length < 5 || offset + length > end) return undefined;
      bson = payload.subarray(offset, offset + length);
      offset += length;
    } else {
      return undefined;
    }
  }
  if (op !== 'put' || db === undefined || coll === undefined || !bson) return undefined;
  const idKey = leadingIdKey(bson);
  return idKey === undefined ? undefined : { op: 'putEncoded', db, coll, idKey, bson };
}

/**
 * valueKey of the document's `_id` when it is the first field and an ObjectId, string, int32 or double
 * (what drivers and the engine write); undefined otherwise.
 */
function leadingIdKey(doc: Buffer): string | undefined {
  const type = doc[4];
  if (doc.length < 10 || doc.toString('latin1', 5, 9) !== '_id\0') return undefined;
  const value = 9;
  switch (type) {
    case OBJECT_ID:
      return value + 12 <= doc.length ? `ObjectId:${doc.toString('hex', value, value + 12)}` : undefined;
    case STRING: {
      const length = doc.readInt32LE(value);
      if (length < 1 || value + 4 + length > doc.length) return undefined;
      return `s:${doc.toString('utf8', value + 4, value + 4 + length - 1)}`;
    }
    case INT32:
      return `n:${doc.readInt32LE(value)}`;
    case DOUBLE: {
      const number = doc.readDoubleLE(value);
      return Object.is(number, -0) ? 'n:0' : `n:${number}`;
    }
    default:
      return undefined;
  }
}

/** The BSON of `{ op: 'put', db, coll, doc }` around a document's own BSON, as serialize would make it. */
export function encodePutRecord(db: string, coll: string, doc: Uint8Array): Buffer {
  const strings = [
    ['op', 'put'],
    ['db', db],
    ['coll', coll],
  ].map(([name, value]) => {
    const nameBytes = Buffer.from(`${name}\0`, 'latin1');
    const valueBytes = Buffer.from(`${value}\0`, 'utf8');
    const length = Buffer.alloc(4);
    length.writeInt32LE(valueBytes.length);
    return Buffer.concat([Buffer.of(STRING), nameBytes, length, valueBytes]);
  });
  const docHeader = Buffer.from('\u0003doc\0', 'latin1');
  const bodyLength = strings.reduce((total, bytes) => total + bytes.length, 0) + docHeader.length;
  const total = 4 + bodyLength + doc.byteLength + 1;
  const record = Buffer.allocUnsafe(total);
  record.writeInt32LE(total, 0);
  let offset = 4;
  for (const bytes of [...strings, docHeader]) offset += bytes.copy(record, offset);
  record.set(doc, offset);
  record[total - 1] = 0;
  return record;
}
