import { requireUser } from '../auth/require.js';
import type { ApiRouter } from '../http/api-router.js';
import { toSelfUser } from '../mappers/user.js';
import { sessionSchema, signInBodySchema, type SignInBody } from '../schemas/session.js';
import { selfUserSchema } from '../schemas/user.js';
import type { ApiDeps } from './api-deps.js';

const problem = { description: 'Problem details' };

/** Sign in (`POST /sessions`), who am I (`GET /sessions/current`), sign out (`DELETE /sessions/current`). */
export function registerSessionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { accounts } = deps.services;

  api.route<SignInBody>({
    method: 'post',
    path: '/sessions',
    summary: 'Sign in with email and password; answers a bearer token that works for 12 hours',
    tag: 'Sessions',
    access: 'public',
    body: signInBodySchema,
    responses: {
      201: { description: 'Signed in', schema: sessionSchema },
      400: problem,
      401: { description: 'The email address or password is not right (the same answer for both)' },
      429: { description: 'Too many failed sign-ins for this email or client; see Retry-After' },
    },
    async handler(ctx, { body }) {
      const signedIn = await accounts.signIn(body, ctx.ip);
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = {
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        user: toSelfUser(signedIn.user),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/sessions/current',
    summary: 'The signed-in account',
    tag: 'Sessions',
    access: 'signed-in',
    responses: {
      200: { description: 'The account the token belongs to', schema: selfUserSchema },
      401: problem,
    },
    async handler(ctx) {
      const user = await accounts.getUser(requireUser(ctx).id);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toSelfUser(user);
    },
  });

  api.route({
    method: 'delete',
    path: '/sessions/current',
    summary: 'Sign out: the token stops working at once',
    tag: 'Sessions',
    access: 'signed-in',
    responses: { 204: { description: 'Signed out' }, 401: problem },
    async handler(ctx) {
      requireUser(ctx);
      const { principal } = ctx.state;
      if (principal.kind === 'user') await accounts.signOut(principal.sessionId);
      ctx.status = 204;
    },
  });
}
