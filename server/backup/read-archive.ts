import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import mongoose from 'mongoose';
import {
  archiveFormat,
  archiveFormatVersion,
  CollectionChecksum,
  documentHash,
  type ArchiveHeader,
  type CollectionLine,
  type ManifestLine,
} from './archive-format.js';

const { EJSON } = mongoose.mongo.BSON;

/** An archive that cannot be trusted, and where: the line (1-based, of the unzipped file) and collection. */
export class ArchiveError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly collection: string | undefined,
    readonly reason: string,
  ) {
    const where = [line !== undefined ? `line ${line}` : '', collection ? `collection ${collection}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? ` (${where})` : ''}: ${reason}`);
    this.name = 'ArchiveError';
  }
}

export type ArchiveEntry =
  | { kind: 'header'; header: ArchiveHeader }
  | { kind: 'collection'; collection: CollectionLine }
  | { kind: 'document'; collection: string; document: Record<string, unknown> }
  | { kind: 'manifest'; manifest: ManifestLine['manifest'] };

/**
 * Reads an archive line by line, checking each as it goes: the header's format, every document against
 * its own checksum, each collection's count and checksum against the manifest, and that the file ends
 * with its manifest. Any fault throws an ArchiveError naming the line and collection.
 * @param knownSchemaVersion refuses an archive whose data is at a newer schema version than this.
 */
export async function* readArchive(file: string, knownSchemaVersion: number): AsyncGenerator<ArchiveEntry> {
  let lineNumber = 0;
  let collection: string | undefined;
  let checksum: CollectionChecksum | undefined;
  const seen: Record<string, ReturnType<CollectionChecksum['totals']>> = {};
  let manifest: ManifestLine['manifest'] | undefined;
  const fault = (reason: string) => new ArchiveError(file, lineNumber, collection, reason);

  const closeCollection = () => {
    if (collection !== undefined && checksum) seen[collection] = checksum.totals();
  };

  for await (const text of withCollectionNamed(
    linesOf(file, () => lineNumber),
    () => collection,
  )) {
    lineNumber += 1;
    if (manifest)
      throw fault('there is more after the manifest: the archive was changed after it was written');
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw fault('not a line of JSON: the archive is damaged');
    }
    if (lineNumber === 1) {
      yield { kind: 'header', header: checkedHeader(value, knownSchemaVersion, fault) };
      continue;
    }
    if ('manifest' in value) {
      closeCollection();
      collection = undefined;
      manifest = (value as unknown as ManifestLine).manifest;
      checkManifest(
        manifest,
        seen,
        lineNumber,
        (reason, name) => new ArchiveError(file, lineNumber, name, reason),
      );
      yield { kind: 'manifest', manifest };
      continue;
    }
    if ('indexes' in value) {
      closeCollection();
      collection = String(value.collection);
      if (collection in seen) throw fault('the collection appears twice');
      checksum = new CollectionChecksum();
      yield { kind: 'collection', collection: value as unknown as CollectionLine };
      continue;
    }
    if (!('document' in value) || collection === undefined || value.collection !== collection || !checksum)
      throw fault(
        'a line that is neither a collection, a document of the collection before it, nor the manifest',
      );
    const documentJson = JSON.stringify(value.document);
    if (documentHash(documentJson) !== value.sha256)
      throw fault('the document does not match its checksum: it was changed after the archive was written');
    checksum.add(documentJson);
    let document: Record<string, unknown>;
    try {
      document = EJSON.parse(documentJson, { relaxed: false }) as Record<string, unknown>;
    } catch (error) {
      throw fault(`the document is not valid Extended JSON: ${(error as Error).message}`);
    }
    yield { kind: 'document', collection, document };
  }
  if (lineNumber === 0) throw new ArchiveError(file, undefined, undefined, 'the archive is empty');
  if (!manifest)
    throw new ArchiveError(
      file,
      lineNumber,
      collection,
      'the archive ends here, without its manifest: it was cut short (an interrupted copy, a full disk)',
    );
}

/** Reads the whole archive, checking everything, and answers its header and manifest. */
export async function verifyArchive(
  file: string,
  knownSchemaVersion: number,
): Promise<{ header: ArchiveHeader; manifest: ManifestLine['manifest'] }> {
  let header: ArchiveHeader | undefined;
  let manifest: ManifestLine['manifest'] | undefined;
  for await (const entry of readArchive(file, knownSchemaVersion)) {
    if (entry.kind === 'header') header = entry.header;
    if (entry.kind === 'manifest') manifest = entry.manifest;
  }
  return { header: header!, manifest: manifest! };
}

/** Names the collection being read in a fault of the file itself (a cut-short or damaged stream). */
async function* withCollectionNamed(
  lines: AsyncGenerator<string>,
  collection: () => string | undefined,
): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (error) {
    if (error instanceof ArchiveError && error.collection === undefined && collection() !== undefined)
      throw new ArchiveError(error.file, error.line, collection(), error.reason);
    throw error;
  }
}

/** The unzipped file's lines; a damaged or cut-short gzip stream is an ArchiveError at the line it stops. */
async function* linesOf(file: string, linesRead: () => number): AsyncGenerator<string> {
  const source = createReadStream(file);
  const unzipped = source.pipe(createGunzip());
  source.on('error', (error) => unzipped.destroy(error));
  unzipped.setEncoding('utf8');
  let pending = '';
  try {
    for await (const chunk of unzipped as AsyncIterable<string>) {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ArchiveError(file, undefined, undefined, 'there is no such file');
    throw new ArchiveError(
      file,
      linesRead() + 1,
      undefined,
      code === 'Z_BUF_ERROR'
        ? 'the archive is cut short here (the compressed stream ends early)'
        : `the archive cannot be unzipped here: ${(error as Error).message}`,
    );
  }
  if (pending) throw new ArchiveError(file, linesRead() + 1, undefined, 'the last line is cut short');
}

function checkedHeader(
  value: Record<string, unknown>,
  knownSchemaVersion: number,
  fault: (reason: string) => ArchiveError,
): ArchiveHeader {
  if (value.format !== archiveFormat) throw fault('not a careloop backup (its first line does not say so)');
  const header = value as unknown as ArchiveHeader;
  if (typeof header.formatVersion !== 'number' || header.formatVersion > archiveFormatVersion)
    throw fault(
      `archive format ${String(header.formatVersion)} is newer than this careloop reads (${archiveFormatVersion})`,
    );
  if (typeof header.schemaVersion !== 'number' || header.schemaVersion > knownSchemaVersion)
    throw fault(
      `the archive's data is at schema version ${String(header.schemaVersion)}, newer than this careloop's ` +
        `(${knownSchemaVersion}, careloop ${header.careloopVersion} wrote it): restore it with that careloop or a newer one`,
    );
  return header;
}

function checkManifest(
  manifest: ManifestLine['manifest'],
  seen: Record<string, { documents: number; sha256: string }>,
  lineNumber: number,
  fault: (reason: string, collection?: string) => ArchiveError,
): void {
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.collections !== 'object')
    throw fault('the manifest is damaged');
  for (const [name, expected] of Object.entries(manifest.collections)) {
    const found = seen[name];
    if (!found) throw fault('the manifest lists a collection the archive does not hold', name);
    if (found.documents !== expected.documents)
      throw fault(
        `the manifest counts ${expected.documents} documents, the archive holds ${found.documents}`,
        name,
      );
    if (found.sha256 !== expected.sha256)
      throw fault("the collection's documents do not match the manifest's checksum", name);
  }
  for (const name of Object.keys(seen))
    if (!(name in manifest.collections)) throw fault('the manifest does not list this collection', name);
  if (manifest.lines !== lineNumber)
    throw fault(`the manifest counts ${manifest.lines} lines, the archive has ${lineNumber}`);
}
