import { roles } from '../models/roles.js';
import { onBehalfConsents, storyStatuses, toldViaChannels } from '../models/story.js';
import { changeMarkers } from '../models/response.js';
import { flagKinds } from '../models/flag.js';
import { demographicQuestions } from '../models/demographics.js';
import { authorReplySchema } from './reply.js';
import { subscriptionSchema } from './subscription.js';

const dateTime = { type: 'string', format: 'date-time' } as const;
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const stringOrNull = { type: ['string', 'null'] } as const;

const exportedStoryProperties = {
  id: { type: 'string' },
  title: { type: 'string' },
  body: { type: 'string' },
  nickname: { type: 'string' },
  authorRole: { type: 'string' },
  services: { type: 'array', items: { type: 'string' }, description: 'Ids of the services it is about.' },
  tags: {
    type: 'object',
    required: ['good', 'improve', 'feelings'],
    properties: {
      good: { type: 'array', items: { type: 'string' } },
      improve: { type: 'array', items: { type: 'string' } },
      feelings: { type: 'array', items: { type: 'string' } },
    },
  },
  email: { ...stringOrNull, description: 'The address the author gave; null if none, or once erased.' },
  postcode: { ...stringOrNull, description: 'The postcode the author gave; null if none, or once erased.' },
  demographics: {
    type: 'object',
    description:
      'The author’s answers to the optional questions about themselves (null: not answered, or erased). Never shown with the story.',
    required: ['ageBand', 'sex', 'ethnicity', 'disability'],
    properties: {
      ageBand: { type: ['string', 'null'], enum: [...demographicQuestions.ageBand, null] },
      sex: { type: ['string', 'null'], enum: [...demographicQuestions.sex, null] },
      ethnicity: { type: ['string', 'null'], enum: [...demographicQuestions.ethnicity, null] },
      disability: { type: ['string', 'null'], enum: [...demographicQuestions.disability, null] },
    },
  },
  language: { type: 'string' },
  status: { type: 'string', enum: storyStatuses },
  statusReason: stringOrNull,
  source: { ...stringOrNull, description: 'The board website it was told on.' },
  happenedIn: {
    ...stringOrNull,
    description: 'The month it happened (`YYYY-MM`), as the author gave it; null if not given.',
  },
  toldOnBehalf: {
    type: ['object', 'null'],
    required: ['via', 'consent', 'consentNote', 'enteredAt'],
    description:
      'Set when staff or a volunteer entered the story for its author: how it reached them, how the author agreed, and the note kept about that consent.',
    properties: {
      via: { type: 'string', enum: toldViaChannels },
      consent: { type: 'string', enum: onBehalfConsents },
      consentNote: stringOrNull,
      enteredAt: dateTime,
    },
  },
  submittedAt: dateTime,
  publishedAt: dateTimeOrNull,
  withdrawnAt: dateTimeOrNull,
  updatedAt: dateTime,
  identifyingDetails: {
    type: 'array',
    description: 'Details the service found that could identify someone, shown to the moderator.',
    items: {
      type: 'object',
      required: ['field', 'kind', 'text'],
      properties: {
        field: { type: 'string', enum: ['title', 'body'] },
        kind: { type: 'string', enum: flagKinds },
        text: { type: 'string' },
      },
    },
  },
} as const;

/** `GET /stories/:id/personal-data`: everything careloop holds about one story, for its author. */
export const storyPersonalDataSchema = {
  type: 'object',
  description:
    'Everything held about a story, for its author (subject access): the story with the contact details given, the moderation decisions about it, its thread and the email subscriptions of its address.',
  required: ['exportedAt', 'story', 'moderation', 'responses', 'replies', 'subscriptions'],
  properties: {
    exportedAt: dateTime,
    story: {
      type: 'object',
      required: Object.keys(exportedStoryProperties),
      properties: exportedStoryProperties,
    },
    moderation: {
      type: 'array',
      description:
        'Each moderation decision about the story or the author’s replies (moderators are not named).',
      items: {
        type: 'object',
        required: ['at', 'about', 'action', 'reason', 'fields'],
        properties: {
          at: dateTime,
          about: { type: 'string', enum: ['story', 'reply'] },
          action: { type: 'string' },
          reason: stringOrNull,
          fields: { type: 'array', items: { type: 'string' }, description: 'The fields it changed.' },
        },
      },
    },
    responses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'body', 'change', 'responder', 'createdAt', 'editedAt', 'hidden'],
        properties: {
          id: { type: 'string' },
          body: { type: 'string' },
          change: { type: ['string', 'null'], enum: [...changeMarkers, null] },
          responder: {
            type: 'object',
            required: ['name', 'jobTitle', 'organisation'],
            properties: {
              name: { type: 'string' },
              jobTitle: stringOrNull,
              organisation: { type: 'string' },
            },
          },
          createdAt: dateTime,
          editedAt: dateTimeOrNull,
          hidden: { type: 'boolean' },
        },
      },
    },
    replies: { type: 'array', items: authorReplySchema },
    subscriptions: {
      type: 'array',
      description: 'Email subscriptions of the address the story was told with.',
      items: {
        type: 'object',
        required: ['id', 'scopeName', 'mode', 'minCriticality', 'confirmed', 'createdAt'],
        properties: {
          id: { type: 'string' },
          scopeName: { type: 'string' },
          mode: { type: 'string', enum: ['immediate', 'daily'] },
          minCriticality: { type: 'integer' },
          confirmed: { type: 'boolean' },
          createdAt: dateTime,
        },
      },
    },
  },
} as const;

const accountProperties = {
  id: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  jobTitle: stringOrNull,
  role: { type: 'string', enum: roles },
  services: { type: 'array', items: { type: 'string' } },
  constituency: stringOrNull,
  language: stringOrNull,
  disabledAt: dateTimeOrNull,
  createdAt: dateTime,
  updatedAt: dateTime,
} as const;

/** `GET /account/personal-data`: everything careloop holds about the signed-in account. */
export const accountPersonalDataSchema = {
  type: 'object',
  description:
    'Everything held about the signed-in account (subject access): the account, its sessions, its subscriptions and every response it wrote.',
  required: ['exportedAt', 'account', 'sessions', 'subscriptions', 'responses'],
  properties: {
    exportedAt: dateTime,
    account: { type: 'object', required: Object.keys(accountProperties), properties: accountProperties },
    sessions: {
      type: 'array',
      description: 'Signed-in sessions (only a hash of each token is kept).',
      items: {
        type: 'object',
        required: ['createdAt', 'expiresAt'],
        properties: { createdAt: dateTime, expiresAt: dateTime },
      },
    },
    subscriptions: { type: 'array', items: subscriptionSchema },
    responses: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'storyId',
          'body',
          'change',
          'organisation',
          'createdAt',
          'editedAt',
          'deletedAt',
          'hiddenAt',
          'hiddenReason',
        ],
        properties: {
          id: { type: 'string' },
          storyId: { type: 'string' },
          body: { type: 'string' },
          change: { type: ['string', 'null'], enum: [...changeMarkers, null] },
          organisation: { type: 'string' },
          createdAt: dateTime,
          editedAt: dateTimeOrNull,
          deletedAt: dateTimeOrNull,
          hiddenAt: dateTimeOrNull,
          hiddenReason: stringOrNull,
        },
      },
    },
  },
} as const;
