import type { Document, Timestamp } from 'bson';
import { badValue, invalidNamespace } from '../errors.js';
import type { CursorRegistry } from '../cursors.js';
import type { OperationRegistry } from '../operations.js';
import type { Collection } from '../store/collection.js';
import type { Store, WriteOp } from '../store/store.js';

/** What a command handler may use: the data, the cursors, and the one way to change data. */
export interface CommandContext {
  readonly store: Store;
  readonly cursors: CursorRegistry;
  /** Connections and the commands in progress on them (currentOp). */
  readonly operations: OperationRegistry;
  /** host:port, as MongoDB names itself in $collStats, currentOp and explain's serverInfo. */
  readonly host: string;
  /** The database the command runs in (`$db`). */
  readonly db: string;
  readonly connectionId: number;
  readonly startedAt: Date;
  /** Applies a change (throwing, with nothing changed, if it breaks a rule) and records it for the journal. */
  write(change: WriteOp): void;
  /** Rewrites the data files now (snapshot + fresh journal), resolving with the bytes they shrank by. */
  compact(): Promise<{ bytesFreed: number }>;
  /** The store as it was at a snapshot read's cluster time (a new snapshot, taken now, without one). */
  snapshotFor(atClusterTime: Timestamp | undefined): { store: Store; atClusterTime: Timestamp };
  /** The TTL monitor's pause between sweeps, in seconds (mongod's `ttlMonitorSleepSecs`). */
  readonly ttlMonitorSleepSecs: number;
  /** Sets that pause, taking effect at once (as mongod 7.0 does); answers the previous value. */
  setTtlMonitorSleepSecs(seconds: number): number;
}

/** Only `compact` answers later (once the files are rewritten); every other command answers at once. */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>;

export interface CommandDefinition {
  /** The command's name as it appears as the first field of the command document. */
  name: string;
  aliases?: string[];
  /** Fields this command understands, besides the generic ones every command may carry. */
  fields: readonly string[];
  /** The handshake accepts fields it does not know, as MongoDB's does: drivers add new ones over time. */
  acceptsUnknownFields?: boolean;
  run: CommandHandler;
}

/** Fields any command may carry; the ones with meaning are checked in `assertGenericFields`. */
export const GENERIC_FIELDS = new Set([
  '$db',
  'lsid',
  '$readPreference',
  '$clusterTime',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'comment',
  'maxTimeMS',
  'readConcern',
  'writeConcern',
  'txnNumber',
  'autocommit',
  'startTransaction',
]);

/** The collection name a command targets (the value of its first field). */
export function targetCollection(command: Document, name: string): string {
  const coll = command[name];
  if (typeof coll !== 'string' || coll.length === 0) {
    throw invalidNamespace(`collection name has invalid type ${typeof coll}`);
  }
  return coll;
}

/** Collections are created on first write, as in MongoDB. */
export function ensureCollection(context: CommandContext, coll: string): Collection {
  const existing = context.store.collection(context.db, coll);
  if (existing) return existing;
  context.write({ op: 'create', db: context.db, coll, options: {} });
  return context.store.collection(context.db, coll)!;
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) badField(field, 'an object');
  return value as Document;
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) badField(field, 'a number');
  return value as number;
}

export function optionalBoolean(command: Document, field: string): boolean | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') badField(field, 'a boolean');
  return value as boolean;
}

export function requiredArray(command: Document, field: string): unknown[] {
  const value = command[field];
  if (!Array.isArray(value)) badField(field, 'an array');
  return value as unknown[];
}

function badField(field: string, expected: string): never {
  throw badValue(`BSON field '${field}' must be ${expected}`);
}
