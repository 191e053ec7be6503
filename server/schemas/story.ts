import { progressStages } from '../mappers/story.js';
import { authorRoles, onBehalfConsents, storyStatuses, toldViaChannels } from '../models/story.js';
import { demographicQuestions } from '../models/demographics.js';
import { languageSchema } from './language.js';
import { threadSchema } from './response.js';
import type { FromSchema } from 'json-schema-to-ts';

/** Longest title and body, in characters (after trimming surrounding white space). */
export const maxTitleLength = 150;
export const maxBodyLength = 8000;
export const maxNicknameLength = 40;
export const maxServicesPerStory = 5;
export const maxTagsPerList = 10;
export const maxTagLength = 40;

/** A service id as organisations are named: a lower-case slug. */
const serviceIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9][a-z0-9-]*$',
} as const;

/** Text that must say something: not empty, not only white space (`\S` alone says both). */
function text(maxLength: number, description: string) {
  return { type: 'string', maxLength, pattern: '\\S', description } as const;
}

const tagListSchema = {
  type: 'array',
  maxItems: maxTagsPerList,
  items: text(maxTagLength, 'A tag, as the author chose it.'),
} as const;

export const storyTagsSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'What was good, what could be improved, and how the author felt.',
  properties: { good: tagListSchema, improve: tagListSchema, feelings: tagListSchema },
} as const;

/** `POST /stories`. */
export const storySubmissionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'body', 'nickname', 'authorRole', 'services', 'consent'],
  properties: {
    title: text(maxTitleLength, 'A short headline for the story.'),
    body: text(maxBodyLength, 'The story, as plain text (it is always shown as text, never as HTML).'),
    nickname: text(
      maxNicknameLength,
      'The name shown with the story. Not an email address or phone number: authors stay anonymous.',
    ),
    authorRole: {
      type: 'string',
      enum: authorRoles,
      description: 'Who is telling the story: the patient, or someone on their behalf.',
    },
    services: {
      type: 'array',
      minItems: 1,
      maxItems: maxServicesPerStory,
      uniqueItems: true,
      items: serviceIdSchema,
      description: 'Ids of the services the story is about (open, not retired).',
    },
    tags: storyTagsSchema,
    email: {
      type: 'string',
      format: 'email',
      maxLength: 254,
      description: 'Private: for telling the author about their story. Never shown publicly.',
    },
    postcode: {
      type: 'string',
      maxLength: 10,
      pattern: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$',
      description: 'Private: a UK postcode, for reports by area. Never shown publicly.',
    },
    happenedIn: {
      type: 'string',
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
      description:
        'Optional: the month and year it happened (`YYYY-MM`), not in the future. Seen by moderators only.',
    },
    demographics: {
      type: 'object',
      additionalProperties: false,
      description:
        'Optional answers about the author, each may be left out or `prefer-not-to-say`. Never shown with the story or in any public answer; counted only in reports, where a group of 10 stories or fewer is withheld.',
      properties: {
        ageBand: { type: 'string', enum: demographicQuestions.ageBand },
        sex: { type: 'string', enum: demographicQuestions.sex },
        ethnicity: {
          type: 'string',
          enum: demographicQuestions.ethnicity,
          description: 'The Scotland census 2022 high-level ethnic groups.',
        },
        disability: { type: 'string', enum: demographicQuestions.disability },
      },
    },
    language: languageSchema,
    consent: {
      const: true,
      description: 'The author agrees to the story being published once a moderator has read it.',
    },
    website: {
      type: 'string',
      maxLength: 500,
      description: 'Leave out or empty. Forms hide this field from people; robots fill it in.',
    },
  },
} as const;

export type StorySubmission = FromSchema<typeof storySubmissionSchema>;

export const maxConsentNoteLength = 500;

// The author's own agreement and the robots' field are not the enterer's to give or fill in.
const { consent: _consent, website: _website, ...toldStoryProperties } = storySubmissionSchema.properties;

/** `POST /stories/on-behalf`: the story as the author told it, and how it was told and agreed to. */
export const onBehalfSubmissionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'body', 'nickname', 'authorRole', 'services', 'onBehalf'],
  properties: {
    ...toldStoryProperties,
    email: {
      ...toldStoryProperties.email,
      description:
        'Private, optional: the author’s address, if they gave one. Their private link is emailed to it, as when they tell it themselves.',
    },
    onBehalf: {
      type: 'object',
      additionalProperties: false,
      required: ['via', 'consent'],
      properties: {
        via: {
          type: 'string',
          enum: toldViaChannels,
          description: 'How the story reached you. Shown with the story ("told on behalf of a patient").',
        },
        consent: {
          type: 'string',
          enum: onBehalfConsents,
          description:
            'How the author agreed to it being published once a moderator has read it: in writing, or aloud.',
        },
        consentNote: text(
          maxConsentNoteLength,
          'Optional, for moderators: e.g. where the signed form is kept, or who agreed for the author.',
        ),
      },
    },
  },
} as const;

export type OnBehalfSubmission = FromSchema<typeof onBehalfSubmissionSchema>;

export const storyReceiptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status', 'authorKey'],
  properties: {
    id: { type: 'string' },
    status: { const: 'submitted' },
    authorKey: {
      type: 'string',
      description:
        'Secret, shown only this once: send it as `Authorization: Bearer <authorKey>` to see or withdraw the story.',
    },
  },
} as const;

export const onBehalfReceiptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status'],
  properties: { id: { type: 'string' }, status: { const: 'submitted' } },
} as const;

const dateSchema = { type: 'string', format: 'date' } as const;

/** `GET /stories`: query strings are strings; limits and dates are checked again by the route. */
export const storyListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    service: { ...serviceIdSchema, description: 'Stories about this service or any service below it.' },
    constituency: {
      type: 'string',
      minLength: 1,
      maxLength: 120,
      description:
        'Stories about services in this UK Parliament constituency (as services name it) or below them.',
    },
    mine: {
      type: 'string',
      enum: ['true'],
      description:
        'Signed-in staff and stakeholders: stories about the services they act for (each item then has its progress).',
    },
    q: {
      type: 'string',
      maxLength: 200,
      description:
        'Words that must all appear in the title or body (case and accents ignored; the first 10 words count).',
    },
    tag: { type: 'string', minLength: 1, maxLength: maxTagLength, description: 'Stories with this tag.' },
    authorRole: { type: 'string', enum: authorRoles },
    from: { ...dateSchema, description: 'Published on or after this date (UTC).' },
    to: { ...dateSchema, description: 'Published on or before this date (UTC).' },
    responded: {
      type: 'string',
      enum: ['true', 'false'],
      description: 'Only stories with (or without) a response.',
    },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Stories per page, 1–50 (default 20).' },
    cursor: { type: 'string', maxLength: 200, description: 'The `next` of the previous page.' },
  },
} as const;

export type StoryListQuery = FromSchema<typeof storyListQuerySchema>;

const storyTagsOutSchema = {
  type: 'object',
  required: ['good', 'improve', 'feelings'],
  properties: {
    good: { type: 'array', items: { type: 'string' } },
    improve: { type: 'array', items: { type: 'string' } },
    feelings: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const publicStoryProperties = {
  id: { type: 'string' },
  title: { type: 'string' },
  body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
  nickname: { type: 'string' },
  authorRole: { type: 'string', enum: authorRoles },
  services: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
  },
  tags: storyTagsOutSchema,
  publishedAt: { type: ['string', 'null'], format: 'date-time' },
  responseCount: { type: 'integer', description: 'Responses in its thread.' },
  responded: { type: 'boolean' },
  change: {
    type: ['string', 'null'],
    enum: ['planned', 'made', null],
    description: 'A response says a change is planned, or made (made wins).',
  },
  meTooCount: {
    type: 'integer',
    minimum: 0,
    description: 'Readers who said "I have had a similar experience" (`PUT /stories/{id}/me-too`).',
  },
  toldVia: {
    type: ['string', 'null'],
    enum: [...toldViaChannels, null],
    description:
      'Set when staff or a volunteer entered it for its author, with their consent: how it reached them. Null when the author told it.',
  },
} as const;

/** A story in a list. */
export const publicStorySchema = {
  type: 'object',
  required: Object.keys(publicStoryProperties),
  properties: publicStoryProperties,
} as const;

const listeningSchema = {
  type: 'object',
  required: ['alertedOrganisations', 'readCount'],
  description:
    'Who is listening: the organisations alerted to the story, and how many staff in scope read it.',
  properties: {
    alertedOrganisations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
    readCount: { type: 'integer' },
  },
} as const;

const progressSchema = {
  type: ['object', 'null'],
  description:
    'Staff and stakeholders in scope, moderators and admins only: how far the story has got (null before publication).',
  required: ['stage', 'heardAt', 'readCount', 'firstResponseAt'],
  properties: {
    stage: { type: 'string', enum: progressStages },
    heardAt: { type: ['string', 'null'], format: 'date-time' },
    readCount: { type: 'integer' },
    firstResponseAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** What a story's own page adds to every view of it: the thread, who is listening, and (staff-facing) progress. */
export const storyEngagementProperties = {
  thread: threadSchema,
  listening: listeningSchema,
  progress: progressSchema,
} as const;

/** One published story, with its thread and who is listening. */
export const storyDetailSchema = {
  type: 'object',
  required: [...Object.keys(publicStoryProperties), 'thread', 'listening'],
  properties: { ...publicStoryProperties, ...storyEngagementProperties },
} as const;

const criticalitySchema = {
  type: ['integer', 'null'],
  description:
    'API keys with `stories:read-staff` only: the moderator’s rating, 0 (not critical) to 5 (severely critical); null when not rated.',
} as const;

/** One published story of its board as an API key with `stories:read-staff` reads it. */
export const analystStoryDetailSchema = {
  type: 'object',
  description: 'The public story with the staff-facing fields: criticality and progress.',
  required: [...Object.keys(publicStoryProperties), 'thread', 'listening', 'criticality', 'progress'],
  properties: { ...publicStoryProperties, ...storyEngagementProperties, criticality: criticalitySchema },
} as const;

const authorStoryProperties = {
  ...publicStoryProperties,
  status: { type: 'string', enum: storyStatuses },
  statusReason: { type: ['string', 'null'] },
  submittedAt: { type: 'string', format: 'date-time' },
  withdrawnAt: { type: ['string', 'null'], format: 'date-time' },
  heldForComplaint: {
    type: 'boolean',
    description: 'Held while a formal complaint about it is live: it cannot be published until released.',
  },
  previewUntil: {
    type: ['string', 'null'],
    format: 'date-time',
    description:
      'In provider preview: when it will be published (unless a moderator holds it); null otherwise.',
  },
  previewReviewRequested: {
    type: 'boolean',
    description: 'In preview, and the service asked a moderator to look at it again.',
  },
} as const;

export const authorStorySchema = {
  type: 'object',
  description: "The author's own story in any state, with the moderator's reason when held or rejected.",
  required: Object.keys(authorStoryProperties),
  properties: authorStoryProperties,
} as const;

/** The author's own story with its thread, who is listening, and their replies with their statuses. */
export const authorStoryDetailSchema = {
  type: 'object',
  description: authorStorySchema.description,
  required: [...authorStorySchema.required, 'thread', 'listening', 'replies'],
  properties: {
    ...authorStoryProperties,
    ...storyEngagementProperties,
    replies: {
      type: 'array',
      description: 'Every reply the author sent, with where it is in moderation.',
      items: {
        type: 'object',
        required: ['id', 'kind', 'body', 'status', 'statusReason', 'submittedAt', 'publishedAt'],
        properties: {
          id: { type: 'string' },
          kind: {
            type: 'string',
            enum: ['reply', 'update'],
            description: 'A reply, or an update on how things went.',
          },
          body: { type: 'string' },
          status: { type: 'string', enum: ['submitted', 'held', 'published', 'rejected'] },
          statusReason: { type: ['string', 'null'] },
          submittedAt: { type: 'string', format: 'date-time' },
          publishedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
} as const;

export const storyPageSchema = {
  type: 'object',
  required: ['items', 'next'],
  properties: {
    items: {
      type: 'array',
      items: {
        ...publicStorySchema,
        properties: {
          ...publicStorySchema.properties,
          respondedBy: {
            type: 'array',
            description: 'The organisations that answered it, in the order they first did.',
            items: {
              type: 'object',
              required: ['id', 'name'],
              properties: { id: { type: 'string' }, name: { type: 'string' } },
            },
          },
          progress: {
            ...progressSchema,
            description:
              'Only for staff and stakeholders in scope, moderators and admins, and API keys with `stories:read-staff`.',
          },
          criticality: criticalitySchema,
        },
      },
    },
    next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last.' },
    total: {
      type: 'integer',
      minimum: 0,
      description:
        'How many stories match in all; on the first page only (without `cursor`). A word search (`q`) counts no further than 1,000: see `totalCapped`.',
    },
    totalCapped: {
      type: 'boolean',
      description:
        'With `total`, for a word search (`q`): true when more than 1,000 stories match, and `total` is then 1,000 ("more than 1,000 stories").',
    },
  },
} as const;
