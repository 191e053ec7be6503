import type { FromSchema } from 'json-schema-to-ts';
import { organisationKinds } from '../models/organisation.js';
import { serviceIdMaxLength, serviceIdPattern } from '../models/organisation-fields.js';

/**
 * JSON Schemas of the services API (and of the import/export tree file). Each validates requests and
 * documents them in /api/v1/openapi.json; the rules a schema cannot say (a parent that exists, no
 * cycles, well-formed origins) are checked by OrganisationService, which names the same fields.
 */

const serviceId = {
  type: 'string',
  pattern: serviceIdPattern,
  maxLength: serviceIdMaxLength,
  description: 'A stable URL-safe slug, e.g. `nhs-highland`.',
} as const;
const serviceName = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
const kind = { type: 'string', enum: [...organisationKinds] } as const;
const constituency = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
  description: 'UK Parliament (Westminster) constituency where the site lies.',
} as const;
const allowedOrigins = {
  type: 'array',
  maxItems: 50,
  uniqueItems: true,
  items: { type: 'string', maxLength: 300 },
  description:
    'Website origins (`https://host[:port]`, no path) allowed to embed the widget; usually set on boards.',
} as const;
const storyPageUrl = {
  type: 'string',
  maxLength: 500,
  description: "The board's page that shows one story, with `{id}` where the story id goes.",
} as const;
const moderatedFirstResponses = {
  type: 'integer',
  minimum: 0,
  maximum: 100,
  description:
    'Boards: how many of a new responder’s first responses a moderator reads before they are public (0: none; absent: 3).',
} as const;

const previewCriticality = {
  type: 'integer',
  minimum: 1,
  maximum: 5,
  description:
    "Boards: a story a moderator publishes rated at or above this criticality is first shown to its services' responders for a preview window (absent: no preview).",
} as const;
const previewWorkingDays = {
  type: 'integer',
  minimum: 1,
  maximum: 10,
  description: 'Boards: the preview window in working days, Scottish bank holidays excluded (absent: 2).',
} as const;

/**
 * One service in the tree file (`{about, services: [...]}`, the format of scotland-services.json).
 * `kind` is checked by the service rather than by an enum here, so a bad import lists unknown kinds
 * together with unknown parents, duplicate ids and cycles in one answer.
 */
export const serviceTreeEntrySchema = {
  type: 'object',
  properties: {
    id: serviceId,
    name: serviceName,
    kind: { type: 'string', maxLength: 50, description: `One of: ${organisationKinds.join(', ')}.` },
    parent: serviceId,
    constituency,
    allowedOrigins,
    storyPageUrl,
    moderatedFirstResponses,
    retired: { type: 'boolean', description: 'Closed to new stories (absent: open).' },
  },
  required: ['id', 'name', 'kind'],
  additionalProperties: false,
} as const;

export const serviceTreeSchema = {
  type: 'object',
  description:
    'The service tree: each service at most once; parents may come before or after their children. ' +
    'Importing upserts every listed service by id as described (an absent optional field is cleared).',
  properties: {
    about: { type: 'string', maxLength: 5000 },
    services: { type: 'array', maxItems: 20000, items: serviceTreeEntrySchema },
  },
  required: ['services'],
  additionalProperties: false,
} as const;

export const createServiceSchema = {
  type: 'object',
  properties: {
    id: serviceId,
    name: serviceName,
    kind,
    parent: serviceId,
    constituency,
    allowedOrigins,
    storyPageUrl,
    previewCriticality,
    previewWorkingDays,
    moderatedFirstResponses,
  },
  required: ['id', 'name', 'kind'],
  additionalProperties: false,
} as const;

export type NewService = FromSchema<typeof createServiceSchema>;

export const updateServiceSchema = {
  type: 'object',
  description:
    'Rename, move (the whole subtree moves), retire or reopen a service. `null` clears a field; ' +
    '`parent: null` makes the service a root.',
  properties: {
    name: serviceName,
    kind,
    parent: { ...serviceId, type: ['string', 'null'] },
    constituency: { ...constituency, type: ['string', 'null'] },
    allowedOrigins,
    storyPageUrl: { ...storyPageUrl, type: ['string', 'null'] },
    previewCriticality: { ...previewCriticality, type: ['integer', 'null'] },
    previewWorkingDays: { ...previewWorkingDays, type: ['integer', 'null'] },
    moderatedFirstResponses: { ...moderatedFirstResponses, type: ['integer', 'null'] },
    retired: { type: 'boolean' },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

/** A change to a service; `null` clears a field (`parent: null` makes it a root). */
export type ServiceChange = FromSchema<typeof updateServiceSchema>;

const booleanText = { type: 'string', enum: ['true', 'false'] } as const;
/** Query strings are text: a whole number written plainly, checked against its maximum by the route. */
const wholeNumberText = (description: string) =>
  ({
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,6})$',
    description,
  }) as const;

export const maxListLimit = 200;

export const listServicesQuerySchema = {
  type: 'object',
  properties: {
    parent: { ...serviceId, description: 'Only the children of this service.' },
    roots: { ...booleanText, description: '`true`: only the roots of the tree (the boards).' },
    q: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Name search: every word must be a word of the name (any case, accents ignored).',
    },
    kind: { ...kind, description: 'Only services of this kind.' },
    includeRetired: { ...booleanText, description: '`true`: retired services too (marked `retired`).' },
    limit: wholeNumberText(`At most this many, 1 to ${maxListLimit} (default 50).`),
    offset: wholeNumberText('Skip this many (default 0).'),
  },
  additionalProperties: false,
} as const;

export const importQuerySchema = {
  type: 'object',
  properties: {
    retireMissing: {
      ...booleanText,
      description: '`true`: retire every open service the file does not list (nothing is ever deleted).',
    },
  },
  additionalProperties: false,
} as const;

const publicServiceProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  parent: { type: ['string', 'null'] },
  constituency: { type: 'string' },
  retired: {
    type: 'boolean',
    description: 'Closed to new stories: the service or one of its ancestors is retired.',
  },
  storyPageUrl: { type: 'string' },
};

export const publicServiceSchema = {
  type: 'object',
  properties: publicServiceProperties,
  required: ['id', 'name', 'kind', 'parent', 'retired'],
};

const adminServiceSchema = {
  type: 'object',
  description: 'What admins see: the public fields and the settings only admins change.',
  properties: {
    ...publicServiceProperties,
    ancestors: { type: 'array', items: { type: 'string' } },
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    previewCriticality: { type: ['integer', 'null'] },
    previewWorkingDays: { type: ['integer', 'null'] },
    moderatedFirstResponses,
    retiredAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'name', 'kind', 'parent', 'retired', 'allowedOrigins'],
};

const serviceAnyView = {
  description: 'The public shape; admins also get `allowedOrigins`, `ancestors` and timestamps.',
  anyOf: [publicServiceSchema, adminServiceSchema],
};

export const serviceListSchema = {
  type: 'object',
  properties: {
    services: { type: 'array', items: serviceAnyView },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
  required: ['services', 'total', 'limit', 'offset'],
};

/** A service's place in the tree: its ancestors, root first, and its children by name. */
const serviceFamilyProperties = {
  ancestors: {
    type: 'array',
    items: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
      required: ['id', 'name', 'kind'],
    },
  },
  children: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        retired: { type: 'boolean' },
      },
      required: ['id', 'name', 'kind', 'retired'],
    },
  },
};

/** One service's page: the public or the admin view, each with its ancestors (as objects) and children. */
export const serviceDetailSchema = {
  description: 'A service with its ancestors (root first) and its children (by name).',
  anyOf: [
    {
      type: 'object',
      properties: { ...publicServiceProperties, ...serviceFamilyProperties },
      required: [...publicServiceSchema.required, 'ancestors', 'children'],
    },
    {
      type: 'object',
      description: adminServiceSchema.description,
      properties: { ...adminServiceSchema.properties, ...serviceFamilyProperties },
      required: [...adminServiceSchema.required, 'ancestors', 'children'],
    },
  ],
};

export const adminServiceResponseSchema = adminServiceSchema;

export const importResultSchema = {
  type: 'object',
  description: 'How many services the import created, changed, left as they were and retired.',
  properties: {
    created: { type: 'integer' },
    updated: { type: 'integer' },
    unchanged: { type: 'integer' },
    retired: { type: 'integer' },
  },
  required: ['created', 'updated', 'unchanged', 'retired'],
};
