import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import { DomainError } from '../domain/errors.js';
import { toAdminUser, toSelfUser } from '../mappers/user.js';
import { sessionSchema } from '../schemas/session.js';
import {
  confirmEnrolmentBodySchema,
  enrolmentSchema,
  recoveryCodesSchema,
  revokedSessionsSchema,
  secondStepBodySchema,
} from '../schemas/second-factor.js';
import { adminUserSchema } from '../schemas/user.js';
import type { ApiDeps } from './api-deps.js';
import { actorOf } from './actor.js';

/**
 * Two-step sign-in (server/services/second-factor.ts): the code step of signing in, setting it up from
 * one's own account, and the admin's remedies for a lost phone or a stolen session: reset it, and end
 * every session of an account.
 */
export function registerSecondFactorRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { secondFactor } = deps.services;

  api.route({
    method: 'post',
    path: '/sessions/second-factor',
    summary:
      'Finish signing in with the code from the authenticator app (or a recovery code), after `POST /sessions` answered 401 with a challenge',
    tag: 'Sessions',
    access: 'public',
    body: secondStepBodySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'Signed in', schema: sessionSchema },
      400: { description: 'The body is not a challenge with one code or one recovery code' },
      401: { description: 'The code is wrong or already used, or the challenge expired (start again)' },
      429: { description: 'Too many wrong codes for this account or client; see Retry-After' },
    },
    async handler(ctx, { body }) {
      const hasCode = body.code !== undefined;
      const hasRecoveryCode = body.recoveryCode !== undefined;
      if (hasCode === hasRecoveryCode) {
        throw DomainError.invalid([
          {
            field: hasCode ? 'recoveryCode' : 'code',
            code: hasCode ? 'not-accepted' : 'required',
            message: hasCode ? 'send a code or a recovery code, not both' : 'send a code or a recovery code',
          },
        ]);
      }
      const signedIn = await secondFactor.completeSignIn(
        {
          challenge: body.challenge,
          ...(hasCode ? { code: body.code!.replace(/\s/g, '') } : { recoveryCode: body.recoveryCode! }),
          ...(body.language ? { language: body.language } : {}),
        },
        ctx.ip,
      );
      ctx.status = 201;
      ctx.body = {
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        user: toSelfUser(signedIn.user),
      };
    },
  });

  api.route({
    method: 'post',
    path: '/account/second-factor',
    summary:
      'Start setting up two-step sign-in: answers a new secret, as a QR code and as text; nothing changes until a code confirms it',
    tag: 'Sessions',
    access: 'signed-in',
    duringEnrolment: true,
    cache: 'no-store',
    responses: {
      201: { description: 'The secret to add to an authenticator app', schema: enrolmentSchema },
      409: { description: 'Two-step sign-in is already on' },
    },
    async handler(ctx, { principal }) {
      ctx.status = 201;
      ctx.body = await secondFactor.startEnrolment(principal.user.id);
    },
  });

  api.route({
    method: 'post',
    path: '/account/second-factor/confirmation',
    summary:
      'Turn two-step sign-in on with a code from the app; answers 10 recovery codes, once. The session becomes a full one',
    tag: 'Sessions',
    access: 'signed-in',
    duringEnrolment: true,
    body: confirmEnrolmentBodySchema,
    cache: 'no-store',
    responses: {
      201: { description: 'On; the recovery codes', schema: recoveryCodesSchema },
      400: { description: 'The code is missing, malformed or not the one the app shows now' },
      409: { description: 'Two-step sign-in is already on, or setting it up was not started' },
    },
    async handler(ctx, { body, principal }) {
      const recoveryCodes = await secondFactor.confirmEnrolment(
        principal.user.id,
        principal.sessionId,
        body.code.replace(/\s/g, ''),
      );
      ctx.status = 201;
      ctx.body = { recoveryCodes };
    },
  });

  api.route({
    method: 'delete',
    path: '/users/:id/second-factor',
    summary:
      "Reset an account's two-step sign-in (admins only), e.g. after a lost phone: it is set up afresh at next sign-in. Audited",
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      200: { description: 'The account, two-step sign-in off', schema: adminUserSchema },
      404: { description: 'No account with this id' },
    },
    async handler(ctx, { params, principal }) {
      const user = await secondFactor.reset(params.id, actorOf(principal));
      ctx.body = toAdminUser(user);
    },
  });

  api.route({
    method: 'delete',
    path: '/users/:id/sessions',
    summary: 'End every session of an account at once (admins only): its tokens stop working. Audited',
    tag: 'Users',
    access: 'signed-in',
    roles: ['admin'],
    params: { id: objectIdParam },
    cache: 'no-store',
    responses: {
      200: { description: 'How many sessions ended', schema: revokedSessionsSchema },
      404: { description: 'No account with this id' },
    },
    async handler(ctx, { params, principal }) {
      const revoked = await secondFactor.revokeSessions(params.id, actorOf(principal));
      ctx.body = { revoked };
    },
  });
}
