import { replyKinds, replyStatuses } from '../models/reply.js';
import { maxReasonLength, moderationActions, reasonToHoldOrReject } from './moderation.js';
import type { FromSchema } from 'json-schema-to-ts';

/** Longest reply, in characters: as long as a story may be. */
export const maxReplyLength = 8000;

/** Text that must say something: not empty, not only white space (`\S` alone says both). */
function text(maxLength: number, description: string) {
  return { type: 'string', maxLength, pattern: '\\S', description } as const;
}

/** `POST /stories/:id/replies`. */
export const replySubmissionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: {
    body: text(
      maxReplyLength,
      "The author's reply to the responses, as plain text (always shown as text, never as HTML).",
    ),
    kind: {
      type: 'string',
      enum: replyKinds,
      default: 'reply',
      description:
        "`update` for the author's later news of how things went (shown as their update), `reply` (the default) to answer the responses.",
    },
  },
} as const;

export type ReplySubmission = FromSchema<typeof replySubmissionSchema>;

/** What `POST /stories/:id/replies` answers. */
export const replyReceiptSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    status: { const: 'submitted', description: 'Replies are read by a moderator before they are published.' },
  },
} as const;

/** One of the author's replies, as the author sees it with their author key (`toAuthorReply`). */
export const authorReplySchema = {
  type: 'object',
  required: ['id', 'kind', 'body', 'status', 'statusReason', 'submittedAt', 'publishedAt'],
  properties: {
    id: { type: 'string' },
    kind: {
      type: 'string',
      enum: replyKinds,
      description: "`reply` answers the responses; `update` is the author's later news of how things went.",
    },
    body: { type: 'string', description: 'Plain text: show it as text, never as HTML.' },
    status: { type: 'string', enum: replyStatuses },
    statusReason: {
      type: ['string', 'null'],
      description: "The moderator's message to the author when the reply is held or rejected.",
    },
    submittedAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** `POST /replies/:id/moderation`. */
export const replyModerationActionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: {
      type: 'string',
      enum: moderationActions,
      description:
        "`publish` puts the reply in the story's thread; `hold` keeps it back for now; `reject` turns it " +
        'down. A published reply can be held or rejected again.',
    },
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: maxReasonLength,
      pattern: '\\S',
      description: 'Required for `hold` and `reject`: the message the author reads with their author key.',
    },
    body: {
      type: 'string',
      minLength: 1,
      maxLength: maxReplyLength,
      pattern: '\\S',
      description: 'The reply as edited (e.g. redacted); the original is kept in the audit trail.',
    },
  },
  allOf: [reasonToHoldOrReject],
} as const;

export type ReplyModerationActionBody = FromSchema<typeof replyModerationActionSchema>;
