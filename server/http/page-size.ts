import { DomainError } from '../domain/errors.js';

/** Items on a page of a list when the client does not say. */
export const defaultPageSize = 20;
/** The most a client may ask for on one page of a list. */
export const maxPageSize = 50;

/**
 * A list's `limit` query string as a page size (the default when it is left out), or an `invalid`
 * error naming `limit` when it is not a whole number from 1 to `maxPageSize`.
 */
export function pageSize(limit: string | undefined): number {
  const size = limit === undefined ? defaultPageSize : Number(limit);
  if (Number.isInteger(size) && size >= 1 && size <= maxPageSize) return size;
  throw DomainError.invalid(
    [
      {
        field: 'limit',
        code: 'out-of-range',
        message: `must be a whole number from 1 to ${maxPageSize}`,
        limit: maxPageSize,
      },
    ],
    'The query string has invalid parameters.',
  );
}
