import type { ApiRouter } from '../http/api-router.js';
import { toSelfUser } from '../mappers/user.js';
import { sessionSchema, signInBodySchema } from '../schemas/session.js';
import { selfUserSchema } from '../schemas/user.js';
import type { ApiDeps } from './api-deps.js';
import { httpProblem } from '../http/problem.js';
import { secondFactorRequiredType } from '../http/second-factor-problems.js';
import { secondFactorNeededSchema } from '../schemas/second-factor.js';
import { signInOptionsSchema } from '../schemas/auth.js';
import { toSignInOptions } from '../mappers/sign-in-options.js';

/** Sign in (`POST /sessions`), who am I (`GET /sessions/current`), sign out (`DELETE /sessions/current`). */
export function registerSessionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { accounts } = deps.services;

  api.route({
    method: 'post',
    path: '/sessions',
    summary: 'Sign in with email and password; answers a bearer token that works for 12 hours',
    tag: 'Sessions',
    access: 'public',
    body: signInBodySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Signed in', schema: sessionSchema },
      400: { description: 'The body is not an email address and password' },
      401: {
        description:
          'The email address or password is not right (the same answer for both); or they are, and two-step sign-in is on: then the problem type is `urn:careloop:problem:second-factor-required` and its `challenge` goes with the code to `POST /sessions/second-factor`',
        schema: secondFactorNeededSchema,
      },
      403: {
        description:
          'Password sign-in is switched off here, or this account’s role must sign in with its identity provider',
      },
      429: { description: 'Too many failed sign-ins for this email or client; see Retry-After' },
    },
    async handler(ctx, { body }) {
      const signedIn = await accounts.signIn(body, ctx.ip);
      if (signedIn.stage === 'second-factor') {
        throw httpProblem(401, {
          type: secondFactorRequiredType,
          title: 'Second factor needed',
          detail: 'Enter the code from your authenticator app.',
          extensions: { challenge: signedIn.token, expiresAt: signedIn.expiresAt.toISOString() },
        });
      }
      ctx.status = 201;
      ctx.body = {
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        user: toSelfUser(signedIn.user, signedIn.stage === 'enrolment'),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/auth/providers',
    summary: 'How staff can sign in here: identity providers (OpenID Connect), and whether passwords are on',
    tag: 'Sessions',
    access: 'public',
    cache: 'no-cache',
    responses: { 200: { description: 'The sign-in options', schema: signInOptionsSchema } },
    handler(ctx) {
      const { config } = deps;
      ctx.body = toSignInOptions(deps.services.oidc.list(), config.oidc.localPasswords, config.publicUrl);
    },
  });

  api.route({
    method: 'get',
    path: '/sessions/current',
    summary: 'The signed-in account',
    tag: 'Sessions',
    access: 'signed-in',
    duringEnrolment: true,
    cache: 'no-store',
    responses: { 200: { description: 'The account the token belongs to', schema: selfUserSchema } },
    async handler(ctx, { principal }) {
      ctx.body = toSelfUser(await accounts.getUser(principal.user.id), principal.enrolmentOnly === true);
    },
  });

  api.route({
    method: 'delete',
    path: '/sessions/current',
    summary: 'Sign out: the token stops working at once',
    tag: 'Sessions',
    access: 'signed-in',
    duringEnrolment: true,
    responses: { 204: { description: 'Signed out' } },
    async handler(ctx, { principal }) {
      await accounts.signOut(principal.sessionId);
      ctx.status = 204;
    },
  });
}
