import type { Document, IndexDescription } from 'mongodb';

/** A listIndexes entry as createIndexes takes it: the key and options, without the version field. */
export function asIndexDescription(index: Document): IndexDescription {
  const { v: _version, ns: _namespace, key, ...rest } = index;
  return { key, ...rest } as IndexDescription;
}
