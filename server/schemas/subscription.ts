import { languageSchema } from './language.js';
import type { FromSchema } from 'json-schema-to-ts';

/** A service id as organisations are named: a lower-case slug. */
const serviceIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9][a-z0-9-]*$',
  description: 'Alerts about stories on this service and everything below it.',
} as const;
const constituencySchema = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
  description:
    'Alerts about stories on services in this UK Parliament constituency (and everything below them).',
} as const;
const minCriticalitySchema = {
  type: 'integer',
  minimum: 0,
  maximum: 5,
  description: 'Only stories a moderator rated at least this critical (0, the default: every story).',
} as const;
const modeSchema = {
  type: 'string',
  enum: ['immediate', 'daily'],
  description: 'An email per story as it is published, or one daily digest of the previous day (UTC).',
} as const;

/** Exactly one of `service` and `constituency`. */
const oneScope = [{ required: ['service'] }, { required: ['constituency'] }] as const;

export type SubscriptionMode = 'immediate' | 'daily';

/** `POST /subscriptions`. */
export const newSubscriptionSchema = {
  type: 'object',
  additionalProperties: false,
  oneOf: oneScope,
  properties: {
    service: serviceIdSchema,
    constituency: constituencySchema,
    minCriticality: minCriticalitySchema,
    mode: modeSchema,
    language: languageSchema,
  },
} as const;

export type NewSubscriptionBody = FromSchema<typeof newSubscriptionSchema>;

/** `PATCH /subscriptions/:id`: the filter and the mode; a different scope is a new subscription. */
export const subscriptionChangeSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { minCriticality: minCriticalitySchema, mode: modeSchema, language: languageSchema },
} as const;

export type SubscriptionChangeBody = FromSchema<typeof subscriptionChangeSchema>;

/** `?userId=` on the subscriptions API: admins manage someone else's. */
export const subscriptionOwnerQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    userId: {
      type: 'string',
      pattern: '^[0-9a-f]{24}$',
      description: "Admins only: the account whose subscriptions to manage (default: the caller's).",
    },
  },
} as const;

export type SubscriptionOwnerQuery = FromSchema<typeof subscriptionOwnerQuerySchema>;

/** `POST /email-subscriptions`. */
export const newEmailSubscriptionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  oneOf: oneScope,
  properties: {
    email: {
      type: 'string',
      format: 'email',
      maxLength: 254,
      description: 'Where alerts go, once confirmed through the link sent to it. Never shown to anyone.',
    },
    service: serviceIdSchema,
    constituency: constituencySchema,
    language: languageSchema,
  },
} as const;

export type NewEmailSubscriptionBody = FromSchema<typeof newEmailSubscriptionSchema>;

/** `POST /email-subscriptions/confirm`. */
export const confirmEmailSubscriptionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: {
    token: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'The token from the confirmation email.',
    },
  },
} as const;

export type ConfirmEmailSubscriptionBody = FromSchema<typeof confirmEmailSubscriptionSchema>;

/** A subscription as its account (or an admin) sees it. */
export const subscriptionSchema = {
  type: 'object',
  required: ['id', 'scopeName', 'minCriticality', 'mode', 'isDefault', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    service: { type: 'string' },
    constituency: { type: 'string' },
    scopeName: {
      type: 'string',
      description: "The service's name, or the constituency: what the alerts are about.",
    },
    minCriticality: { type: 'integer' },
    mode: { type: 'string', enum: ['immediate', 'daily'] },
    isDefault: {
      type: 'boolean',
      description: 'Created for staff, for one of their services; they may change or delete it.',
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const subscriptionListSchema = {
  type: 'object',
  required: ['subscriptions'],
  properties: { subscriptions: { type: 'array', items: subscriptionSchema } },
} as const;

/** What `POST /email-subscriptions` always answers, whether or not the address is known. */
export const emailSubscriptionAcceptedSchema = {
  type: 'object',
  required: ['status', 'detail'],
  properties: {
    status: { const: 'pending-confirmation' },
    detail: { type: 'string' },
  },
} as const;

export const emailSubscriptionConfirmedSchema = {
  type: 'object',
  required: ['status', 'scopeName'],
  properties: {
    status: { const: 'confirmed' },
    scopeName: { type: 'string' },
  },
} as const;
