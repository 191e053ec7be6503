import net from 'node:net';
import { calculateObjectSize, type Document, type Timestamp } from 'bson';
import { CursorRegistry } from './cursors.js';
import { toErrorReply } from './errors.js';
import { runCommand } from './commands/registry.js';
import { OperationRegistry } from './operations.js';
import { Journal, type RecoveredState } from './storage/journal.js';
import { Store, type WriteOp } from './store/store.js';
import { assertStorable } from './store/storable.js';
import { SnapshotHistory } from './store/snapshot-history.js';
import { removeAddressFile, writeAddressFile } from './storage/address-file.js';
import { mayHoldWrappers, toPlain } from './numbers/typed-values.js';
import { expiredDocuments } from './ttl.js';
import {
  buildReply,
  MAX_MESSAGE_BYTES,
  parseMessage,
  readHeader,
  type CommandMessage,
} from './wire/message.js';
import type { EngineOptions, RunningEngine } from './options.js';

const TEN_MINUTES = 10 * 60 * 1000;
/** Journal records stay well under BSON's 16 MiB document limit, whatever a command wrote. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** The journal is folded into a snapshot once it outgrows both this and the snapshot itself. */
const MIN_COMPACTION_BYTES = 64 * 1024 * 1024;

export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const store = new Store();
  let journal: Journal | undefined;
  if (options.dataDir) {
    const opened = await Journal.open(options.dataDir);
    journal = opened.journal;
    try {
      recoverStore(store, opened.recovered);
    } catch (error) {
      await journal.close();
      throw new Error(`cannot recover the data in ${options.dataDir}: ${(error as Error).message}`);
    }
  }
  const engine = new Engine(store, journal, new CursorRegistry(options.cursorTimeoutMs ?? TEN_MINUTES));
  let running: RunningEngine;
  try {
    running = await engine.listen(options.port ?? 0, options.ttlSweepIntervalMs ?? 60_000);
  } catch (error) {
    await engine.shutDown();
    throw error;
  }
  const dataDir = options.dataDir;
  if (!dataDir) return running;
  await writeAddressFile(dataDir, running.uri);
  // Removed before the journal closes: once the lock is free the address must not outlive it.
  return { ...running, stop: () => removeAddressFile(dataDir).then(running.stop, running.stop) };
}

/**
 * Replays what the data directory held into the store. A function of its own so that nothing of the
 * records stays reachable once it returns (a closure of startEngine would keep them): the snapshot's
 * chunks must be freed as the documents read from them are decoded.
 */
function recoverStore(store: Store, recovered: RecoveredState): void {
  // Records may hold typed numbers (5.0 as a Double); the store holds them plain, with typed twins.
  const plain = <T>(record: Document, value: T): T => (mayHoldWrappers(record) ? toPlain(value) : value);
  const { snapshot, journal: records } = recovered;
  store.recover(
    (function* () {
      for (const change of snapshot) yield plain(change, change) as WriteOp;
      for (const record of records) for (const change of record.ops as WriteOp[]) yield plain(record, change);
    })(),
  );
}

class Engine {
  private readonly server = net.createServer((socket) => this.serve(socket));
  private readonly sockets = new Set<net.Socket>();
  private readonly startedAt = new Date();
  private readonly operations = new OperationRegistry();
  private readonly snapshots: SnapshotHistory;
  /** host:port as MongoDB reports itself (explain's serverInfo, $collStats, currentOp). */
  private host = '127.0.0.1';
  private nextConnectionId = 1;
  private ttlTimer?: NodeJS.Timeout;
  private ttlSweepIntervalMs = 60_000;
  private compaction?: Promise<void>;
  /** Set once the journal has failed: memory no longer matches disk, so nothing more is accepted. */
  private failure?: Error;
  private stopping?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly journal: Journal | undefined,
    private readonly cursors: CursorRegistry,
  ) {
    this.snapshots = new SnapshotHistory(store);
  }

  async listen(port: number, ttlSweepIntervalMs: number): Promise<RunningEngine> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // Loopback only: the engine has no authentication, so it must never be reachable from elsewhere.
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: actualPort } = this.server.address() as net.AddressInfo;
    this.host = `127.0.0.1:${actualPort}`;
    this.scheduleTtlSweeps(ttlSweepIntervalMs);
    return { uri: `mongodb://127.0.0.1:${actualPort}/`, port: actualPort, stop: () => this.shutDown() };
  }

  /** Sweeps expired documents every `intervalMs` from now on (replacing any earlier schedule). */
  private scheduleTtlSweeps(intervalMs: number): void {
    clearInterval(this.ttlTimer);
    this.ttlSweepIntervalMs = intervalMs;
    this.ttlTimer = setInterval(() => void this.sweepExpired(), intervalMs);
    this.ttlTimer.unref();
  }

  shutDown(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.ttlTimer);
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      await closed.catch(() => undefined);
      this.cursors.close();
      await this.compaction?.catch(() => undefined);
      await this.journal?.close();
    })();
    return this.stopping;
  }

  private serve(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    this.operations.connected(connectionId, `${socket.remoteAddress}:${socket.remotePort}`);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    // Requests on one connection are answered in order, one at a time, as MongoDB does.
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 16) {
        const { length } = readHeader(pending);
        if (length < 16 || length > MAX_MESSAGE_BYTES) {
          socket.destroy();
          return;
        }
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        queue = queue.then(() => this.answer(socket, message, connectionId));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.operations.disconnected(connectionId);
    });
  }

  private async answer(socket: net.Socket, raw: Buffer, connectionId: number): Promise<void> {
    let request: CommandMessage;
    try {
      request = parseMessage(raw);
    } catch (error) {
      const header = readHeader(raw);
      const fallback: CommandMessage = { header, command: {}, noReply: false, legacy: false };
      if (!socket.destroyed) socket.write(buildReply(fallback, toErrorReply(error)));
      return;
    }
    const reply = await this.tracked(request.command, connectionId);
    if (!request.noReply && !socket.destroyed) socket.write(buildReply(request, reply));
  }

  /** Runs a command listed as in progress (currentOp) until its reply is ready. */
  private async tracked(command: Document, connectionId: number): Promise<Document> {
    const name = Object.keys(command)[0]?.toLowerCase();
    if ((name === 'hello' || name === 'ismaster') && typeof command.client === 'object')
      this.operations.identified(connectionId, command.client as Document);
    const operation = this.operations.begin(connectionId, command);
    try {
      return await this.execute(command, connectionId);
    } finally {
      this.operations.end(operation);
    }
  }

  /** Runs one command; its changes are journaled (and fsynced) before the reply is released. */
  private async execute(command: Document, connectionId: number): Promise<Document> {
    if (this.failure) return toErrorReply(this.failure);
    const changes: WriteOp[] = [];
    const context = {
      store: this.store,
      cursors: this.cursors,
      operations: this.operations,
      host: this.host,
      db: typeof command.$db === 'string' ? command.$db : 'test',
      connectionId,
      startedAt: this.startedAt,
      write: (change: WriteOp) => {
        if (change.op === 'put') assertStorable(change.doc);
        this.store.apply(change);
        changes.push(change);
      },
      compact: () => this.compactNow(),
      snapshotFor: (atClusterTime: Timestamp | undefined) => this.snapshots.snapshotFor(atClusterTime),
      ttlMonitorSleepSecs: this.ttlSweepIntervalMs / 1000,
      setTtlMonitorSleepSecs: (seconds: number) => {
        const was = this.ttlSweepIntervalMs / 1000;
        if (!this.stopping) this.scheduleTtlSweeps(seconds * 1000);
        return was;
      },
    };
    let reply: Document;
    try {
      const ran = runCommand(command, context);
      // Awaited only when it is a promise (compact): a write's changes must reach the journal in order.
      reply = ran instanceof Promise ? await ran : ran;
    } catch (error) {
      reply = toErrorReply(error);
    }
    // Changes made before a failure (an ordered insert's first documents) happened: they are kept too.
    if (changes.length) {
      try {
        await this.persist(changes);
      } catch (error) {
        return toErrorReply(error);
      }
    }
    return reply;
  }

  private async persist(changes: WriteOp[]): Promise<void> {
    if (!this.journal) return;
    try {
      await Promise.all(splitIntoRecords(changes).map((ops) => this.journal!.append({ ops })));
    } catch (error) {
      this.failure = new Error(
        `the journal could not be written; the engine stopped accepting commands: ${(error as Error).message}`,
      );
      void this.shutDown();
      throw this.failure;
    }
    this.compactIfDue();
  }

  /**
   * Compacts now whatever the journal's size (the `compact` command), after any compaction running; a
   * no-op when nothing was journaled since the last snapshot. Resolves once the old files are gone.
   */
  async compactNow(): Promise<{ bytesFreed: number }> {
    const journal = this.journal;
    while (this.compaction) await this.compaction;
    if (!journal || journal.journalBytes === 0) return { bytesFreed: 0 };
    const before = journal.journalBytes + journal.snapshotBytes;
    this.compactIfDue(true);
    await this.compaction;
    if (this.failure) throw this.failure;
    return { bytesFreed: Math.max(0, before - journal.snapshotBytes) };
  }

  private compactIfDue(force = false): void {
    const journal = this.journal;
    if (!journal || this.compaction) return;
    if (!force && journal.journalBytes < Math.max(MIN_COMPACTION_BYTES, journal.snapshotBytes)) return;
    this.compaction = journal
      .compact(this.store.snapshotRecords())
      .catch((error: Error) => {
        this.failure = new Error(
          `compaction failed; the engine stopped accepting commands: ${error.message}`,
        );
        void this.shutDown();
      })
      .finally(() => (this.compaction = undefined));
  }

  private async sweepExpired(): Promise<void> {
    if (this.failure || this.stopping) return;
    const deletions = expiredDocuments(this.store);
    if (deletions.length === 0) return;
    for (const deletion of deletions) this.store.apply(deletion);
    await this.persist(deletions).catch(() => undefined);
  }
}

/** Groups one command's changes into journal records of bounded size. */
function splitIntoRecords(changes: WriteOp[]): WriteOp[][] {
  const records: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let bytes = 0;
  for (const change of changes) {
    const size = calculateObjectSize(change as Document);
    if (current.length && bytes + size > MAX_RECORD_BYTES) {
      records.push(current);
      current = [];
      bytes = 0;
    }
    current.push(change);
    bytes += size;
  }
  if (current.length) records.push(current);
  return records;
}
