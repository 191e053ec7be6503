import type { FromSchema } from 'json-schema-to-ts';

const readerToken = {
  type: 'string',
  pattern: '^r1\\.[A-Za-z0-9_-]{22}\\.[0-9a-f]{64}$',
  description: 'An anonymous reader token from `POST /reader-tokens`, kept by the reader’s browser.',
} as const;

/** What `POST /reader-tokens` answers. */
export const readerTokenSchema = {
  type: 'object',
  required: ['token'],
  properties: { token: readerToken },
} as const;

/** `PUT /stories/:id/me-too` and `PUT /responses/:id/helpful`. */
export const readerSignalSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'signalled'],
  properties: {
    token: readerToken,
    signalled: { type: 'boolean', description: 'True to give the signal, false to take it back.' },
  },
} as const;

export type ReaderSignalBody = FromSchema<typeof readerSignalSchema>;

/** The reader's signal on the item now, and the item's count after it. */
export const readerSignalStateSchema = {
  type: 'object',
  required: ['signalled', 'count'],
  properties: {
    signalled: { type: 'boolean' },
    count: { type: 'integer', minimum: 0 },
  },
} as const;
