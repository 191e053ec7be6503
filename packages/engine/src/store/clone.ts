import type { Document } from 'bson';

/**
 * Deep copy of a stored document for an update to work on, so a failed update (duplicate key, immutable
 * `_id`) never leaves the stored version half-changed. BSON value classes are immutable in practice and
 * are shared; dates are copied because Date is mutable.
 */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (typeof value === 'object' && value !== null && value.constructor === Object) {
    const copy: Document = {};
    for (const [key, fieldValue] of Object.entries(value)) copy[key] = cloneDocument(fieldValue);
    return copy as T;
  }
  return value;
}
