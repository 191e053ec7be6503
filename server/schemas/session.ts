import { languageSchema } from './language.js';
import { selfUserSchema } from './user.js';
import type { FromSchema } from 'json-schema-to-ts';

/** `POST /sessions`. No length rules on the password here: a wrong one is simply wrong. */
export const signInBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    language: languageSchema,
  },
} as const;

export type SignInBody = FromSchema<typeof signInBodySchema>;

export const sessionSchema = {
  type: 'object',
  required: ['token', 'expiresAt', 'user'],
  properties: {
    token: {
      type: 'string',
      description: 'Send as `Authorization: Bearer <token>`. Shown once; careloop keeps only a hash of it.',
    },
    expiresAt: { type: 'string', format: 'date-time' },
    user: selfUserSchema,
  },
} as const;
