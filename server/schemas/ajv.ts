import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError, type FieldErrorCode } from '../domain/errors.js';

/**
 * The one Ajv instance: every JSON Schema is compiled here once, at start-up. `allErrors` so a client
 * hears about every bad field at once; schemas themselves say `additionalProperties: false`.
 */
// strictRequired off: `oneOf: [{ required: [a] }, { required: [b] }]` beside `properties` is the idiom for
// "exactly one of", and strict mode would refuse it.
export const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  coerceTypes: false,
  useDefaults: false,
});
addFormats.default(ajv, ['email', 'uri', 'date-time', 'date']);

/** Compiles a schema (by value) once; the returned function checks data and narrows its type. */
export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/**
 * Throws an `invalid` domain error naming every bad field unless `data` matches (the error middleware
 * answers it with 400 problem+json; the CLI names the options at fault).
 */
export function assertValid<T>(
  validate: ValidateFunction<T>,
  data: unknown,
  detail = 'The request has invalid fields.',
): T {
  if (validate(data)) return data;
  throw DomainError.invalid(fieldErrors(validate.errors ?? []), detail);
}

/** Each Ajv keyword's code (see fieldErrorCodes); others are `invalid`. */
const codeByKeyword: Record<string, FieldErrorCode> = {
  required: 'required',
  maxLength: 'too-long',
  minLength: 'too-short',
  maxItems: 'too-many',
  minItems: 'too-few',
  additionalProperties: 'not-accepted',
  enum: 'not-allowed',
  const: 'not-allowed',
  type: 'invalid-format',
  format: 'invalid-format',
  pattern: 'invalid-format',
  minimum: 'out-of-range',
  maximum: 'out-of-range',
  uniqueItems: 'repeated',
};

/** Ajv's errors as `{field, code, message}` with dotted field paths (`tags.good.0`), one per problem. */
export function fieldErrors(errors: ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const path = error.instancePath.split('/').filter(Boolean).map(unescapePointer);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      path.push(String(error.params.missingProperty));
      message = 'is required';
    }
    if (error.keyword === 'additionalProperties') {
      path.push(String(error.params.additionalProperty));
      message = 'is not an accepted field';
    }
    if (error.keyword === 'enum')
      message = `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    if (error.keyword === 'const') message = `must be ${JSON.stringify(error.params.allowedValue)}`;
    const blank = error.keyword === 'pattern' && error.params.pattern === '\\S';
    if (blank) message = 'must not be blank';
    // anyOf/oneOf add a summary error on top of their branches' errors; the branches say more.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const field = path.join('.') || '(body)';
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const limit = typeof error.params.limit === 'number' ? { limit: error.params.limit } : {};
    result.push({
      field,
      code: blank ? 'blank' : (codeByKeyword[error.keyword] ?? 'invalid'),
      message,
      ...limit,
    });
  }
  return result;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
