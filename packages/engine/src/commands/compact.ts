import { namespaceNotFound, notSupported } from '../errors.js';
import { optionalBoolean, targetCollection, type CommandDefinition } from './context.js';

/**
 * `compact`, as MongoDB answers it (`{ bytesFreed, ok: 1 }`). The engine keeps one snapshot and one
 * journal for every collection, so compacting any collection rewrites them all: a new snapshot of what
 * the store holds now, and the journals before it deleted. Nothing deleted or overwritten before the
 * command stays in the data directory's files once it has answered (what erasure relies on). When
 * nothing was written since the last snapshot there is nothing to rewrite: `bytesFreed: 0` at once.
 */
export const compactCommand: CommandDefinition = {
  name: 'compact',
  fields: ['force', 'freeSpaceTargetMB', 'dryRun'],
  run: (command, context) => {
    const coll = targetCollection(command, 'compact');
    optionalBoolean(command, 'force');
    if (optionalBoolean(command, 'dryRun')) throw notSupported('compact with dryRun');
    if (!context.store.collection(context.db, coll)) throw namespaceNotFound('collection does not exist');
    return context.compact().then(({ bytesFreed }) => ({ bytesFreed, ok: 1 }));
  },
};
