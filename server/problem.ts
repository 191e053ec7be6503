import { STATUS_CODES } from 'node:http';

/**
 * What is wrong with a field, as a stable machine code a client can put in its own words (the message
 * is English, for developers). Codes are only ever added; `limit` goes with the ones that have a bound.
 */
export const fieldErrorCodes = [
  /** Missing, or needed for this action (a reason to hold or reject). */
  'required',
  /** Only white space. */
  'blank',
  /** Longer than `limit` characters. */
  'too-long',
  /** Shorter than `limit` characters. */
  'too-short',
  /** More than `limit` items. */
  'too-many',
  /** Fewer than `limit` items. */
  'too-few',
  /** A field this request does not accept. */
  'not-accepted',
  /** Not one of the values allowed here. */
  'not-allowed',
  /** Not in the expected form (type, pattern, format such as an email address or a date). */
  'invalid-format',
  /** A number outside its range. */
  'out-of-range',
  /** The same item twice. */
  'repeated',
  /** No such service. */
  'unknown-service',
  /** The service is retired (closed to new stories and alerts). */
  'retired-service',
  /** No service is in this constituency. */
  'unknown-constituency',
  /** Already in use (an email address, an id, an alert). */
  'taken',
  /** The end of a period is before its start. */
  'dates-out-of-order',
  /** A period longer than `limit` days. */
  'period-too-long',
  /** Not a cursor this list gave out. */
  'invalid-cursor',
  /** Looks like an email address or phone number where the author must stay anonymous. */
  'contact-details',
  /** Not allowed for this role, or on one's own account. */
  'not-permitted',
  /** Anything else: the message says what. */
  'invalid',
] as const;

export type FieldErrorCode = (typeof fieldErrorCodes)[number];

/** One field-level complaint in a validation problem, e.g. `{ field: 'nickname', code: 'required', message: 'is required' }`. */
export interface FieldError {
  /** Where the bad value is: a property name or a dotted path such as `tags.good.0`. */
  field: string;
  /** What is wrong, for clients to word in their user's language. */
  code: FieldErrorCode;
  /** What is wrong, in English, for developers. */
  message: string;
  /** The bound of a `too-long`, `too-short`, `too-many`, `too-few`, `out-of-range` or `period-too-long`. */
  limit?: number;
}

/** An RFC 9457 problem details object, as sent with `Content-Type: application/problem+json`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemOptions {
  /** Human-readable explanation of this occurrence. Sent to the client as written, so never internals. */
  detail?: string;
  /** For validation problems: every field that was wrong. */
  errors?: FieldError[];
  /** A URI naming the problem type; `about:blank` (the default) means "just the HTTP status". */
  type?: string;
  /** Defaults to the HTTP reason phrase of `status`. */
  title?: string;
  /** Extension members added to the body, e.g. `{ store: 'down' }`. */
  extensions?: Record<string, unknown>;
  /** Headers to send with the problem, e.g. `{ Allow: 'GET' }`. */
  headers?: Record<string, string>;
  /** The underlying error, logged (for 5xx) but never sent. */
  cause?: unknown;
}

export const problemContentType = 'application/problem+json; charset=utf-8';

/**
 * An error a route throws on purpose: it becomes exactly the problem described, whatever the status.
 * Everything in it is meant for the client, so never put internals in `detail`.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /** Read by Koa's conventions: this error's message is safe to show. */
  readonly expose = true;

  constructor(status: number, options: ProblemOptions = {}) {
    const title = options.title ?? reasonPhrase(status);
    super(options.detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.status = status;
    this.type = options.type ?? 'about:blank';
    this.title = title;
    this.detail = options.detail ?? title;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

/** `throw httpProblem(422, { detail: 'The story is incomplete.', errors: [...] })` */
export function httpProblem(status: number, options: ProblemOptions = {}): ProblemError {
  return new ProblemError(status, options);
}

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
