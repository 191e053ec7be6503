/** The store refused a write because a unique index (or `_id`) already holds its key: MongoDB's E11000. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** An unordered insertMany refused only keys already held: every other document was inserted. */
export function onlyDuplicateKeyErrors(error: unknown): boolean {
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: unknown };
  if (Array.isArray(writeErrors) && writeErrors.length > 0) {
    return writeErrors.every((writeError: { code?: unknown; err?: { code?: unknown } }) => {
      return (writeError.code ?? writeError.err?.code) === 11000;
    });
  }
  return code === 11000;
}
