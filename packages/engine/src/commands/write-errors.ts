import { CommandError } from '../errors.js';

/** One entry of a write command's `writeErrors`, carrying MongoDB's extra fields (keyPattern, keyValue). */
export function toWriteError(index: number, error: unknown): Record<string, unknown> {
  if (!(error instanceof CommandError)) throw error;
  return { index, code: error.code, codeName: error.codeName, errmsg: error.message, ...error.extra };
}

/** Runs each item of a write command, stopping at the first failure when `ordered` (MongoDB's default). */
export function forEachWrite<T>(
  items: T[],
  ordered: boolean,
  write: (item: T, index: number) => void,
): Record<string, unknown>[] {
  const writeErrors: Record<string, unknown>[] = [];
  for (let index = 0; index < items.length; index++) {
    try {
      write(items[index]!, index);
    } catch (error) {
      writeErrors.push(toWriteError(index, error));
      if (ordered) break;
    }
  }
  return writeErrors;
}
