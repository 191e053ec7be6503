import type { Document } from 'bson';

/** A command the engine is serving: from the moment it is read until its reply is sent. */
export interface Operation {
  opid: number;
  connectionId: number;
  command: Document;
  /** performance.now() when it was read: currentOp's secs_running and microsecs_running. */
  started: number;
}

interface Connection {
  client: string;
  /** The driver's `client` metadata from its handshake, as MongoDB shows it in currentOp. */
  metadata?: Document;
}

/**
 * Open connections and the commands in progress on them, for currentOp. Commands run one at a time on
 * the engine's thread, so at any moment at most one is executing; the others listed are waiting for
 * their journal write to be fsynced before their reply goes out.
 */
export class OperationRegistry {
  private readonly connections = new Map<number, Connection>();
  private readonly running = new Map<number, Operation>();
  private nextOpid = 1;

  connected(connectionId: number, client: string): void {
    this.connections.set(connectionId, { client });
  }

  disconnected(connectionId: number): void {
    this.connections.delete(connectionId);
  }

  /** Keeps the handshake's client metadata (sent once, on the connection's first hello). */
  identified(connectionId: number, metadata: Document): void {
    const connection = this.connections.get(connectionId);
    if (connection) connection.metadata = metadata;
  }

  begin(connectionId: number, command: Document): Operation {
    const operation = {
      opid: this.nextOpid++,
      connectionId,
      command,
      started: performance.now(),
    };
    this.running.set(operation.opid, operation);
    return operation;
  }

  end(operation: Operation): void {
    this.running.delete(operation.opid);
  }

  operations(): Operation[] {
    return [...this.running.values()];
  }

  connection(connectionId: number): Connection | undefined {
    return this.connections.get(connectionId);
  }

  connectionIds(): number[] {
    return [...this.connections.keys()];
  }
}
