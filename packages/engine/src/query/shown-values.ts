// How error messages show values and name their types.

/** A value as an error message shows it; JSON where it can be, since BigInt and cycles cannot. */
export function shownValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** MongoDB's name for the BSON type of a value, as its error messages use it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'object')
    return (value as { _bsontype?: string })._bsontype?.toLowerCase() ?? 'object';
  return typeof value;
}
