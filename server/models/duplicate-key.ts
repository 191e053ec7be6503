/** The store refused a write because a unique index (or `_id`) already holds its key: MongoDB's E11000. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
