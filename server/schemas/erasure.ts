import type { FromSchema } from 'json-schema-to-ts';

/** `POST /erasures/search` and `POST /erasures`: the address travels in the body, never in a URL or log. */
export const erasureRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: {
      type: 'string',
      format: 'email',
      maxLength: 254,
      description: 'The address whose stories and subscriptions are looked for (any letter case).',
    },
  },
} as const;
export type ErasureRequest = FromSchema<typeof erasureRequestSchema>;

const dateTime = { type: 'string', format: 'date-time' } as const;

const erasureCountsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stories', 'replies', 'responses', 'subscriptions', 'outboxMessages'],
  properties: {
    stories: { type: 'integer', description: 'Stories erased (their record kept, status `erased`).' },
    replies: { type: 'integer', description: 'Author replies removed.' },
    responses: { type: 'integer', description: 'Responses taken out of view, their words removed.' },
    subscriptions: { type: 'integer', description: 'Email subscriptions removed.' },
    outboxMessages: { type: 'integer', description: 'Emails (queued or sent) removed, with their files.' },
  },
} as const;

/** What a moderator is shown before erasing: every story and subscription tied to the address. */
export const addressHoldingsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stories', 'subscriptions', 'earlierErasures'],
  properties: {
    stories: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'status', 'submittedAt', 'publishedAt'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'string' },
          submittedAt: dateTime,
          publishedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
    subscriptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'scopeName', 'confirmed', 'createdAt'],
        properties: {
          id: { type: 'string' },
          scopeName: { type: 'string' },
          confirmed: { type: 'boolean' },
          createdAt: dateTime,
        },
      },
    },
    earlierErasures: {
      type: 'array',
      description: 'Erasures already made for this address (matched by its keyed hash).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['at', 'kind'],
        properties: { at: dateTime, kind: { type: 'string', enum: ['author', 'moderator'] } },
      },
    },
  },
} as const;

/** The audit record of one erasure, as the moderator who made it is answered. */
export const erasureReceiptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'storyIds', 'counts'],
  properties: {
    id: { type: 'string', description: 'The audit record’s id.' },
    at: dateTime,
    storyIds: { type: 'array', items: { type: 'string' } },
    counts: erasureCountsSchema,
  },
} as const;

/** `POST /stories/{id}/erasure`: what the author is told. */
export const ownStoryErasureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status', 'erasedAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['erased'] },
    erasedAt: dateTime,
  },
} as const;
