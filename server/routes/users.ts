import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { toAdminUser } from '../mappers/user.js';
import {
  adminUserSchema,
  createUserBodySchema,
  listUsersQuerySchema,
  updateUserBodySchema,
  userListSchema,
} from '../schemas/user.js';
import type { ApiDeps } from './api-deps.js';
import { actorOf } from './actor.js';

const noSuchAccount = { 404: { description: 'No account with this id' } };

/** Account management, for admins only: `POST/GET /users`, `GET/PATCH /users/:id`. */
export function registerUserRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { accounts } = deps.services;

  api.route({
    method: 'post',
    path: '/users',
    summary: 'Create an account (admins only)',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    body: createUserBodySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Created', schema: adminUserSchema },
      400: { description: 'A field is invalid' },
      409: { description: 'An account with that email address already exists' },
    },
    async handler(ctx, { body }) {
      const user = await accounts.createUser(body);
      ctx.status = 201;
      ctx.set('Location', `${ctx.path.replace(/\/+$/, '')}/${user._id.toHexString()}`);
      ctx.body = toAdminUser(user);
    },
  });

  api.route({
    method: 'get',
    path: '/users',
    summary: 'List accounts, by email (admins only)',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    query: listUsersQuerySchema,
    cache: 'no-store',
    responses: {
      200: { description: 'Accounts', schema: userListSchema },
      400: { description: 'A query parameter is invalid' },
    },
    async handler(ctx, { query }) {
      const users = await accounts.listUsers(query);
      ctx.body = { users: users.map(toAdminUser) };
    },
  });

  api.route({
    method: 'get',
    path: '/users/:id',
    summary: 'One account (admins only)',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: { 200: { description: 'The account', schema: adminUserSchema }, ...noSuchAccount },
    async handler(ctx, { params }) {
      ctx.body = toAdminUser(await accounts.getUser(params.id));
    },
  });

  api.route({
    method: 'patch',
    path: '/users/:id',
    summary:
      'Change an account (admins only): disabling it or changing its password ends its sessions; nobody can disable themselves',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    body: updateUserBodySchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The changed account', schema: adminUserSchema },
      400: { description: 'A field is invalid' },
      ...noSuchAccount,
    },
    async handler(ctx, { body, params, principal }) {
      const user = await accounts.updateUser(params.id, body, actorOf(principal));
      ctx.body = toAdminUser(user);
    },
  });
}
