import type { FromSchema } from 'json-schema-to-ts';
import { languageSchema } from './language.js';

const codeSchema = {
  type: 'string',
  pattern: '^\\s*\\d{3}\\s?\\d{3}\\s*$',
  description: 'The 6-digit code the authenticator app shows now (a space in the middle is fine).',
} as const;

const recoveryCodeSchema = {
  type: 'string',
  minLength: 16,
  maxLength: 40,
  pattern: '^[0-9A-Za-z\\s-]+$',
  description: 'One of the recovery codes shown when two-step sign-in was set up; each works once.',
} as const;

/**
 * `POST /sessions/second-factor`: the challenge and either a code or a recovery code (the route names
 * the field when there are both or neither).
 */
export const secondStepBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['challenge'],
  properties: {
    challenge: {
      type: 'string',
      pattern: '^clc_[A-Za-z0-9_-]{43}$',
      description: 'The `challenge` of the 401 `POST /sessions` answered; it works for 5 minutes.',
    },
    code: codeSchema,
    recoveryCode: recoveryCodeSchema,
    language: languageSchema,
  },
} as const;

export type SecondStepBody = FromSchema<typeof secondStepBodySchema>;

/** `POST /account/second-factor/confirmation`. */
export const confirmEnrolmentBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: codeSchema },
} as const;

/** The 401 `POST /sessions` answers when the password was right and a code is needed. */
export const secondFactorNeededSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'challenge', 'expiresAt'],
  properties: {
    type: { type: 'string', const: 'urn:careloop:problem:second-factor-required' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    challenge: {
      type: 'string',
      description: 'Send it with the code to `POST /sessions/second-factor`. Not a bearer token.',
    },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const enrolmentSchema = {
  type: 'object',
  required: ['secret', 'uri', 'qrCode'],
  properties: {
    secret: {
      type: 'string',
      description: 'Base32, for typing into the app by hand. Answered only here, never again once confirmed.',
    },
    uri: { type: 'string', description: 'The `otpauth://totp/…` URI the QR code holds.' },
    qrCode: { type: 'string', description: 'The QR code, as an SVG `data:` URL for an `<img>`.' },
  },
} as const;

export const recoveryCodesSchema = {
  type: 'object',
  required: ['recoveryCodes'],
  properties: {
    recoveryCodes: {
      type: 'array',
      items: { type: 'string' },
      minItems: 10,
      maxItems: 10,
      description: 'Shown once: careloop keeps only their hashes. Each signs in once instead of a code.',
    },
  },
} as const;

export const revokedSessionsSchema = {
  type: 'object',
  required: ['revoked'],
  properties: { revoked: { type: 'integer', description: 'How many sessions ended.' } },
} as const;
