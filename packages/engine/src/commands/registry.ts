import type { Document } from 'bson';
import { badValue, commandNotFound, illegalOperation, notSupported, unknownField } from '../errors.js';
import { atClusterTimeOf, runSnapshotRead } from './snapshot-reads.js';
import { GENERIC_FIELDS, type CommandContext, type CommandDefinition } from './context.js';
import { handshakeCommands } from './handshake.js';
import { namespaceCommands } from './namespaces.js';
import { insertCommand } from './insert.js';
import { findCommands } from './find.js';
import { updateCommand } from './update.js';
import { deleteCommand } from './delete.js';
import { findAndModifyCommand } from './find-and-modify.js';
import { aggregateCommand } from './aggregate.js';
import { countCommand, distinctCommand } from './count-distinct.js';
import { indexCommands } from './indexes.js';
import { statsCommands } from './stats.js';
import { renameCollectionCommand } from './rename.js';
import { explainCommand } from './explain.js';
import { currentOpCommand } from './current-op.js';
import { getParameterCommand, setParameterCommand } from './parameters.js';
import { compactCommand } from './compact.js';

const definitions: CommandDefinition[] = [
  ...handshakeCommands,
  ...namespaceCommands,
  insertCommand,
  ...findCommands,
  updateCommand,
  deleteCommand,
  findAndModifyCommand,
  aggregateCommand,
  countCommand,
  distinctCommand,
  ...indexCommands,
  ...statsCommands,
  renameCollectionCommand,
  explainCommand,
  currentOpCommand,
  getParameterCommand,
  setParameterCommand,
  compactCommand,
];

const byName = new Map<string, CommandDefinition>();
for (const definition of definitions) {
  byName.set(definition.name.toLowerCase(), definition);
  for (const alias of definition.aliases ?? []) byName.set(alias.toLowerCase(), definition);
}

export function runCommand(command: Document, context: CommandContext): Document | Promise<Document> {
  const name = Object.keys(command)[0] ?? '';
  const definition = byName.get(name.toLowerCase());
  if (!definition) throw commandNotFound(name);
  assertGenericFields(command);
  if (!definition.acceptsUnknownFields) {
    const known = new Set(definition.fields);
    for (const field of Object.keys(command).slice(1)) {
      if (!known.has(field) && !GENERIC_FIELDS.has(field)) throw unknownField(definition.name, field);
    }
  }
  const readConcern = command.readConcern as Document | undefined;
  const atClusterTime = atClusterTimeOf(readConcern);
  if (readConcern?.level === 'snapshot') return runSnapshotRead(definition, command, context, atClusterTime);
  return definition.run(command, context);
}

function assertGenericFields(command: Document): void {
  // A standalone server has no transactions; this is what MongoDB answers on one.
  if (
    command.txnNumber !== undefined ||
    command.startTransaction !== undefined ||
    command.autocommit !== undefined
  ) {
    throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
  }
  const readConcern = command.readConcern as Document | undefined;
  const level = readConcern?.level;
  if (level === 'linearizable') throw notSupported(`readConcern level '${String(level)}'`);
  if (level !== undefined && !['local', 'available', 'majority', 'snapshot'].includes(level as string))
    throw badValue(
      `Invalid readConcern level '${String(level)}': expected one of local, available, majority, linearizable, snapshot`,
    );
  // Causal consistency (afterClusterTime) waits for a time to be reached; the engine keeps no such clock.
  if (readConcern?.afterClusterTime !== undefined)
    throw notSupported('causally consistent reads (readConcern afterClusterTime)');
}
