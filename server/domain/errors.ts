/**
 * What the domain refuses, in its own words: services and reports throw a `DomainError` and know
 * nothing of HTTP. The error middleware (server/middleware/errors.ts) turns each kind into the
 * problem+json reply a client sees. Every `detail` and field message here is read by people, so never
 * put internals in them.
 */

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
  /** A URL on this machine or a private network (webhooks must reach the public internet). */
  'private-address',
  /** Anything else: the message says what. */
  'invalid',
] as const;

export type FieldErrorCode = (typeof fieldErrorCodes)[number];

/** One field-level complaint, e.g. `{ field: 'nickname', code: 'required', message: 'is required' }`. */
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

/**
 * Every refusal the services make today. `invalid` names the bad fields; `conflict` is a clash with the
 * current state (taken, changed meanwhile, wrong status); `key-reused` is a retry whose content differs
 * from the first attempt's; `too-many` says when to try again.
 */
export type DomainErrorKind =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'gone' | 'conflict' | 'key-reused' | 'too-many';

/** The detail an `invalid` error carries when its thrower says nothing more specific. */
export const invalidFieldsDetail = 'The request has invalid fields.';

interface DomainErrorParts {
  kind: DomainErrorKind;
  detail: string;
  errors?: FieldError[] | undefined;
  facts?: Record<string, unknown> | undefined;
  retryAfterSeconds?: number | undefined;
}

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** What went wrong, for the person who asked. */
  readonly detail: string;
  /** Every field at fault (always set for `invalid`; some conflicts name the field that clashes). */
  readonly errors: FieldError[] | undefined;
  /** Facts a client can act on, e.g. `{ storyStatus: 'held' }` or a proof-of-work challenge. */
  readonly facts: Record<string, unknown>;
  /** For `too-many`: how long until a new attempt may succeed. */
  readonly retryAfterSeconds: number | undefined;

  private constructor(parts: DomainErrorParts) {
    super(parts.detail);
    this.name = 'DomainError';
    this.kind = parts.kind;
    this.detail = parts.detail;
    this.errors = parts.errors;
    this.facts = parts.facts ?? {};
    this.retryAfterSeconds = parts.retryAfterSeconds;
  }

  /** Fields that break the rules: every one of them is named, so they can all be put right at once. */
  static invalid(errors: FieldError[], detail = invalidFieldsDetail): DomainError {
    return new DomainError({ kind: 'invalid', detail, errors });
  }

  /** Only a signed-in person may do this, and nobody (or nobody known) is signed in. */
  static unauthenticated(detail: string): DomainError {
    return new DomainError({ kind: 'unauthenticated', detail });
  }

  /** This person, as who they are, may not do this. */
  static forbidden(detail: string): DomainError {
    return new DomainError({ kind: 'forbidden', detail });
  }

  static notFound(detail: string): DomainError {
    return new DomainError({ kind: 'not-found', detail });
  }

  /** It was there and was removed for good (a story erased at its author's request). */
  static gone(detail: string): DomainError {
    return new DomainError({ kind: 'gone', detail });
  }

  static conflict(
    detail: string,
    more: { errors?: FieldError[]; facts?: Record<string, unknown> } = {},
  ): DomainError {
    return new DomainError({ kind: 'conflict', detail, errors: more.errors, facts: more.facts });
  }

  /** A retry that carries something else than the attempt it claims to repeat. */
  static keyReused(detail: string): DomainError {
    return new DomainError({ kind: 'key-reused', detail });
  }

  static tooMany(detail: string, retryAfterSeconds: number, facts?: Record<string, unknown>): DomainError {
    return new DomainError({ kind: 'too-many', detail, retryAfterSeconds, facts });
  }
}

/** True for an `invalid` error, whose field errors a caller may merge with its own. */
export function isInvalid(error: unknown): error is DomainError & { errors: FieldError[] } {
  return error instanceof DomainError && error.kind === 'invalid' && error.errors !== undefined;
}

export function isNotFound(error: unknown): error is DomainError {
  return error instanceof DomainError && error.kind === 'not-found';
}
