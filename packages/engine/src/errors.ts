import { MingoError } from 'mingo/util';

/**
 * Errors shaped like MongoDB's, so drivers and mongoose surface them exactly as they would surface the
 * real server's (MongoServerError with `code`, `codeName` and any extra fields such as `keyPattern`).
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** Extra top-level fields MongoDB adds to this error (e.g. keyPattern/keyValue on duplicates). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (message: string) => new CommandError(2, 'BadValue', message);
export const failedToParse = (message: string) => new CommandError(9, 'FailedToParse', message);
export const typeMismatch = (message: string) => new CommandError(14, 'TypeMismatch', message);
export const illegalOperation = (message: string) => new CommandError(20, 'IllegalOperation', message);
export const namespaceNotFound = (message: string) => new CommandError(26, 'NamespaceNotFound', message);
export const indexNotFound = (message: string) => new CommandError(27, 'IndexNotFound', message);
export const cursorNotFound = (id: unknown) =>
  new CommandError(43, 'CursorNotFound', `cursor id ${String(id)} not found`);
export const namespaceExists = (message: string) => new CommandError(48, 'NamespaceExists', message);
export const commandNotFound = (name: string) =>
  new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const invalidOptions = (message: string) => new CommandError(72, 'InvalidOptions', message);
export const invalidNamespace = (message: string) => new CommandError(73, 'InvalidNamespace', message);
export const indexOptionsConflict = (message: string) =>
  new CommandError(85, 'IndexOptionsConflict', message);
export const immutableField = (message: string) => new CommandError(66, 'ImmutableField', message);
/** A refusal MongoDB raises at a numbered place in its code: its codeName is `Location<code>`. */
export const locationError = (code: number, message: string) =>
  new CommandError(code, `Location${code}`, message);
export const unknownField = (command: string, field: string) =>
  new CommandError(40415, 'Location40415', `BSON field '${command}.${field}' is an unknown field.`);

/**
 * A MongoDB feature this engine does not implement. MongoDB itself would accept the request, so answering
 * anything but a loud error would silently change what the application asked for.
 */
export const notSupported = (feature: string) =>
  new CommandError(238, 'NotImplemented', `${feature} is not supported by careloop's embedded engine`);

export function duplicateKey(
  namespace: string,
  indexName: string,
  keyPattern: Record<string, unknown>,
  keyValue: Record<string, unknown>,
): CommandError {
  const shownKey = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${describeValue(value)}`)
    .join(', ');
  return new CommandError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: { ${shownKey} }`,
    { keyPattern, keyValue },
  );
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (typeof value === 'object' && value.constructor?.name === 'ObjectId')
    return `ObjectId('${String(value)}')`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Turns anything thrown while serving a command into MongoDB's error reply shape. */
export function toErrorReply(error: unknown): Record<string, unknown> {
  if (error instanceof CommandError) return error.toReply();
  const message = error instanceof Error ? error.message : String(error);
  // mingo reports unknown or misused operators with MingoError: that is the client's bad input.
  if (error instanceof MingoError) return badValue(message).toReply();
  return { ok: 0, errmsg: message, code: 1, codeName: 'InternalError' };
}
