import { requireUser } from '../auth/require.js';
import type { ApiRouter } from '../http/api-router.js';
import { toAdminUser } from '../mappers/user.js';
import {
  adminUserSchema,
  createUserBodySchema,
  listUsersQuerySchema,
  updateUserBodySchema,
  userListSchema,
  type CreateUserBody,
  type ListUsersQuery,
  type UpdateUserBody,
} from '../schemas/user.js';
import type { ApiDeps } from './api-deps.js';

const problem = { description: 'Problem details' };
const adminOnly = {
  401: { description: 'Not signed in' },
  403: { description: 'Signed in, but not as an admin' },
};

/** Account management, for admins only: `POST/GET /users`, `GET/PATCH /users/:id`. */
export function registerUserRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { accounts } = deps.services;

  api.route<CreateUserBody>({
    method: 'post',
    path: '/users',
    summary: 'Create an account (admins only)',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    body: createUserBodySchema,
    responses: {
      201: { description: 'Created', schema: adminUserSchema },
      400: problem,
      ...adminOnly,
      409: { description: 'An account with that email address already exists' },
    },
    async handler(ctx, { body }) {
      requireUser(ctx, 'admin');
      const user = await accounts.createUser(body);
      ctx.status = 201;
      ctx.set('Location', `${ctx.path.replace(/\/+$/, '')}/${user._id.toHexString()}`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toAdminUser(user);
    },
  });

  api.route<undefined, ListUsersQuery>({
    method: 'get',
    path: '/users',
    summary: 'List accounts, by email (admins only)',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    query: listUsersQuerySchema,
    responses: { 200: { description: 'Accounts', schema: userListSchema }, 400: problem, ...adminOnly },
    async handler(ctx, { query }) {
      requireUser(ctx, 'admin');
      const users = await accounts.listUsers(query);
      ctx.set('Cache-Control', 'no-store');
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
    responses: {
      200: { description: 'The account', schema: adminUserSchema },
      ...adminOnly,
      404: problem,
    },
    async handler(ctx) {
      requireUser(ctx, 'admin');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toAdminUser(await accounts.getUser(ctx.params.id));
    },
  });

  api.route<UpdateUserBody>({
    method: 'patch',
    path: '/users/:id',
    summary:
      'Change an account (admins only): disabling it or changing its password ends its sessions; nobody can disable themselves',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    body: updateUserBodySchema,
    responses: {
      200: { description: 'The changed account', schema: adminUserSchema },
      400: problem,
      ...adminOnly,
      404: problem,
    },
    async handler(ctx, { body }) {
      const admin = requireUser(ctx, 'admin');
      const sessionId = ctx.state.principal.kind === 'user' ? ctx.state.principal.sessionId : '';
      const user = await accounts.updateUser(ctx.params.id, body, {
        kind: 'user',
        userId: admin.id,
        sessionId,
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toAdminUser(user);
    },
  });
}
