import { STATUS_CODES } from 'node:http';
import type { FieldError } from '../domain/errors.js';

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
