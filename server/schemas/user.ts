import { roles } from '../models/roles.js';
import type { FromSchema } from 'json-schema-to-ts';

/** Passwords: at least 12 characters; the upper bound keeps a request from buying minutes of scrypt. */
export const passwordSchema = { type: 'string', minLength: 12, maxLength: 1024 } as const;

const emailSchema = { type: 'string', format: 'email', maxLength: 254 } as const;
const nameSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const jobTitleSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const servicesSchema = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 200 },
  uniqueItems: true,
  maxItems: 100,
} as const;
const constituencySchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

/** `POST /users`. */
export const createUserBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password', 'name', 'role'],
  properties: {
    email: emailSchema,
    password: passwordSchema,
    name: { ...nameSchema, description: 'Shown publicly on responses, with the job title.' },
    jobTitle: jobTitleSchema,
    role: { type: 'string', enum: roles },
    services: {
      ...servicesSchema,
      description: 'Staff (at least one) and stakeholders: the services whose subtrees they act for.',
    },
    constituency: { ...constituencySchema, description: 'Stakeholders: the constituency they act for.' },
  },
} as const;

export type CreateUserBody = FromSchema<typeof createUserBodySchema>;

/** `PATCH /users/:id`: every field optional; `null` clears the job title or constituency. */
export const updateUserBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: nameSchema,
    jobTitle: { anyOf: [jobTitleSchema, { type: 'null' }] },
    role: { type: 'string', enum: roles },
    services: servicesSchema,
    constituency: { anyOf: [constituencySchema, { type: 'null' }] },
    password: passwordSchema,
    disabled: {
      type: 'boolean',
      description: 'true disables the account and ends its sessions; false enables it again.',
    },
  },
} as const;

export type UpdateUserBody = FromSchema<typeof updateUserBodySchema>;

/** `GET /users` filters. */
export const listUsersQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    role: { type: 'string', enum: roles },
    service: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Accounts acting for this service',
    },
  },
} as const;

export type ListUsersQuery = FromSchema<typeof listUsersQuerySchema>;

const selfProperties = {
  id: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  jobTitle: { type: 'string' },
  role: { type: 'string', enum: roles },
  services: { type: 'array', items: { type: 'string' } },
  constituency: { type: 'string' },
  secondFactor: {
    type: 'object',
    required: ['enabled'],
    properties: {
      enabled: { type: 'boolean', description: 'Two-step sign-in (an authenticator app code) is on.' },
      required: {
        type: 'boolean',
        description:
          'Only on the signed-in account: true while this session may do nothing but set two-step sign-in up (or sign out).',
      },
    },
  },
} as const;

/** The signed-in account as it sees itself (`GET /sessions/current`, sign-in). */
export const selfUserSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'services', 'secondFactor'],
  properties: selfProperties,
} as const;

/** An account as admins see it. Never the password hash. */
export const adminUserSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'services', 'secondFactor', 'disabled', 'createdAt', 'updatedAt'],
  properties: {
    ...selfProperties,
    disabled: { type: 'boolean' },
    disabledAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    accountAudit: {
      type: 'array',
      description:
        'Actions others took on the account (second factor reset, sessions revoked, responder moderation on or off), oldest first.',
      items: {
        type: 'object',
        required: ['at', 'action'],
        properties: {
          at: { type: 'string', format: 'date-time' },
          by: {
            type: 'object',
            required: ['id', 'name'],
            properties: { id: { type: 'string' }, name: { type: 'string' } },
          },
          action: {
            type: 'string',
            enum: [
              'second-factor-reset',
              'sessions-revoked',
              'responder-moderation-on',
              'responder-moderation-off',
            ],
          },
        },
      },
    },
  },
} as const;

export const userListSchema = {
  type: 'object',
  required: ['users'],
  properties: { users: { type: 'array', items: adminUserSchema } },
} as const;
