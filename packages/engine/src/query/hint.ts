import type { Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { defaultIndexName } from '../store/secondary-index.js';

/**
 * A hint only picks a plan, so the engine can honour it by checking it names an existing index, except
 * for sparse and partial indexes: hinting one makes MongoDB return only the documents it holds, which
 * the engine does not reproduce, so that is refused rather than answered differently.
 */
export function assertHint(collection: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  const name =
    typeof hint === 'string'
      ? hint
      : typeof hint === 'object' && !Array.isArray(hint)
        ? defaultIndexName(hint as Document)
        : undefined;
  if (name === undefined) throw badValue('hint must be a string or an object');
  if (
    name === '$natural_1' ||
    name === '$natural_-1' ||
    name === '_id_' ||
    name === '_id_1' ||
    name === '_id_-1'
  )
    return;
  const index =
    collection &&
    [...collection.indexes.values()].find((i) => i.name === name || defaultIndexName(i.spec.key) === name);
  if (!index) {
    // On a collection that does not exist MongoDB ignores the hint and returns nothing.
    if (!collection) return;
    throw badValue('hint provided does not correspond to an existing index');
  }
  if (!index.coversEveryDocument) throw notSupported(`hint on sparse or partial index '${index.name}'`);
}
