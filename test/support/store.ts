import { randomBytes } from 'node:crypto';
import { startEngine, type EngineOptions } from '../../server/engine/index.js';

export interface TestStore {
  /** A connection string that names a database private to this test file. */
  uri: string;
  /** True when the tests run against a real MongoDB (MONGODB_URI), false on the embedded engine. */
  external: boolean;
  stop(): Promise<void>;
}

/** Engine settings a test file may choose; a real MongoDB (MONGODB_URI) ignores them. */
export type TestStoreOptions = Pick<EngineOptions, 'dataDir' | 'cursorTimeoutMs' | 'ttlSweepIntervalMs'>;

/**
 * A store for one test file: a fresh embedded engine, or a fresh database on the real MongoDB named by
 * MONGODB_URI, so the same tests document where the engine matches MongoDB.
 */
export async function startTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const dbName = `careloop_test_${randomBytes(4).toString('hex')}`;
  const external = process.env.MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = `/${dbName}`;
    return { uri: url.toString(), external: true, stop: async () => {} };
  }
  const engine = await startEngine(options);
  return { uri: `${engine.uri}${dbName}`, external: false, stop: () => engine.stop() };
}
