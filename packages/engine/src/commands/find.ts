import { Long, type Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import { findDocuments } from '../query/find.js';
import { assertHint } from '../query/hint.js';
import type { QueryTrace } from '../query/trace.js';
import {
  optionalBoolean,
  optionalDocument,
  optionalNumber,
  requiredArray,
  targetCollection,
  type CommandContext,
  type CommandDefinition,
} from './context.js';
import { letVariables } from '../query/let-variables.js';

/** find options that change what MongoDB returns and that the engine does not implement. */
const REFUSED_FIND_OPTIONS: Record<string, string> = {
  collation: 'collation',
  min: 'find with min',
  max: 'find with max',
  returnKey: 'find with returnKey',
  showRecordId: 'find with showRecordId',
  tailable: 'tailable cursors',
  awaitData: 'tailable cursors (awaitData)',
  oplogReplay: 'oplogReplay',
};

export const findCommands: CommandDefinition[] = [
  {
    name: 'find',
    fields: [
      'filter',
      'projection',
      'sort',
      'skip',
      'limit',
      'batchSize',
      'singleBatch',
      'hint',
      'let',
      'noCursorTimeout',
      'allowPartialResults',
      'allowDiskUse',
      'readOnce',
      ...Object.keys(REFUSED_FIND_OPTIONS),
    ],
    run: (command, context) => {
      const results = findResults(command, context);
      const namespace = `${context.db}.${targetCollection(command, 'find')}`;
      const batch = context.cursors.firstBatch(namespace, results, optionalNumber(command, 'batchSize'), {
        singleBatch: optionalBoolean(command, 'singleBatch'),
        noTimeout: optionalBoolean(command, 'noCursorTimeout'),
      });
      return { cursor: { firstBatch: batch.documents, id: batch.cursorId, ns: namespace }, ok: 1 };
    },
  },
  {
    name: 'getMore',
    fields: ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'],
    run: (command, context) => {
      const id = toLong(command.getMore);
      const coll = command.collection;
      if (typeof coll !== 'string')
        throw badValue("BSON field 'getMore.collection' is missing but a required field");
      const namespace = `${context.db}.${coll}`;
      const batch = context.cursors.nextBatch(id, namespace, optionalNumber(command, 'batchSize'));
      return { cursor: { nextBatch: batch.documents, id: batch.cursorId, ns: namespace }, ok: 1 };
    },
  },
  {
    name: 'killCursors',
    fields: ['cursors'],
    run: (command, context) => {
      const ids = requiredArray(command, 'cursors').map(toLong);
      const { killed, notFound } = context.cursors.kill(ids);
      return {
        cursorsKilled: killed,
        cursorsNotFound: notFound,
        cursorsAlive: [],
        cursorsUnknown: [],
        ok: 1,
      };
    },
  },
];

/** A find command's results, all of them (the cursor hands them out); explain passes a trace. */
export function findResults(command: Document, context: CommandContext, trace?: QueryTrace): Document[] {
  const coll = targetCollection(command, 'find');
  for (const [option, feature] of Object.entries(REFUSED_FIND_OPTIONS)) {
    if (command[option] !== undefined && command[option] !== false) throw notSupported(feature);
  }
  const skip = optionalNumber(command, 'skip');
  const limit = optionalNumber(command, 'limit');
  const batchSize = optionalNumber(command, 'batchSize');
  if (skip !== undefined && skip < 0) throw badValue('skip value must be non-negative');
  if (limit !== undefined && limit < 0) throw badValue('limit value must be non-negative');
  if (batchSize !== undefined && batchSize < 0) throw badValue('batchSize value must be non-negative');
  const collection = context.store.collection(context.db, coll);
  assertHint(collection, command.hint);
  return findDocuments(
    collection,
    {
      filter: optionalDocument(command, 'filter'),
      projection: optionalDocument(command, 'projection'),
      sort: optionalDocument(command, 'sort'),
      skip,
      limit,
      variables: letVariables(command),
    },
    trace,
  );
}

function toLong(value: unknown): Long {
  if (Long.isLong(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return Long.fromNumber(value);
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  throw badValue('cursor id must be a 64-bit integer');
}
