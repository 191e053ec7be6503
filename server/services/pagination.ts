import { Types } from 'mongoose';
import { DomainError } from '../domain/errors.js';

/** Where a newest-first list stopped: the last item's sort key (`publishedAt`, then `_id`). */
export interface ListPosition {
  at: Date;
  id: Types.ObjectId;
}

/** One page of a list: the items and the cursor for the next page (null on the last one). */
export interface Page<Item> {
  items: Item[];
  next: string | null;
}

/** An opaque cursor string for clients: base64url of `<ISO date>,<hex id>`. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.at.toISOString()},${position.id.toHexString()}`, 'utf8').toString(
    'base64url',
  );
}

/** @throws `invalid` naming `field` when the cursor was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string, field = 'cursor'): ListPosition {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z),([0-9a-f]{24})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  const at = match ? new Date(match[1]!) : undefined;
  if (!match || !at || Number.isNaN(at.getTime())) {
    throw DomainError.invalid([
      { field, code: 'invalid-cursor', message: 'is not a cursor this list gave out' },
    ]);
  }
  return { at, id: new Types.ObjectId(match[2]) };
}

/**
 * The condition "after `position`" for a list sorted by `{ [dateField]: -1, _id: -1 }`: strictly older,
 * or just as old with a smaller id, so no item is repeated or skipped between pages.
 */
export function afterPosition(dateField: string, position: ListPosition): object {
  return {
    $or: [{ [dateField]: { $lt: position.at } }, { [dateField]: position.at, _id: { $lt: position.id } }],
  };
}
