import { replyKinds, replyStatuses } from '../models/reply.js';
import { flagKinds } from '../models/flag.js';
import { onBehalfConsents } from '../models/story.js';
import {
  authorStorySchema,
  maxBodyLength,
  maxServicesPerStory,
  maxTitleLength,
  storyEngagementProperties,
  storyTagsSchema,
} from './story.js';
import type { FromSchema } from 'json-schema-to-ts';

export const moderationActions = ['publish', 'reject', 'hold'] as const;
export type ModerationActionName = (typeof moderationActions)[number];
/** Stories also take the formal-complaint hold and its release (replies do not). */
export const storyModerationActions = [...moderationActions, 'complaint-hold', 'complaint-release'] as const;
export type StoryModerationActionName = (typeof storyModerationActions)[number];

export const maxReasonLength = 1000;
export const maxComplaintReferenceLength = 100;
export const minCriticality = 0;
export const maxCriticality = 5;

/** Text that must say something: not empty, not only white space. */
function text(maxLength: number, description: string) {
  return { type: 'string', minLength: 1, maxLength, pattern: '\\S', description } as const;
}

/** A moderator who holds or rejects says why: the author is told (stories and replies alike). */
export const reasonToHoldOrReject = {
  if: { properties: { action: { enum: ['reject', 'hold'] } }, required: ['action'] },
  then: { required: ['reason'], properties: { reason: { type: 'string' } } },
} as const;

/** `POST /stories/:id/moderation`. */
export const moderationActionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: {
      type: 'string',
      enum: storyModerationActions,
      description:
        '`publish` puts the story on its services; `hold` keeps it back for now; `reject` turns it down. ' +
        'A published story can be held or rejected again (e.g. after a complaint). ' +
        '`complaint-hold` keeps it unpublished while a formal complaint about it is live (it cannot be ' +
        'published meanwhile; `reason` is then a note for moderators, not sent to the author); ' +
        '`complaint-release` ends that hold and returns it to the queue, held.',
    },
    complaintReference: text(
      maxComplaintReferenceLength,
      'Only with `complaint-hold`, optional: the complaint’s reference in the board’s complaints system.',
    ),
    reason: text(
      maxReasonLength,
      'Required for `hold` and `reject`: the message the author reads with their author key.',
    ),
    title: text(
      maxTitleLength,
      'The title as edited (e.g. redacted); the original is kept in the audit trail.',
    ),
    body: text(
      maxBodyLength,
      'The story as edited (e.g. redacted); the original is kept in the audit trail.',
    ),
    services: {
      type: 'array',
      minItems: 1,
      maxItems: maxServicesPerStory,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' },
      description: 'The services the story is about, replacing the ones it had. Added ones must be open.',
    },
    tags: {
      ...storyTagsSchema,
      description: 'Tag lists to replace; a list left out stays as it is.',
    },
    criticality: {
      type: ['integer', 'null'],
      minimum: minCriticality,
      maximum: maxCriticality,
      description: '0 (not critical) … 5 (severely critical), or null to clear. Seen by staff, never public.',
    },
  },
  allOf: [reasonToHoldOrReject],
} as const;

export type ModerationActionBody = FromSchema<typeof moderationActionSchema>;

/** `GET /moderation/queue`: query strings are strings; the limit is checked again by the route. */
export const moderationQueueQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: {
      type: 'string',
      enum: ['submitted', 'held', 'complaint'],
      description:
        'Only stories and replies in this state (default: both). Stories held for a live formal complaint ' +
        'are left out unless asked for with `complaint`. Queued responses count as `submitted`.',
    },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Items per page, 1–50 (default 20).' },
    cursor: { type: 'string', maxLength: 200, description: 'The `next` of the previous page.' },
  },
} as const;

export type ModerationQueueQuery = FromSchema<typeof moderationQueueQuerySchema>;

const flagSchema = {
  type: 'object',
  required: ['field', 'kind', 'start', 'end', 'text'],
  description: 'A likely identifying detail: `field.slice(start, end) === text` (UTF-16 indices).',
  properties: {
    field: { type: 'string', enum: ['title', 'body'] },
    kind: { type: 'string', enum: flagKinds },
    start: { type: 'integer' },
    end: { type: 'integer' },
    text: { type: 'string' },
  },
} as const;

const moderationEntrySchema = {
  type: 'object',
  required: ['at', 'by', 'action', 'reason', 'changes'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    by: {
      type: 'object',
      required: ['id', 'name'],
      description: 'The moderator (or `author`, for a withdrawal).',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
    action: {
      type: 'string',
      enum: [...storyModerationActions, 'edit', 'withdrawn', 'preview', 'review-request', 'preview-publish'],
      description:
        '`preview`: a moderator published it and it went into provider preview; `review-request`: a responder asked for a review (`by` is the responder); `preview-publish`: published when the window closed (`by` is careloop).',
    },
    reason: { type: ['string', 'null'] },
    changes: {
      type: 'array',
      description: 'Every field the action changed, with its value before and after.',
      items: {
        type: 'object',
        required: ['field', 'from', 'to'],
        properties: { field: { type: 'string' }, from: {}, to: {} },
      },
    },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** The provider preview a story is in or went through (docs/decisions/2026-12-07-provider-preview.md). */
export const previewWindowSchema = {
  type: 'object',
  required: ['since', 'until', 'reviewRequest'],
  description:
    "The provider preview: opened when a moderator published it; it is published when `until` passes unless a moderator holds it. `reviewRequest`: a responder's request that a moderator look again (staff only).",
  properties: {
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    reviewRequest: {
      type: ['object', 'null'],
      required: ['at', 'by', 'reason'],
      properties: {
        at: { type: 'string', format: 'date-time' },
        by: {
          type: 'object',
          required: ['id', 'name'],
          properties: { id: { type: 'string' }, name: { type: 'string' } },
        },
        reason: { type: 'string' },
      },
    },
  },
} as const;

/** What only moderators see of a story, beside what its author sees. */
const privateStoryProperties = {
  email: { ...nullableString, description: 'Private: moderators only.' },
  postcode: { ...nullableString, description: 'Private: moderators only.' },
  source: { ...nullableString, description: 'Origin of the board site the story was told on.' },
  criticality: { type: ['integer', 'null'], minimum: minCriticality, maximum: maxCriticality },
  complaint: {
    type: ['object', 'null'],
    required: ['reference', 'note', 'since'],
    description: 'The live formal complaint it is held for, or null: moderators only.',
    properties: {
      reference: nullableString,
      note: nullableString,
      since: { type: 'string', format: 'date-time' },
    },
  },
  happenedIn: {
    ...nullableString,
    description: 'When it happened (`YYYY-MM`), if the author said: moderators only.',
  },
  onBehalf: {
    type: ['object', 'null'],
    required: ['consent', 'consentNote', 'enteredBy', 'enteredAt'],
    description:
      'Set when staff or a volunteer entered it for its author (`toldVia` says how): how the author agreed, and who entered it. Moderators only.',
    properties: {
      consent: { type: 'string', enum: onBehalfConsents },
      consentNote: nullableString,
      enteredBy: {
        type: 'object',
        required: ['id', 'name', 'role'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
      },
      enteredAt: { type: 'string', format: 'date-time' },
    },
  },
  preview: { ...previewWindowSchema, type: ['object', 'null'] },
  flags: { type: 'array', items: flagSchema },
  moderation: { type: 'array', items: moderationEntrySchema, description: 'The audit trail, oldest first.' },
  updatedAt: { type: 'string', format: 'date-time' },
} as const;

/** The author's view of a story (the public one and its moderation status) and the private fields. */
const moderationStoryProperties = {
  ...authorStorySchema.properties,
  statusReason: { ...nullableString, description: 'The message to the author when held or rejected.' },
  ...privateStoryProperties,
} as const;

/** A story as moderators see it (`toModerationStory`). */
export const moderationStorySchema = {
  type: 'object',
  description: 'Everything about a story except its author key: moderators and admins only.',
  required: Object.keys(moderationStoryProperties),
  properties: moderationStoryProperties,
} as const;

/** A story's own page as a moderator or admin reads it (`GET /stories/:id`): with its thread. */
export const moderationStoryDetailSchema = {
  type: 'object',
  description: moderationStorySchema.description,
  required: [...moderationStorySchema.required, 'thread', 'listening'],
  properties: { ...moderationStoryProperties, ...storyEngagementProperties },
} as const;

const moderationReplyProperties = {
  type: { const: 'reply' },
  id: { type: 'string' },
  kind: {
    type: 'string',
    enum: replyKinds,
    description: "`reply` answers the responses; `update` is the author's later news of how things went.",
  },
  body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
  status: { type: 'string', enum: replyStatuses },
  statusReason: { ...nullableString, description: 'The message to the author when held or rejected.' },
  flags: { type: 'array', items: flagSchema },
  moderation: { type: 'array', items: moderationEntrySchema, description: 'The audit trail, oldest first.' },
  submittedAt: { type: 'string', format: 'date-time' },
  publishedAt: nullableDateTime,
  story: {
    type: 'object',
    required: ['id', 'title'],
    description: 'The story the reply answers, for context.',
    properties: { id: { type: 'string' }, title: { type: 'string' } },
  },
} as const;

/** An author's reply as moderators see it (`toModerationReply`). */
export const moderationReplySchema = {
  type: 'object',
  description: "An author's reply to the responses on their story: moderators and admins only.",
  required: Object.keys(moderationReplyProperties),
  properties: moderationReplyProperties,
} as const;

/**
 * Only what waits for a moderator is queued (the services' `queuedStatuses`), and stories in provider
 * preview that a responder asked a moderator to look at again.
 */
const queuedStatusSchema = { type: 'string', enum: ['submitted', 'held', 'preview'] } as const;
const queuedReplyStatusSchema = { type: 'string', enum: ['submitted', 'held'] } as const;

const queueWarningSchema = {
  description:
    'A moderation rule the story may break, for the moderator to judge (docs/decisions/2026-12-07-moderation-rules.md).',
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'words'],
      description: 'Longer than 1,000 words.',
      properties: { kind: { const: 'long' }, words: { type: 'integer' } },
    },
    {
      type: 'object',
      required: ['kind', 'happenedIn'],
      description: 'About events more than 3 years ago.',
      properties: { kind: { const: 'long-ago' }, happenedIn: { type: 'string' } },
    },
    {
      type: 'object',
      required: ['kind', 'story'],
      description:
        'Nearly the same as a story sent from the same email in the 30 days before (the email is never shown).',
      properties: {
        kind: { const: 'possible-duplicate' },
        story: {
          type: 'object',
          required: ['id', 'title'],
          properties: { id: { type: 'string' }, title: { type: 'string' } },
        },
      },
    },
  ],
} as const;

const moderationResponseProperties = {
  type: { const: 'response' },
  id: { type: 'string' },
  body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
  change: { type: ['string', 'null'], enum: ['planned', 'made', null] },
  responder: {
    type: 'object',
    required: ['userId', 'name', 'jobTitle', 'organisation'],
    description: 'Who wrote it; `userId` for `PUT /users/{id}/responder-moderation`.',
    properties: {
      userId: { type: 'string' },
      name: { type: 'string' },
      jobTitle: nullableString,
      organisation: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
  },
  moderationStatus: { type: 'string', enum: ['awaiting-moderation'] },
  flags: { type: 'array', items: flagSchema },
  moderation: { type: 'array', items: moderationEntrySchema, description: 'The audit trail, oldest first.' },
  submittedAt: { type: 'string', format: 'date-time' },
  story: {
    type: 'object',
    required: ['id', 'title'],
    description: 'The story it responds to, for context.',
    properties: { id: { type: 'string' }, title: { type: 'string' } },
  },
} as const;

/**
 * A queued response (a new responder's, or one put on moderation) as moderators see it: act on it with
 * `POST /stories/{story.id}/responses/{id}/moderation`.
 */
export const moderationQueueResponseSchema = {
  type: 'object',
  description: "A responder's response waiting for a moderator: moderators and admins only.",
  required: Object.keys(moderationResponseProperties),
  properties: moderationResponseProperties,
} as const;

/** One item of the moderation queue: a story, an author's reply or a queued response, told apart by `type`. */
export const moderationQueueItemSchema = {
  oneOf: [
    {
      ...moderationStorySchema,
      required: ['type', ...moderationStorySchema.required, 'warnings'],
      properties: {
        type: { const: 'story' },
        ...moderationStoryProperties,
        status: queuedStatusSchema,
        warnings: { type: 'array', items: queueWarningSchema },
      },
    },
    {
      ...moderationReplySchema,
      properties: { ...moderationReplyProperties, status: queuedReplyStatusSchema },
    },
    moderationQueueResponseSchema,
  ],
} as const;

export const moderationQueuePageSchema = {
  type: 'object',
  required: ['items', 'total', 'next'],
  properties: {
    items: { type: 'array', items: moderationQueueItemSchema, description: 'Oldest first.' },
    total: { type: 'integer', description: 'How many items wait in the queue (with this status filter).' },
    next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last.' },
  },
} as const;
