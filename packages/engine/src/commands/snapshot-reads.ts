import { Timestamp, type Document } from 'bson';
import { badValue, invalidOptions } from '../errors.js';
import type { CommandContext, CommandDefinition } from './context.js';

/** The reads MongoDB 5.0+ serves at a snapshot outside a transaction. */
const SNAPSHOT_READS = new Set(['find', 'aggregate', 'distinct']);
/**
 * Commands a driver's snapshot session also tags with the read concern: a cursor's later batches, and
 * closing it. The cursor's results were read from the snapshot when it opened, so they stay as they were.
 */
const CURSOR_FOLLOW_UPS = new Set(['getMore', 'killCursors']);

/** The read concern's cluster time, which only a snapshot read may name. */
export function atClusterTimeOf(readConcern: Document | undefined): Timestamp | undefined {
  const atClusterTime = readConcern?.atClusterTime;
  if (atClusterTime === undefined) return undefined;
  if (!(atClusterTime instanceof Timestamp))
    throw badValue("BSON field 'readConcern.atClusterTime' is the wrong type, expected type 'timestamp'");
  if (readConcern?.level !== 'snapshot')
    throw invalidOptions('readConcern.atClusterTime is only valid with readConcern level snapshot');
  return atClusterTime;
}

/**
 * Runs a read at a snapshot: on the store as it was at `atClusterTime` (or as it is now, for a session's
 * first read), answering the cluster time where MongoDB does, in the cursor (find, aggregate) or at the top
 * (distinct), so the driver's session sends it with every later read.
 */
export function runSnapshotRead(
  definition: CommandDefinition,
  command: Document,
  context: CommandContext,
  atClusterTime: Timestamp | undefined,
): Document | Promise<Document> {
  if (CURSOR_FOLLOW_UPS.has(definition.name)) return definition.run(command, context);
  if (!SNAPSHOT_READS.has(definition.name) || command.explain !== undefined)
    throw invalidOptions(
      `Command ${definition.name} does not support { readConcern: { level: "snapshot" } } :: caused by :: read concern not supported`,
    );
  const snapshot = context.snapshotFor(atClusterTime);
  const reply = definition.run(command, { ...context, store: snapshot.store });
  if (reply instanceof Promise)
    throw new Error(`${definition.name} answered later: a snapshot read must not`);
  if (typeof reply.cursor === 'object' && reply.cursor !== null)
    return { ...reply, cursor: { ...(reply.cursor as Document), atClusterTime: snapshot.atClusterTime } };
  return { ...reply, atClusterTime: snapshot.atClusterTime };
}
