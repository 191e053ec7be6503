import type { Document } from 'bson';

/**
 * Canonical string keys for BSON values, so that values MongoDB considers equal (an int and a double of
 * the same number, two ObjectIds with the same bytes) map to the same Map key. Used for the `_id` map and
 * for secondary indexes.
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null || value === MISSING) return 'z';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'n:0' : `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return value ? 'b:1' : 'b:0';
    case 'bigint':
      return `n:${value}`;
    case 'object':
      break;
    default:
      return `?:${String(value)}`;
  }
  if (value instanceof Date) return `D:${value.getTime()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `A:[${value.map(valueKey).join(',')}]`;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType) {
    // Long values that are not safe integers stay Long objects; compare them numerically with numbers.
    if (bsonType === 'Long') return `n:${(value as { toBigInt(): bigint }).toBigInt()}`;
    if (bsonType === 'Binary') {
      const binary = value as { sub_type: number; toString(encoding: 'base64'): string };
      return `B:${binary.sub_type}:${binary.toString('base64')}`;
    }
    return `${bsonType}:${String(value)}`;
  }
  // Embedded documents compare field by field, in order (as MongoDB does).
  return `O:{${Object.entries(value as Document)
    .map(([field, fieldValue]) => `${JSON.stringify(field)}:${valueKey(fieldValue)}`)
    .join(',')}}`;
}

/** Marks a path that does not exist in a document (MongoDB indexes it as null; sparse indexes skip it). */
export const MISSING: unique symbol = Symbol('missing');

/**
 * Every value an equality match on `path` can hit in `doc`, as MongoDB's multikey indexes see them: a
 * path through arrays fans out to each element, an array at the end is indexed by each element and as a
 * whole, and a missing field counts as null.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  // A top-level field of a document, the common case, without splitting the path or walking it.
  if (!path.includes('.') && isDocument(doc)) {
    const value = (doc as Document)[path];
    if (value === undefined) return [MISSING];
    return Array.isArray(value) ? [value, ...(value as unknown[])] : [value];
  }
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    out.push(value === undefined ? MISSING : value);
    if (Array.isArray(value)) for (const element of value) out.push(element);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[depth]!;
    if (/^\d+$/.test(part) && Number(part) < value.length)
      collect(value[Number(part)], parts, depth + 1, out);
    let sawDocument = false;
    for (const element of value) {
      if (isDocument(element)) {
        sawDocument = true;
        collect(element, parts, depth, out);
      }
    }
    if (!sawDocument) out.push(MISSING);
    return;
  }
  if (isDocument(value)) {
    collect((value as Document)[parts[depth]!], parts, depth + 1, out);
    return;
  }
  out.push(MISSING);
}

export function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor === Object;
}
