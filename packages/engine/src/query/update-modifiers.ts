import type { Document } from 'bson';
import { failedToParse } from '../errors.js';

/** The update operators MongoDB knows (its update reference), whatever the engine does with them. */
const MODIFIERS = new Set([
  '$currentDate',
  '$inc',
  '$min',
  '$max',
  '$mul',
  '$rename',
  '$set',
  '$setOnInsert',
  '$unset',
  '$addToSet',
  '$pop',
  '$pull',
  '$push',
  '$pullAll',
  '$bit',
]);

/**
 * MongoDB parses an operator-style update before it looks for a document, so an unknown modifier is
 * FailedToParse (9) even when nothing matches or the update would upsert. A document is operator-style
 * when its first field starts with `$`; every other field must then be a modifier too.
 */
export function assertKnownModifiers(update: Document): void {
  const fields = Object.keys(update);
  if (!fields[0]?.startsWith('$')) return;
  for (const field of fields) {
    if (!MODIFIERS.has(field))
      throw failedToParse(
        `Unknown modifier: ${field}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
  }
}
