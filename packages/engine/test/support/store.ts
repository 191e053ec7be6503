import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEngine, type EngineOptions } from '../../src/index.js';

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

/**
 * Whether MONGODB_URI names a real MongoDB, rather than nothing (the embedded engine in-process) or
 * careloop's engine run on its own (`npm run engine`), which says so in buildInfo. Tests of behaviour
 * only MongoDB has, or of refusals only the engine makes, register by this.
 */
export async function storeIsRealMongoDB(): Promise<boolean> {
  const external = process.env.MONGODB_URI;
  if (!external) return false;
  const client = await MongoClient.connect(external, { serverSelectionTimeoutMS: 5000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return info.careloopEmbeddedEngine !== true;
  } finally {
    await client.close();
  }
}
