import mongoose, { type Connection } from 'mongoose';
import { startEngineThread } from '@careloop/engine';

export const embeddedDatabaseName = 'careloop';

export interface StoreOptions {
  /** A MongoDB connection string; undefined starts the embedded engine instead. */
  mongodbUri: string | undefined;
  /** The embedded engine's data directory (ignored with `mongodbUri`). */
  dataDir: string;
}

export interface Store {
  /** The mongoose connection every model is registered on (`connection.model(...)`). */
  connection: Connection;
  /**
   * Where the embedded engine listens (loopback, no credentials, safe to log), so MongoDB's own tools
   * can look at the data; undefined when connected to an external MongoDB.
   */
  engineUri: string | undefined;
  /** Closes mongoose, then stops the embedded engine, which flushes its journal. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Connects mongoose to MONGODB_URI, or, when it is unset, to an embedded engine started on `dataDir`
 * on a thread of its own (so its work does not take turns of the service's event loop).
 */
export async function connectStore(options: StoreOptions): Promise<Store> {
  const engine = options.mongodbUri ? undefined : await startEngineThread({ dataDir: options.dataDir });
  const uri = options.mongodbUri ?? `${engine?.uri}${embeddedDatabaseName}`;
  let connection: Connection;
  try {
    connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  } catch (error) {
    await engine?.stop();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    connection,
    engineUri: engine?.uri,
    close() {
      closing ??= (async () => {
        try {
          await connection.close();
        } finally {
          await engine?.stop();
        }
      })();
      return closing;
    },
  };
}
