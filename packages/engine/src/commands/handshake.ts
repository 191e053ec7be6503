import type { Document } from 'bson';
import { notSupported } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../wire/message.js';
import type { CommandContext, CommandDefinition } from './context.js';

/**
 * Wire version 21 is MongoDB 7.0: new enough for mongoose 9 / driver 7, old enough that drivers do not
 * expect 8.0-only commands. Advertised as a standalone server: no replica set, hence no transactions.
 */
export const MAX_WIRE_VERSION = 21;
export const MONGODB_VERSION = '7.0.0';
const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

function hello(command: Document, context: CommandContext, legacyName: boolean): Document {
  if (command.loadBalanced) throw notSupported('load-balanced mode');
  return {
    helloOk: true,
    [legacyName ? 'ismaster' : 'isWritablePrimary']: true,
    // No topologyVersion: without it drivers poll instead of using streaming (exhaust) monitoring.
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const HELLO_FIELDS = [
  'helloOk',
  'client',
  'compression',
  'saslSupportedMechs',
  'loadBalanced',
  'speculativeAuthenticate',
  'hostInfo',
];

export const handshakeCommands: CommandDefinition[] = [
  {
    name: 'hello',
    fields: HELLO_FIELDS,
    acceptsUnknownFields: true,
    run: (command, context) => hello(command, context, false),
  },
  {
    name: 'isMaster',
    aliases: ['ismaster'],
    fields: HELLO_FIELDS,
    acceptsUnknownFields: true,
    run: (command, context) => hello(command, context, true),
  },
  { name: 'ping', fields: [], run: () => ({ ok: 1 }) },
  {
    name: 'buildInfo',
    fields: [],
    run: () => ({
      version: MONGODB_VERSION,
      versionArray: [7, 0, 0, 0],
      gitVersion: 'careloop-embedded-engine',
      // Says plainly what this is, so nobody mistakes it for a MongoDB server when inspecting it.
      careloopEmbeddedEngine: true,
      bits: 64,
      debug: false,
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      storageEngines: ['careloop-journal'],
      modules: [],
      ok: 1,
    }),
  },
  // Sessions carry no state here (no transactions), so ending them has nothing to release.
  { name: 'endSessions', fields: [], run: () => ({ ok: 1 }) },
  {
    name: 'connectionStatus',
    fields: ['showPrivileges'],
    run: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  },
  { name: 'whatsmyuri', fields: [], run: () => ({ you: '127.0.0.1', ok: 1 }) },
  { name: 'getCmdLineOpts', fields: [], run: () => ({ argv: process.argv, parsed: {}, ok: 1 }) },
  {
    name: 'hostInfo',
    fields: [],
    run: () => ({
      system: { hostname: '127.0.0.1', currentTime: new Date() },
      os: { type: process.platform },
      extra: {},
      ok: 1,
    }),
  },
  {
    name: 'serverStatus',
    fields: ['repl', 'metrics', 'locks', 'mirroredReads'],
    run: (_command, context) => ({
      host: '127.0.0.1',
      version: MONGODB_VERSION,
      process: 'careloop-engine',
      pid: process.pid,
      uptime: Math.floor((Date.now() - context.startedAt.getTime()) / 1000),
      localTime: new Date(),
      mem: { resident: Math.round(process.memoryUsage().rss / 1024 / 1024) },
      metrics: {
        cursor: { open: { total: context.cursors.size } },
        queryExecutor: { scannedObjects: context.store.metrics.scannedObjects },
      },
      ok: 1,
    }),
  },
];
