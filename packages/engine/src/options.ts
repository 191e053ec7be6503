/** How the engine is started, and what a running one offers (index.ts re-exports both). */
export interface EngineOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** Directory for the snapshot and journal; without one the engine keeps everything in memory. */
  dataDir?: string;
  /** How long an idle cursor lives before it is reaped (MongoDB: 10 minutes). */
  cursorTimeoutMs?: number;
  /** How often TTL indexes are swept (MongoDB: 60 s). */
  ttlSweepIntervalMs?: number;
}

export interface RunningEngine {
  /** mongodb://127.0.0.1:<port>/ — add a database name to use it. */
  readonly uri: string;
  readonly port: number;
  /** Stops listening, closes client connections, flushes the journal and releases the data directory. */
  stop(): Promise<void>;
}
