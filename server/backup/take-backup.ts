import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import mongoose, { type Connection } from 'mongoose';
import {
  archiveFormat,
  archiveFormatVersion,
  CollectionChecksum,
  documentHash,
  type ArchiveHeader,
  type CollectionTotals,
} from './archive-format.js';

const { EJSON } = mongoose.mongo.BSON;

export interface BackupSummary {
  file: string;
  collections: Record<string, CollectionTotals>;
  documents: number;
  bytes: number;
  ms: number;
}

export interface BackupOptions {
  careloopVersion: string;
  schemaVersion: number;
  /** Told after each collection, for a progress line. */
  onCollection?: (name: string, totals: CollectionTotals) => void;
}

/**
 * Writes every collection of the connection's database to `file` (see archive-format.ts), as one moment
 * of the store while it goes on serving: all reads go through one snapshot session, so a story and its
 * responses are both in the archive or both not, and everything acknowledged before the backup began is
 * in it. The file appears only once complete (written beside it, then renamed).
 * @throws when the store cannot read at a snapshot (a standalone mongod: backups need a replica set).
 */
export async function takeBackup(
  connection: Connection,
  file: string,
  options: BackupOptions,
): Promise<BackupSummary> {
  const started = Date.now();
  const db = connection.db!;
  const client = connection.getClient();
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((collection) => collection.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  const session = client.startSession({ snapshot: true });
  const totals: Record<string, CollectionTotals> = {};
  let lines = 0;
  const written = `${file}.${process.pid}.partial`;

  async function* archiveLines(): AsyncGenerator<string> {
    // The session's first read fixes its moment (its cluster time goes in the header).
    const first =
      names[0] === undefined
        ? undefined
        : await db.command({ find: names[0], limit: 1, singleBatch: true }, { session });
    const atClusterTime: unknown = first?.cursor?.atClusterTime;
    const header: ArchiveHeader = {
      format: archiveFormat,
      formatVersion: archiveFormatVersion,
      careloopVersion: options.careloopVersion,
      schemaVersion: options.schemaVersion,
      database: db.databaseName,
      takenAt: new Date().toISOString(),
      ...(atClusterTime ? { atClusterTime: EJSON.serialize({ atClusterTime }).atClusterTime } : {}),
    };
    yield line(header);
    for (const name of names) {
      const collection = db.collection(name);
      const [info] = await db.listCollections({ name }).toArray();
      const indexes = await collection.listIndexes().toArray();
      yield line({
        collection: name,
        options: EJSON.serialize(info && 'options' in info ? info.options : {}),
        indexes: indexes.map((index) => EJSON.serialize(index)),
      });
      const checksum = new CollectionChecksum();
      // promoteValues off: a double 5.0 stays a double and an int64 an int64 in the Extended JSON.
      for await (const document of collection.find({}, { session, batchSize: 1000, promoteValues: false })) {
        const documentJson = EJSON.stringify(document, { relaxed: false });
        checksum.add(documentJson);
        yield `{"collection":${JSON.stringify(name)},"sha256":"${documentHash(documentJson)}","document":${documentJson}}\n`;
      }
      totals[name] = checksum.totals();
      options.onCollection?.(name, totals[name]);
    }
    yield line({ manifest: { collections: totals, lines: lines + 1 } });
  }

  function line(value: unknown): string {
    return `${JSON.stringify(value)}\n`;
  }

  async function* counted(): AsyncGenerator<string> {
    // Lines go out in chunks of about 64 KB: one stream write per line would cost more than the reads.
    let chunk = '';
    for await (const text of archiveLines()) {
      lines += 1;
      chunk += text;
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  const output = createWriteStream(written);
  try {
    await pipeline(Readable.from(counted()), createGzip(), output);
    await rename(written, file);
  } catch (error) {
    await rm(written, { force: true });
    throw error;
  } finally {
    await session.endSession();
  }
  return {
    file,
    collections: totals,
    documents: Object.values(totals).reduce((sum, collection) => sum + collection.documents, 0),
    bytes: output.bytesWritten,
    ms: Date.now() - started,
  };
}
