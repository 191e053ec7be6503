import type { Document } from 'bson';
import type { Collection } from '../store/collection.js';
import { isDocument, valueKey } from '../store/keys.js';

/** A `$lookup` of the plain equality form: `{ from, localField, foreignField, as }` and nothing else. */
interface EqualityLookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

/**
 * The equality form of `$lookup` answered through an index of the foreign collection that leads with
 * `foreignField`, as MongoDB answers it, instead of copying the whole foreign collection for every run.
 * The answer is the one mingo's `$lookup` gives (query/mingo-context.ts): each input document with `as`
 * holding the foreign documents whose `foreignField` (or an element of it) equals the local value (or an
 * element of it; null and missing equal each other), in the foreign collection's natural order.
 *
 * Undefined when the stage is not of that form, names a path with dots (matching through arrays of
 * documents is left to mingo), or no index covering every document leads with the field: the caller then
 * runs the stage as it always has.
 */
export function indexedLookup(
  spec: unknown,
  input: Document[],
  collectionNamed: (name: string) => Collection | undefined,
  copyOf: (stored: Document) => Document,
): Document[] | undefined {
  const lookup = equalityLookup(spec);
  if (!lookup) return undefined;
  const foreign = collectionNamed(lookup.from);
  if (!foreign) return undefined;
  const matchesOf = idKeysMatching(foreign, lookup.foreignField);
  if (!matchesOf) return undefined;
  // Each foreign document is copied once per stage, however many input documents it joins.
  const copies = new Map<string, Document>();
  return input.map((doc) => {
    const local = doc[lookup.localField] as unknown;
    const idKeys = Array.isArray(local) ? [...new Set(local.flatMap(matchesOf))] : matchesOf(local);
    const joined = idKeys.map((idKey) => {
      let copy = copies.get(idKey);
      if (!copy) copies.set(idKey, (copy = copyOf(foreign.documents.get(idKey)!)));
      return copy;
    });
    return { ...doc, [lookup.as]: joined };
  });
}

function equalityLookup(spec: unknown): EqualityLookup | undefined {
  if (!isDocument(spec)) return undefined;
  const { from, localField, foreignField, as, ...rest } = spec;
  if (Object.keys(rest).length > 0) return undefined;
  const names = [from, localField, foreignField, as];
  if (!names.every((name): name is string => typeof name === 'string' && name !== '' && !name.includes('.')))
    return undefined;
  return {
    from: from as string,
    localField: localField as string,
    foreignField: foreignField as string,
    as: as as string,
  };
}

/**
 * The `_id` keys of the documents whose `field` equals a value, in natural order, read through the
 * `_id` map or an index leading with the field; undefined when neither serves it.
 */
function idKeysMatching(collection: Collection, field: string): ((value: unknown) => string[]) | undefined {
  if (field === '_id') {
    return (value) => {
      const idKey = valueKey(value ?? null);
      return collection.documents.has(idKey) ? [idKey] : [];
    };
  }
  const index = collection.indexLeadingWith(field);
  if (!index) return undefined;
  return (value) =>
    [...index.lookup([[value ?? null]])].sort(
      (a, b) => collection.naturalPosition(a) - collection.naturalPosition(b),
    );
}
