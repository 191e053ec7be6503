import { createHash } from 'node:crypto';

/**
 * careloop's backup archive (docs/decisions/2026-12-07-backup-archive.md): one gzip'd JSON Lines file,
 * readable with `zcat` and `jq`. Documents are MongoDB Extended JSON v2 in canonical mode, so dates,
 * ObjectIds, int32/int64/double keep their exact types.
 *
 *   line 1             ArchiveHeader
 *   per collection     CollectionLine, then one DocumentLine per document (natural order)
 *   last line          ManifestLine
 */
export const archiveFormat = 'careloop-backup';
export const archiveFormatVersion = 1;

export interface ArchiveHeader {
  format: typeof archiveFormat;
  formatVersion: number;
  careloopVersion: string;
  /** The stored data's schema version (the highest migration run on it). */
  schemaVersion: number;
  database: string;
  takenAt: string;
  /** The snapshot's cluster time (Extended JSON), when the store answered one. */
  atClusterTime?: unknown;
}

export interface CollectionLine {
  collection: string;
  options: Record<string, unknown>;
  /** listIndexes' answer, in Extended JSON, `_id_` included. */
  indexes: Record<string, unknown>[];
}

export interface DocumentLine {
  collection: string;
  /** The document, canonical Extended JSON. */
  document: Record<string, unknown>;
  /** sha256 of the document's JSON text (as `JSON.stringify` writes it), first 32 hex digits. */
  sha256: string;
}

export interface CollectionTotals {
  documents: number;
  /** sha256 of every document's JSON text in order, each followed by a newline. */
  sha256: string;
}

export interface ManifestLine {
  manifest: {
    collections: Record<string, CollectionTotals>;
    /** Every line of the file, the manifest's own included. */
    lines: number;
  };
}

/** The hash a document line carries, of the document's JSON text. */
export function documentHash(documentJson: string): string {
  return createHash('sha256').update(documentJson).digest('hex').slice(0, 32);
}

/** Adds up one collection's documents for the manifest, as the writer writes and the reader reads them. */
export class CollectionChecksum {
  private readonly hash = createHash('sha256');
  documents = 0;

  add(documentJson: string): void {
    this.hash.update(`${documentJson}\n`);
    this.documents += 1;
  }

  totals(): CollectionTotals {
    return { documents: this.documents, sha256: this.hash.digest('hex') };
  }
}
