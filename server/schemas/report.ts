import type { FromSchema } from 'json-schema-to-ts';
import { demographicQuestions } from '../models/demographics.js';

const day = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
} as const;

/** `GET /reports/services/:id`. */
export const reportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      ...day,
      description:
        'First UTC day counted (inclusive, from 00:00). Default: 89 days before `to` (90 days in all).',
    },
    to: {
      ...day,
      description:
        'Last UTC day counted (inclusive, to the end of the day). Default: today, or 89 days after `from`.',
    },
    format: {
      type: 'string',
      enum: ['json', 'csv'],
      description:
        '`csv`: the stories behind the figures (RFC 4180, UTF-8, header row) instead of the figures.',
    },
  },
} as const;

export type ReportQuery = FromSchema<typeof reportQuerySchema>;

const nullableNumber = { type: ['number', 'null'] } as const;
const rate = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;

const responseFigures = {
  stories: { ...count, description: 'Stories published in the period (or week) about the subtree.' },
  responded: { ...count, description: 'Of those, how many have at least one visible response.' },
  responseRate: { ...rate, description: '`responded / stories`; null without stories.' },
  medianHoursToFirstResponse: {
    ...nullableNumber,
    description:
      'Nearest-rank median of the hours from publication to the first response, over responded stories.',
  },
  p90HoursToFirstResponse: { ...nullableNumber, description: 'Nearest-rank 90th percentile of the same.' },
} as const;

const changeFigures = {
  responses: { ...count, description: 'Visible responses to those stories.' },
  changePlannedRate: { ...rate, description: 'Share of those responses saying a change is planned.' },
  changeMadeRate: { ...rate, description: 'Share of those responses saying a change was made.' },
} as const;

const breakdownSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['suppressed', 'items'],
      properties: {
        suppressed: { const: false },
        items: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['value', 'stories'],
            properties: { value: { type: ['string', 'null'] }, stories: count },
          },
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['suppressed', 'reason'],
      properties: { suppressed: { const: true }, reason: { type: 'string' } },
    },
  ],
  description: 'Withheld (`suppressed: true`, with the reason) when the period has 10 or fewer stories.',
} as const;

const tagList = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['tag', 'stories', 'previousStories', 'change'],
    properties: {
      tag: { type: 'string' },
      stories: count,
      previousStories: { ...count, description: 'In the previous period of the same length.' },
      change: { type: 'integer', description: '`stories - previousStories`.' },
    },
  },
} as const;

/** One question's groups: every answer offered, then `not-answered`, in that order. */
function demographicGroups(answers: readonly string[]) {
  return {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'stories'],
      properties: {
        value: { type: 'string', enum: [...answers, 'not-answered'] },
        stories: {
          type: ['integer', 'null'],
          minimum: 11,
          description:
            'null: withheld, because the group holds 10 stories or fewer, or so that the total minus the groups shown cannot reveal one that does.',
        },
      },
    },
  } as const;
}

const demographicsSchema = {
  description:
    'A board’s stories of the last whole calendar quarter that had ended by `to`, by the authors’ optional answers; frozen once the quarter has ended. Only for boards: any other service gets `available: false`.',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: [
        'available',
        'quarter',
        'from',
        'to',
        'stories',
        'ageBand',
        'sex',
        'ethnicity',
        'disability',
      ],
      properties: {
        available: { const: true },
        quarter: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
        from: day,
        to: day,
        stories: {
          ...count,
          description: 'Stories published in the quarter: each question’s groups add up to it.',
        },
        ageBand: demographicGroups(demographicQuestions.ageBand),
        sex: demographicGroups(demographicQuestions.sex),
        ethnicity: demographicGroups(demographicQuestions.ethnicity),
        disability: demographicGroups(demographicQuestions.disability),
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['available', 'reason'],
      properties: { available: { const: false }, reason: { const: 'not-a-board' } },
    },
  ],
} as const;

const figureKeys = Object.keys(responseFigures);
const changeKeys = Object.keys(changeFigures);

export const reportSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'service',
    'period',
    'totals',
    'trend',
    'authorRoles',
    'sources',
    'tags',
    'progress',
    'previewed',
    'toldOnBehalf',
    'children',
    'demographics',
  ],
  properties: {
    service: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
    period: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to', 'days', 'previousFrom'],
      properties: {
        from: day,
        to: day,
        days: count,
        previousFrom: { ...day, description: 'First day of the previous period the tags are compared with.' },
      },
    },
    totals: {
      type: 'object',
      additionalProperties: false,
      required: [...figureKeys, ...changeKeys],
      properties: { ...responseFigures, ...changeFigures },
    },
    trend: {
      type: 'array',
      description: 'Every ISO week (UTC) the period touches, oldest first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['week', ...figureKeys, ...changeKeys],
        properties: {
          week: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' },
          ...responseFigures,
          ...changeFigures,
        },
      },
    },
    authorRoles: breakdownSchema,
    sources: breakdownSchema,
    tags: {
      type: 'object',
      additionalProperties: false,
      required: ['good', 'improve', 'feelings'],
      properties: { good: tagList, improve: tagList, feelings: tagList },
    },
    previewed: {
      ...count,
      description:
        "Stories of the period that went through the board's provider preview before publication (docs/decisions/2026-12-07-provider-preview.md).",
    },
    toldOnBehalf: {
      ...count,
      description:
        'Stories of the period that staff or a volunteer entered for their authors, with their consent (docs/decisions/2026-12-07-stories-told-on-behalf.md).',
    },
    criticality: {
      type: 'array',
      description: 'Staff, moderators and admins only: stories per criticality (null: not rated).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'stories'],
        properties: { level: { type: ['integer', 'null'] }, stories: count },
      },
    },
    progress: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'stories'],
        properties: { stage: { type: 'string' }, stories: count },
      },
    },
    children: {
      type: 'array',
      description: 'The services directly below, each counting its own subtree, best ranked first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rank', 'id', 'name', 'retired', ...figureKeys],
        properties: {
          rank: { type: 'integer', minimum: 1 },
          id: { type: 'string' },
          name: { type: 'string' },
          retired: { type: 'boolean' },
          ...responseFigures,
        },
      },
    },
    demographics: demographicsSchema,
  },
} as const;

/** `PUT /subscriptions/:id/report`. */
export const reportFrequencySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['frequency'],
  properties: {
    frequency: {
      type: ['string', 'null'],
      enum: ['weekly', 'monthly', null],
      description:
        'A summary email of the last ISO week (Monday to Sunday, UTC) or calendar month, sent after it ends; null: none.',
    },
  },
} as const;

export type ReportFrequencyBody = FromSchema<typeof reportFrequencySchema>;

export const reportFrequencyAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subscription', 'frequency'],
  properties: {
    subscription: { type: 'string' },
    frequency: reportFrequencySchema.properties.frequency,
  },
} as const;
