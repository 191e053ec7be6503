import { calculateObjectSize, type Document } from 'bson';
import { badValue, CommandError } from '../errors.js';
import { typedOf } from '../numbers/typed-values.js';

/** MongoDB's largest document (BSONObjMaxUserSize), the maxBsonObjectSize that hello advertises. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * MongoDB refuses a document over 16 MiB with a code that depends on how it was written (its own
 * jstests/core/max_doc_size.js): an insert with BadValue (2), an update that would grow a stored
 * document with 17419, an upsert with 17420. Nothing is stored in any of these cases.
 */
export function assertInsertableSize(doc: Document): void {
  const size = documentBytes(doc);
  if (size > MAX_DOCUMENT_BYTES)
    throw badValue(`object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`);
}

export function assertUpdatedSize(doc: Document): void {
  if (documentBytes(doc) > MAX_DOCUMENT_BYTES)
    throw new CommandError(
      17419,
      'Location17419',
      `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`,
    );
}

export function assertUpsertedSize(doc: Document): void {
  if (documentBytes(doc) > MAX_DOCUMENT_BYTES)
    throw new CommandError(17420, 'Location17420', `Document to upsert is larger than ${MAX_DOCUMENT_BYTES}`);
}

/** The document's size as BSON, the way the engine itself would serialise it (from its typed twin: 5.0 is 8 bytes). */
function documentBytes(doc: Document): number {
  return calculateObjectSize(typedOf(doc));
}
