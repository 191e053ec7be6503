import type { FromSchema } from 'json-schema-to-ts';
import { webhookEventTypes } from '../models/webhook-endpoint.js';

const eventsSchema = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', enum: webhookEventTypes },
  description:
    'What to be told about: `story.published`, `story.withdrawn` (by its author), `story.erased` (at its author’s request), `response.published`, `change.marked` (a response says a change is planned or made).',
} as const;

const urlSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 2000,
  description:
    'Where deliveries are POSTed: https, on a public address (checked again after DNS on every delivery and every redirect).',
} as const;

/** `POST /webhooks`: an admin registers a receiver. */
export const newWebhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'events'],
  properties: {
    url: urlSchema,
    events: eventsSchema,
    description: { type: 'string', maxLength: 200, description: 'What the receiver is, for people.' },
    secret: {
      type: 'string',
      pattern: '^whsec_[A-Za-z0-9+/]{32,}={0,2}$',
      description:
        'A Standard Webhooks secret (`whsec_` and at least 24 bytes in base64) to sign with; one is made when left out.',
    },
  },
} as const;
export type NewWebhookEndpoint = FromSchema<typeof newWebhookEndpointSchema>;

/** `PATCH /webhooks/{id}`: change where deliveries go, what they are about, or the label. */
export const webhookEndpointChangeSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    url: urlSchema,
    events: eventsSchema,
    description: { type: 'string', maxLength: 200 },
  },
} as const;
export type WebhookEndpointChange = FromSchema<typeof webhookEndpointChangeSchema>;

const dateTime = { type: 'string', format: 'date-time' } as const;

const endpointProperties = {
  id: { type: 'string' },
  url: { type: 'string' },
  description: { type: 'string' },
  events: { type: 'array', items: { type: 'string', enum: webhookEventTypes } },
  createdAt: dateTime,
  createdBy: { type: 'string', description: 'The name of the admin who registered it.' },
} as const;
const endpointRequired = ['id', 'url', 'description', 'events', 'createdAt', 'createdBy'] as const;

export const webhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: endpointRequired,
  properties: endpointProperties,
} as const;

export const createdWebhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...endpointRequired, 'secret'],
  properties: {
    ...endpointProperties,
    secret: {
      type: 'string',
      description: 'The signing secret (`whsec_…`). Shown only in this answer: keep it with the receiver.',
    },
  },
} as const;

export const webhookEndpointListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: webhookEndpointSchema } },
} as const;

export const webhookDeliverySchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'messageId',
    'eventType',
    'status',
    'attempts',
    'lastStatusCode',
    'lastError',
    'createdAt',
    'lastAttemptAt',
    'nextAttemptAt',
    'sentAt',
  ],
  properties: {
    id: { type: 'string' },
    messageId: {
      type: 'string',
      description: 'The `webhook-id` the receiver sees, the same on every attempt.',
    },
    eventType: { type: 'string', enum: webhookEventTypes },
    status: {
      type: 'string',
      enum: ['pending', 'sent', 'failed'],
      description: '`failed`: given up after a day of failed attempts (an admin may redeliver it).',
    },
    attempts: { type: 'integer' },
    lastStatusCode: {
      type: ['integer', 'null'],
      description: 'The receiver’s last HTTP status; null without one.',
    },
    lastError: { type: ['string', 'null'], description: 'Why the last attempt failed.' },
    createdAt: dateTime,
    lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    sentAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const webhookDeliveryListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'next'],
  properties: {
    items: { type: 'array', items: webhookDeliverySchema },
    next: { type: ['string', 'null'], description: 'The cursor of the next (older) page; null on the last.' },
  },
} as const;

export const webhookDeliveryQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['pending', 'sent', 'failed'] },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;
export type WebhookDeliveryQuery = FromSchema<typeof webhookDeliveryQuerySchema>;
