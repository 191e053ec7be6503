import { DomainError } from '../domain/errors.js';

/**
 * The `Idempotency-Key` request header, as the OpenAPI description of each POST that takes it shows it
 * (the router adds it to every `idempotent` route).
 */
export const idempotencyKeyHeader = {
  description:
    'Any unique string (a UUID): a retry with the same key and body gets the first answer back for 24 hours (with `Idempotent-Replayed: true`) and creates nothing new, even if the service crashed under the first request.',
  schema: { type: 'string', maxLength: 200 },
};

/** The `Idempotency-Key` header: up to 200 visible ASCII characters (a UUID fits). */
export function idempotencyKeyOf(ctx: { get(header: string): string }): string | undefined {
  const key = ctx.get('Idempotency-Key');
  if (key === '') return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw DomainError.invalid(
      [
        {
          field: 'Idempotency-Key',
          code: 'invalid-format',
          message: 'must be 1–200 visible ASCII characters (a UUID, say)',
        },
      ],
      'The Idempotency-Key header is invalid.',
    );
  }
  return key;
}
