import type { FromSchema } from 'json-schema-to-ts';
import { apiKeyScopes } from '../models/api-key.js';

const scopesDescription =
  '`stories:read`: the published stories of the board and every service below it, as the public API shows them. `stories:read-staff`: also the staff-facing fields (criticality, progress); it includes `stories:read`.';

/** `POST /api-keys`. */
export const createApiKeyBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'board'],
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      pattern: '\\S',
      description: 'Who holds the key and what for, e.g. "Healthwatch Ayrshire: quarterly analysis".',
    },
    board: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'The id of the board (or any service) whose subtree the key reads.',
    },
    scopes: {
      type: 'array',
      items: { type: 'string', enum: apiKeyScopes },
      minItems: 1,
      uniqueItems: true,
      description: `${scopesDescription} Default: \`["stories:read"]\`.`,
    },
    expiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'When the key stops working (in the future); without one it works until revoked.',
    },
    requestsPerMinute: {
      type: 'integer',
      minimum: 1,
      maximum: 6000,
      description: "The key's own rate limit, per sliding minute. Default: 600.",
    },
  },
} as const;

export type CreateApiKeyBody = FromSchema<typeof createApiKeyBodySchema>;

/** `GET /api-keys` filters. */
export const listApiKeysQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    board: { type: 'string', minLength: 1, maxLength: 200, description: 'Only the keys for this service.' },
  },
} as const;

const actorSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', description: 'The admin, or `operator` (the command line).' } },
} as const;

const apiKeyProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  hint: {
    type: 'string',
    description: '`clk_` and the next four characters of the key, to tell keys apart.',
  },
  board: {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' } },
  },
  scopes: { type: 'array', items: { type: 'string', enum: apiKeyScopes }, description: scopesDescription },
  requestsPerMinute: { type: 'integer' },
  createdAt: { type: 'string', format: 'date-time' },
  createdBy: actorSchema,
  expiresAt: { type: ['string', 'null'], format: 'date-time' },
  lastUsedAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'When a request last used it (to the minute).',
  },
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
  revokedBy: { anyOf: [actorSchema, { type: 'null' }] },
  state: { type: 'string', enum: ['active', 'revoked', 'expired'] },
} as const;

/** An API key as admins see it: never the key itself (only when created) nor its hash. */
export const apiKeySchema = {
  type: 'object',
  required: Object.keys(apiKeyProperties),
  properties: apiKeyProperties,
} as const;

/** What creating a key answers: the key itself, shown this once. */
export const newApiKeySchema = {
  type: 'object',
  required: [...Object.keys(apiKeyProperties), 'key'],
  properties: {
    ...apiKeyProperties,
    key: {
      type: 'string',
      description:
        'The key (`clk_…`), to send as `Authorization: Bearer <key>`. Shown only now: only its hash is kept.',
    },
  },
} as const;

export const apiKeyListSchema = {
  type: 'object',
  required: ['keys'],
  properties: { keys: { type: 'array', items: apiKeySchema } },
} as const;
