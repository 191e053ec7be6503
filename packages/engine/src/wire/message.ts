import { deserialize, serialize, type Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import { toPlain, withTypes } from '../numbers/typed-values.js';
import { holdsTypedNumbers } from './typed-numbers-scan.js';

/** Opcodes of the MongoDB wire protocol that the engine understands or must refuse. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

const HEADER_BYTES = 16;
/** OP_MSG flag bits (MongoDB wire protocol spec). */
const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;
const KNOWN_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME | (1 << 16); /* exhaustAllowed */

/** Largest message we accept, as advertised in hello's maxMessageSizeBytes. */
export const MAX_MESSAGE_BYTES = 48_000_000;

/**
 * Incoming values keep JavaScript numbers for int32/double/safe int64 (what mingo computes with) and
 * exact BSON classes for everything else (ObjectId, Decimal128, Binary, Timestamp...).
 */
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
} as const;

/** Decoding that keeps every number's BSON type, for documents holding 5.0-style doubles or longs. */
const TYPED_DESERIALIZE_OPTIONS = { promoteValues: false, promoteBuffers: false } as const;

/**
 * One document of a message. Numbers come out plain; where a double or long would not come back as
 * itself, the containers holding it get typed twins (numbers/typed-values.ts).
 */
function decodeDocument(buffer: Buffer, offset: number, size: number): Document {
  const bytes = buffer.subarray(offset, offset + size);
  if (!holdsTypedNumbers(buffer, offset)) return deserialize(bytes, DESERIALIZE_OPTIONS);
  return toPlain(deserialize(bytes, TYPED_DESERIALIZE_OPTIONS));
}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface CommandMessage {
  header: MessageHeader;
  /** The command document with any document sequences (OP_MSG kind 1) folded in as arrays. */
  command: Document;
  /** True when the client asked for no reply (OP_MSG moreToCome, e.g. unacknowledged writes). */
  noReply: boolean;
  /** The legacy OP_QUERY handshake is answered with OP_REPLY instead of OP_MSG. */
  legacy: boolean;
}

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    length: buffer.readInt32LE(0),
    requestId: buffer.readInt32LE(4),
    responseTo: buffer.readInt32LE(8),
    opCode: buffer.readInt32LE(12),
  };
}

/** Parses one whole message (header included) into the command it carries. */
export function parseMessage(buffer: Buffer): CommandMessage {
  const header = readHeader(buffer);
  switch (header.opCode) {
    case OP_MSG:
      return parseOpMsg(header, buffer);
    case OP_QUERY:
      return parseOpQuery(header, buffer);
    case OP_COMPRESSED:
      throw notSupported('OP_COMPRESSED (wire compression)');
    default:
      throw badValue(`unsupported wire protocol opcode ${header.opCode}`);
  }
}

function parseOpMsg(header: MessageHeader, buffer: Buffer): CommandMessage {
  const flags = buffer.readUInt32LE(HEADER_BYTES);
  if ((flags & ~KNOWN_FLAGS & 0xffff) !== 0) throw badValue(`unknown required OP_MSG flag bits ${flags}`);
  // The optional CRC-32C trailer protects against corruption on the wire; loopback TCP already does.
  const end = flags & CHECKSUM_PRESENT ? buffer.length - 4 : buffer.length;
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = buffer[offset];
    offset += 1;
    if (kind === 0) {
      const size = buffer.readInt32LE(offset);
      body = decodeDocument(buffer, offset, size);
      offset += size;
    } else if (kind === 1) {
      const size = buffer.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = buffer.indexOf(0, offset + 4);
      const identifier = buffer.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      let cursor = nameEnd + 1;
      while (cursor < sectionEnd) {
        const docSize = buffer.readInt32LE(cursor);
        documents.push(decodeDocument(buffer, cursor, docSize));
        cursor += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw badValue(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw badValue('OP_MSG without a body section');
  for (const [identifier, documents] of sequences) {
    if (identifier in body)
      throw badValue(`duplicate field ${identifier} in OP_MSG body and document sequence`);
    body[identifier] = documents;
  }
  return { header, command: body, noReply: (flags & MORE_TO_COME) !== 0, legacy: false };
}

function parseOpQuery(header: MessageHeader, buffer: Buffer): CommandMessage {
  let offset = HEADER_BYTES + 4; // flags
  const nameEnd = buffer.indexOf(0, offset);
  const fullCollectionName = buffer.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = buffer.readInt32LE(offset);
  let query = deserialize(buffer.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  // Drivers wrap the command as {$query: {...}, $readPreference: ...} when they add modifiers.
  if (query.$query && typeof query.$query === 'object') query = query.$query as Document;
  const [database, collection] = splitOnce(fullCollectionName, '.');
  if (collection !== '$cmd') {
    throw notSupported('legacy OP_QUERY other than the hello/isMaster handshake');
  }
  const name = Object.keys(query)[0]?.toLowerCase();
  if (name !== 'hello' && name !== 'ismaster') {
    throw notSupported(`legacy OP_QUERY command '${Object.keys(query)[0]}' (use OP_MSG)`);
  }
  return { header, command: { ...query, $db: database }, noReply: false, legacy: true };
}

function splitOnce(value: string, separator: string): [string, string] {
  const index = value.indexOf(separator);
  return index < 0 ? [value, ''] : [value.slice(0, index), value.slice(index + 1)];
}

let nextRequestId = 1;

/** Builds the reply: OP_MSG for OP_MSG requests, OP_REPLY for the legacy handshake. */
export function buildReply(request: CommandMessage, reply: Document): Buffer {
  const body = serialize(withTypes(reply));
  if (request.legacy) {
    const prefix = Buffer.alloc(HEADER_BYTES + 20);
    prefix.writeInt32LE(0, HEADER_BYTES); // responseFlags
    prefix.writeBigInt64LE(0n, HEADER_BYTES + 4); // cursorID
    prefix.writeInt32LE(0, HEADER_BYTES + 12); // startingFrom
    prefix.writeInt32LE(1, HEADER_BYTES + 16); // numberReturned
    return withHeader(prefix, body, request.header.requestId, OP_REPLY);
  }
  const prefix = Buffer.alloc(HEADER_BYTES + 5);
  prefix.writeUInt32LE(0, HEADER_BYTES); // flagBits
  prefix[HEADER_BYTES + 4] = 0; // section kind 0: body
  return withHeader(prefix, body, request.header.requestId, OP_MSG);
}

function withHeader(prefix: Buffer, body: Uint8Array, responseTo: number, opCode: number): Buffer {
  const message = Buffer.concat([prefix, body]);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  message.writeInt32LE(responseTo, 8);
  message.writeInt32LE(opCode, 12);
  return message;
}
