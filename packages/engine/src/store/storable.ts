import type { Document } from 'bson';
import { notSupported } from '../errors.js';

/**
 * Values the engine would store but could not then query as MongoDB does: Decimal128 (mingo compares it
 * as text) and 64-bit integers beyond JavaScript's safe range (compared imprecisely). Refusing them at
 * write time is the loud failure; silently answering queries wrongly later would not be.
 */
export function assertStorable(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const element of value) assertStorable(element);
    return;
  }
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'Decimal128') throw notSupported('storing Decimal128 values');
  if (bsonType === 'Long') throw notSupported('storing 64-bit integers beyond ±2^53');
  if (bsonType || value instanceof Date || value instanceof RegExp) return;
  for (const field of Object.values(value as Document)) assertStorable(field);
}
