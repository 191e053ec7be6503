import { replyKinds } from '../models/reply.js';
import { changeMarkers } from '../models/response.js';
import type { FromSchema } from 'json-schema-to-ts';

/** Longest response, and longest reason a moderator gives for hiding one, in characters. */
export const maxResponseLength = 8000;
export const maxHideReasonLength = 1000;

/** Text that must say something: not empty, not only white space. */
function text(maxLength: number, description: string) {
  return { type: 'string', maxLength, pattern: '\\S', description } as const;
}

const responseBodySchema = text(
  maxResponseLength,
  'The response, as plain text (it is always shown as text, never as HTML).',
);

/** `POST /stories/:id/responses`. */
export const newResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: {
    body: responseBodySchema,
    change: {
      type: 'string',
      enum: changeMarkers,
      description: 'Say that a change is planned, or made, because of the story.',
    },
  },
} as const;

export type NewResponse = FromSchema<typeof newResponseSchema>;

/** `PATCH /stories/:id/responses/:responseId`: within 30 minutes of responding. */
export const responseChangeSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    body: responseBodySchema,
    change: {
      type: ['string', 'null'],
      enum: [...changeMarkers, null],
      description: 'The change marker; null takes it off.',
    },
  },
} as const;

export type ResponseChange = FromSchema<typeof responseChangeSchema>;

/** `POST /stories/:id/responses/:responseId/hide`. */
export const hideResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: text(maxHideReasonLength, 'Why the response is hidden: kept in its audit trail.'),
  },
} as const;

export type HideResponse = FromSchema<typeof hideResponseSchema>;

/** `POST /stories/:id/responses/:responseId/moderation`: approve or reject a queued response. */
export const responseModerationActionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: {
      type: 'string',
      enum: ['publish', 'reject'],
      description:
        '`publish` approves it (it joins the thread; everyone is told); `reject` keeps it out for good.',
    },
    reason: text(
      maxHideReasonLength,
      'Why it is rejected (required to reject): sent to the responder and kept in its history.',
    ),
  },
} as const;

export type ResponseModerationAction = FromSchema<typeof responseModerationActionSchema>;

/** `PUT /users/:id/responder-moderation`. */
export const responderModerationChangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['moderated'],
  properties: {
    moderated: {
      type: 'boolean',
      description:
        '`true` puts the responder on moderation (every response queued until taken off); `false` takes them off (every response publishes directly).',
    },
  },
} as const;

export type ResponderModerationChange = FromSchema<typeof responderModerationChangeSchema>;

export const responderModerationSchema = {
  type: 'object',
  required: ['userId', 'name', 'setting', 'approvedResponses'],
  properties: {
    userId: { type: 'string' },
    name: { type: 'string' },
    setting: {
      type: ['string', 'null'],
      enum: ['on', 'off', null],
      description:
        "A moderator's choice (`on`: every response queued; `off`: none); null: the board's rule for new responders (their first N responses are queued).",
    },
    approvedResponses: { type: 'integer', description: 'Responses a moderator approved out of the queue.' },
  },
} as const;

const moderationStatusSchema = {
  type: 'string',
  enum: ['published', 'awaiting-moderation', 'rejected'],
  description:
    '`awaiting-moderation`: a moderator reads it before it is public; `rejected`: it will never be public.',
} as const;

const responderSchema = {
  type: 'object',
  required: ['name', 'jobTitle', 'organisation'],
  description: 'Who responded, as they were when they responded.',
  properties: {
    name: { type: 'string' },
    jobTitle: { type: ['string', 'null'] },
    organisation: {
      type: 'object',
      required: ['id', 'name'],
      description:
        'The service the responder speaks for, or `constituency:<slug>` for a stakeholder speaking for a constituency.',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
  },
} as const;

const threadResponseProperties = {
  type: { const: 'response' },
  id: { type: 'string' },
  body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
  change: { type: ['string', 'null'], enum: [...changeMarkers, null] },
  responder: responderSchema,
  createdAt: { type: 'string', format: 'date-time' },
  editedAt: { type: ['string', 'null'], format: 'date-time' },
  helpfulCount: {
    type: 'integer',
    minimum: 0,
    description: 'Readers who said "This response was helpful" (`PUT /responses/{id}/helpful`).',
  },
} as const;

/** A response in a story's thread. */
export const threadResponseSchema = {
  type: 'object',
  required: Object.keys(threadResponseProperties),
  properties: {
    ...threadResponseProperties,
    editableUntil: {
      type: 'string',
      format: 'date-time',
      description: "Only on the viewer's own responses: until when they may edit or delete it.",
    },
    hidden: { type: 'boolean', description: 'Moderators and admins only.' },
    hiddenReason: { type: ['string', 'null'], description: 'Moderators and admins only.' },
    moderationStatus: {
      type: 'string',
      enum: ['awaiting-moderation', 'rejected'],
      description:
        'Only on a response kept from the public, which only its responder and moderators see in the thread.',
    },
    rejectedReason: {
      type: ['string', 'null'],
      description: 'With `rejected`: why, for the responder and moderators.',
    },
  },
} as const;

/** What the responder gets back from posting or editing. */
export const ownResponseSchema = {
  type: 'object',
  required: [...Object.keys(threadResponseProperties), 'storyId', 'editableUntil', 'moderationStatus'],
  properties: {
    ...threadResponseProperties,
    storyId: { type: 'string' },
    editableUntil: { type: 'string', format: 'date-time' },
    moderationStatus: moderationStatusSchema,
    rejectedReason: { type: ['string', 'null'] },
  },
} as const;

/** A response as moderators see it after hiding, approving or rejecting it. */
export const moderatedResponseSchema = {
  type: 'object',
  required: [
    ...Object.keys(threadResponseProperties),
    'storyId',
    'hidden',
    'hiddenReason',
    'moderationStatus',
    'rejectedReason',
    'moderation',
  ],
  properties: {
    ...threadResponseProperties,
    storyId: { type: 'string' },
    hidden: { type: 'boolean' },
    hiddenReason: { type: ['string', 'null'] },
    moderationStatus: moderationStatusSchema,
    rejectedReason: { type: ['string', 'null'] },
    moderation: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          by: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          action: { type: 'string' },
          reason: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

/** An author's published reply in a story's thread. */
export const threadReplySchema = {
  type: 'object',
  required: ['type', 'id', 'kind', 'body', 'publishedAt'],
  properties: {
    type: { const: 'reply' },
    id: { type: 'string' },
    kind: {
      type: 'string',
      enum: replyKinds,
      description: "`reply` answers the responses; `update` is the author's later news of how things went.",
    },
    body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
    publishedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const threadSchema = {
  type: 'array',
  description: 'Responses and the author’s published replies, oldest first.',
  items: { oneOf: [threadResponseSchema, threadReplySchema] },
} as const;

/** `POST /stories/:id/reads`. */
export const storyReadReceiptSchema = {
  type: 'object',
  required: ['readCount', 'firstRead'],
  properties: {
    readCount: { type: 'integer', description: 'Accounts in scope that have opened the story.' },
    firstRead: { type: 'boolean', description: 'Whether this request recorded your first read.' },
  },
} as const;
