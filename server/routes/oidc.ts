import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppState } from '../http/app-state.js';
import { httpProblem, ProblemError, problemContentType } from '../http/problem.js';
import type { Logger } from '../platform/log.js';
import type { Services } from '../services/index.js';
import { SignInRefusal, type Handoff, type RefusalReason } from '../services/oidc-sign-in.js';
import { sendRefusalPage, sendSessionToOpener } from './oidc-pages.js';

export interface OidcRouteDeps {
  logger: Logger;
  services: Pick<Services, 'oidc'>;
}

/** Where a full-page sign-in lands when it names nowhere: the standalone staff page. */
export const defaultReturnPath = '/admin.html';

const statusByReason: Record<RefusalReason, number> = {
  'unknown-provider': 404,
  'origin-not-allowed': 403,
  'bad-state': 400,
  'provider-unavailable': 503,
  'provider-refused': 401,
  'token-invalid': 401,
  'email-missing': 403,
  'email-domain-not-allowed': 403,
  'no-role': 403,
  'account-disabled': 403,
  'account-conflict': 409,
};

/**
 * The browser side of OpenID Connect sign-in, outside /api/v1 because people's browsers navigate here
 * (a popup, or the whole page), not the widget's fetch:
 *
 * - `GET /auth/oidc/:id/start?mode=popup&origin=<board page origin>` or `?mode=redirect&return=<path>`
 *   remembers the attempt and sends the person to their provider;
 * - `GET /auth/oidc/:id/callback` is where the provider sends them back: a popup hands the session to
 *   its opener by postMessage; a full page returns to `return` with the token in the fragment.
 *
 * A refusal is a readable page for a browser and problem+json for a client that asks for JSON; it is
 * logged with its reason only (no token, no email).
 */
export function oidcRoutes(deps: OidcRouteDeps): Router<AppState> {
  const { oidc } = deps.services;
  const router = new Router<AppState>({ prefix: '/auth/oidc' });

  router.get('/:provider/start', async (ctx) => {
    await refusalsShown(ctx, deps.logger, async () => {
      const location = await oidc.begin(ctx.params.provider!, handoffOf(ctx));
      ctx.set('Cache-Control', 'no-store');
      ctx.redirect(location.href);
    });
  });

  router.get('/:provider/callback', async (ctx) => {
    await refusalsShown(ctx, deps.logger, async () => {
      const { signedIn, handoff } = await oidc.complete(
        ctx.params.provider!,
        new URLSearchParams(ctx.querystring),
      );
      const expiresAt = signedIn.expiresAt.toISOString();
      if (handoff.mode === 'popup') {
        sendSessionToOpener(ctx, { origin: handoff.origin, token: signedIn.token, expiresAt });
        return;
      }
      const fragment = new URLSearchParams({
        'careloop-session': signedIn.token,
        'careloop-expires': expiresAt,
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 303;
      ctx.redirect(`${handoff.returnPath}#${fragment.toString()}`);
    });
  });

  return router;
}

/** What the start link asks for; a bad one is refused before anything is stored. */
function handoffOf(ctx: Context): Handoff {
  const mode = ctx.query.mode;
  if (mode === 'popup') {
    const origin = typeof ctx.query.origin === 'string' ? originOf(ctx.query.origin) : undefined;
    if (!origin)
      throw invalidQuery(
        'origin',
        'must be the origin of the page opening the popup, e.g. https://www.nhshighland.scot',
      );
    return { mode, origin };
  }
  if (mode === 'redirect') {
    const returnPath = ctx.query.return ?? defaultReturnPath;
    if (typeof returnPath !== 'string' || !/^\/(?![/\\])[^\s#\\]{0,500}$/.test(returnPath)) {
      throw invalidQuery('return', 'must be a path on this service, such as /admin.html');
    }
    return { mode, returnPath };
  }
  throw invalidQuery('mode', 'must be popup or redirect');
}

/** `text` exactly as an origin (scheme://host[:port]), or undefined. */
function originOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text ? text : undefined;
  } catch {
    return undefined;
  }
}

function invalidQuery(field: string, message: string) {
  return httpProblem(400, {
    detail: 'The sign-in link has invalid parameters.',
    errors: [{ field, code: field === 'mode' ? 'not-allowed' : 'invalid-format', message }],
  });
}

/**
 * Runs a step; a refusal becomes problem+json for a client that asks for JSON, and otherwise a page a
 * person can read (the popup or the whole tab shows it).
 */
async function refusalsShown(ctx: Context, logger: Logger, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const refusal =
      error instanceof SignInRefusal
        ? { status: statusByReason[error.reason], detail: error.detail, reason: error.reason as string }
        : isClientProblem(error)
          ? { status: error.status, detail: error.detail, reason: 'invalid-link', errors: error.errors }
          : undefined;
    if (!refusal) throw error;
    logger.warn(
      {
        requestId: ctx.state.requestId,
        provider: ctx.params.provider,
        reason: refusal.reason,
        status: refusal.status,
      },
      'oidc sign-in refused',
    );
    if (ctx.accepts('html', 'application/problem+json', 'json') === 'html') {
      sendRefusalPage(ctx, refusal.status, refusal.detail);
      return;
    }
    ctx.status = refusal.status;
    ctx.type = problemContentType;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      type: `urn:careloop:problem:sign-in-${refusal.reason}`,
      title: 'Not signed in',
      status: refusal.status,
      detail: refusal.detail,
      instance: ctx.path,
      reason: refusal.reason,
      ...('errors' in refusal && refusal.errors ? { errors: refusal.errors } : {}),
      ...(ctx.state.requestId ? { requestId: ctx.state.requestId } : {}),
    };
  }
}

function isClientProblem(error: unknown): error is ProblemError {
  return error instanceof ProblemError && error.status < 500;
}
