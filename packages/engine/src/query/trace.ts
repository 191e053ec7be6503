import type { Document } from 'bson';
import type { SecondaryIndex } from '../store/secondary-index.js';

/** How the planner reads a query's candidates: the engine's own plan, which explain reports. */
export type AccessPath =
  | { kind: 'collectionScan' }
  /** `_id` equality or `$in`: each value is one lookup in the documents' `_id` map. */
  | { kind: 'idLookup'; values: number }
  /** Entries of a secondary index, by equality on its leading fields or read in its order for a sort. */
  | { kind: 'indexScan'; index: SecondaryIndex; direction: 'forward' | 'backward' };

/**
 * What one query did, filled in as it runs when a caller (explain) asks for it: the plan chosen, the
 * plans costed and set aside, and the counts MongoDB's executionStats reports.
 */
export class QueryTrace {
  access: AccessPath = { kind: 'collectionScan' };
  rejected: AccessPath[] = [];
  /** Index entries (or `_id` lookups) read. */
  keysExamined = 0;
  /** Documents fetched and tested against the filter. */
  docsExamined = 0;
  /** Documents that passed the filter. */
  matched = 0;
  /** Whether the requested sort came from an index (no in-memory sort). */
  sortedByIndex = false;
  /** Wall-clock time the query took, in milliseconds. */
  elapsedMs = 0;
  /** The query as run, for the plan's description. */
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
}
