/** The ids the store gives out, as text: 24 lower-case hexadecimal digits. */
export const objectIdPattern = '^[0-9a-f]{24}$';

const objectId = new RegExp(objectIdPattern);

/**
 * Whether `id` can name a stored record. The API answers 404 for any other id before a service runs;
 * services still ask, because the store's lookups throw on a malformed id and not every caller is HTTP.
 */
export function isObjectId(id: string): boolean {
  return objectId.test(id);
}
