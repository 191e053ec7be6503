import type { FromSchema } from 'json-schema-to-ts';
import { maxReasonLength, previewWindowSchema } from './moderation.js';
import { publicStoryProperties } from './story.js';
import { threadResponseSchema } from './response.js';

/** `POST /stories/:id/review-requests`: a responder asks a moderator to look at a story in preview again. */
export const reviewRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: maxReasonLength,
      pattern: '\\S',
      description:
        'Why a moderator should look again (e.g. it names a member of staff): for moderators, never shown to the author.',
    },
  },
} as const;

export type ReviewRequestBody = FromSchema<typeof reviewRequestSchema>;

const previewStoryProperties = {
  ...publicStoryProperties,
  criticality: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
  submittedAt: { type: 'string', format: 'date-time' },
  preview: previewWindowSchema,
  prepared: {
    type: 'array',
    items: threadResponseSchema,
    description:
      'The responses prepared so far by the responders of its services (oldest first), published with the story; one still waiting for a moderator says so in `moderationStatus`.',
  },
} as const;

/** A story in preview as the responders of its services see it (`toPreviewStory`). */
export const previewStorySchema = {
  type: 'object',
  description:
    'A story in provider preview: what the public will read once it is published, its criticality and the window. Never contact details.',
  required: Object.keys(previewStoryProperties),
  properties: previewStoryProperties,
} as const;

export const previewListSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: previewStorySchema, description: 'The soonest to be published first.' },
  },
} as const;
