import type { Document } from 'bson';
import { badValue, CommandError, invalidNamespace, notSupported } from '../errors.js';
import { compileFilter } from '../query/filter.js';
import type { Operation } from '../operations.js';
import type { CommandContext, CommandDefinition } from './context.js';

/** currentOp's `op` field: what kind of operation a command is, in MongoDB's words. */
const OP_TYPES: Record<string, string> = {
  find: 'query',
  insert: 'insert',
  update: 'update',
  delete: 'remove',
  getmore: 'getmore',
};

export interface CurrentOpOptions {
  /** Also list connections with no command in progress (`idleConnections`, legacy `$all`). */
  idleConnections: boolean;
}

/**
 * The operations in progress, as `$currentOp` and the currentOp command list them: the asking command
 * itself, commands waiting for their journal write, and (when asked) idle connections. No field is
 * given that the engine does not know (no locks, no yields, no transactions: it has none of them).
 */
export function currentOpDocuments(context: CommandContext, options: CurrentOpOptions): Document[] {
  const now = performance.now();
  const documents = context.operations.operations().map((operation) => describe(context, operation, now));
  if (options.idleConnections) {
    const busy = new Set(context.operations.operations().map((operation) => operation.connectionId));
    for (const connectionId of context.operations.connectionIds()) {
      if (!busy.has(connectionId))
        documents.push({ ...connectionFields(context, connectionId), active: false });
    }
  }
  return documents;
}

function connectionFields(context: CommandContext, connectionId: number): Document {
  const connection = context.operations.connection(connectionId);
  const fields: Document = {
    type: 'op',
    host: context.host,
    desc: `conn${connectionId}`,
    connectionId,
  };
  if (connection) fields.client = connection.client;
  if (connection?.metadata) fields.clientMetadata = connection.metadata;
  return fields;
}

function describe(context: CommandContext, operation: Operation, now: number): Document {
  const {
    $db,
    lsid,
    $clusterTime: _clusterTime,
    $readPreference: _readPreference,
    ...command
  } = operation.command;
  const name = Object.keys(command)[0] ?? '';
  const target = command[name];
  const db = typeof $db === 'string' ? $db : 'test';
  const microseconds = Math.max(0, Math.round((now - operation.started) * 1000));
  const document: Document = {
    ...connectionFields(context, operation.connectionId),
    active: true,
    currentOpTime: new Date().toISOString(),
    opid: operation.opid,
  };
  if (lsid) document.lsid = lsid;
  Object.assign(document, {
    secs_running: Math.floor(microseconds / 1_000_000),
    microsecs_running: microseconds,
    op: OP_TYPES[name.toLowerCase()] ?? 'command',
    ns:
      typeof target === 'string'
        ? `${db}.${target}`
        : `${db}.$cmd${name === 'aggregate' ? '.aggregate' : ''}`,
    command: { ...command, $db: db },
  });
  return document;
}

const STAGE_OPTIONS = new Set([
  'allUsers',
  'idleConnections',
  'idleSessions',
  'localOps',
  'truncateOps',
  'idleCursors',
  'backtrace',
]);

/** Reads `{$currentOp: {...}}`'s options, refusing the ones whose answer the engine cannot give. */
export function currentOpStageOptions(
  context: CommandContext,
  databaseLevel: boolean,
  options: unknown,
): CurrentOpOptions {
  if (context.db !== 'admin' || !databaseLevel) {
    throw invalidNamespace("$currentOp must be run against the 'admin' database with {aggregate: 1}");
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw badValue('$currentOp options must be specified in an object');
  const spec = options as Document;
  for (const [option, value] of Object.entries(spec)) {
    if (!STAGE_OPTIONS.has(option)) throw badValue(`Unrecognized option '${option}' in $currentOp stage.`);
    if (typeof value !== 'boolean')
      throw badValue(`The '${option}' parameter of the $currentOp stage must be a boolean value`);
  }
  // Long commands are cut short in MongoDB's truncated form; the engine always shows them whole.
  if (spec.truncateOps === true) throw notSupported('$currentOp with truncateOps: true');
  if (spec.idleCursors === true) throw notSupported('$currentOp with idleCursors: true');
  if (spec.backtrace === true) throw notSupported('$currentOp with backtrace: true');
  return { idleConnections: spec.idleConnections === true };
}

/** Fields of the legacy currentOp command that are options; the others filter the operations. */
const LEGACY_OPTIONS = new Set(['$all', '$ownOps', '$truncateOps']);

export const currentOpCommand: CommandDefinition = {
  name: 'currentOp',
  fields: [],
  acceptsUnknownFields: true,
  run: (command, context) => {
    if (context.db !== 'admin')
      throw new CommandError(13, 'Unauthorized', 'currentOp may only be run against the admin database.');
    const filter: Document = {};
    for (const [field, value] of Object.entries(command).slice(1)) {
      if (field.startsWith('$') && !LEGACY_OPTIONS.has(field)) continue;
      if (!LEGACY_OPTIONS.has(field)) filter[field] = value;
    }
    const GENERIC = ['lsid', 'comment', 'maxTimeMS', 'readConcern', 'apiVersion', 'apiStrict'];
    for (const field of GENERIC) delete filter[field];
    if (command.$truncateOps === true) throw notSupported('currentOp with $truncateOps: true');
    const matcher = compileFilter(filter);
    const inprog = currentOpDocuments(context, { idleConnections: command.$all === true }).filter(
      (operation) => matcher.test(operation),
    );
    return { inprog, ok: 1 };
  },
};
