import type { Middleware, ParameterizedContext } from 'koa';
import type { AppState } from '../http/app-state.js';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import type { Logger } from '../platform/log.js';
import { ProblemError, problemContentType, reasonPhrase, type ProblemDetails } from '../http/problem.js';
import { requestIdHeader } from './request-id.js';
import { applySecurityHeaders } from './security-headers.js';

/** Headers set before a failure that still hold for its problem answer (see limitApiKeyRequests). */
const keptOnFailure = new Set(['ratelimit', 'ratelimit-policy']);

const internalErrorDetail =
  'Something went wrong on our side. If it keeps happening, tell us the request id.';

/**
 * Mounted first: turns every error, and every error status left without a body (unknown routes,
 * 405 from the router), into an RFC 9457 problem+json reply. 5xx replies never expose internals; the
 * error is logged once, with the request id the client also receives.
 */
export function handleErrors(options: { logger: Logger }): Middleware<AppState> {
  const { logger } = options;
  return async function handleErrors(ctx, next) {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        sendProblem(ctx, new ProblemError(ctx.status, defaultOptions(ctx.status)));
      }
    } catch (error) {
      const problem = toProblemError(error);
      if (problem.status >= 500) {
        // A deliberate 5xx (the store is down) is told by its cause; anything else by itself.
        const told = error instanceof ProblemError && error.cause !== undefined ? error.cause : error;
        logger.error(
          {
            err: told,
            requestId: ctx.state.requestId,
            method: ctx.method,
            path: ctx.path,
            status: problem.status,
          },
          'request failed',
        );
      }
      if (ctx.headerSent || !ctx.writable) return;
      // Headers set on the way to the failure (content type, ETag, caching) describe a reply that will
      // not be sent: start again from the ones every reply carries. Those that describe the client's
      // standing (an API key's rate limit) stay true whatever the answer.
      for (const name of Object.keys(ctx.response.headers)) {
        if (!keptOnFailure.has(name.toLowerCase())) ctx.remove(name);
      }
      if (ctx.state.requestId) ctx.set(requestIdHeader, ctx.state.requestId);
      applySecurityHeaders(ctx);
      sendProblem(ctx, problem);
    }
  };
}

function sendProblem(ctx: ParameterizedContext<AppState>, problem: ProblemError): void {
  const body: ProblemDetails = {
    ...problem.extensions,
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: ctx.path,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(ctx.state.requestId ? { requestId: ctx.state.requestId } : {}),
  };
  ctx.set(problem.headers);
  ctx.status = problem.status;
  ctx.body = body;
  ctx.type = problemContentType;
}

/** Errors thrown on purpose keep their meaning; anything else says no more than its status. */
function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof DomainError) return problemOfDomainError(error);
  const status = httpStatusOf(error);
  const exposed =
    status < 500 && isObject(error) && error.expose === true && typeof error.message === 'string';
  const headers =
    status < 500 && isObject(error) && isStringRecord(error.headers) ? error.headers : undefined;
  return new ProblemError(status, {
    ...defaultOptions(status),
    ...(exposed ? { detail: String(error.message) } : {}),
    ...(headers ? { headers } : {}),
    cause: error,
  });
}

/** The status (and, where it says more than the reason phrase, the title) each domain refusal is sent with. */
const replyByKind: Record<DomainErrorKind, { status: number; title?: string }> = {
  invalid: { status: 400, title: 'Invalid request' },
  unauthenticated: { status: 401 },
  forbidden: { status: 403 },
  'not-found': { status: 404 },
  gone: { status: 410 },
  conflict: { status: 409 },
  'key-reused': { status: 422, title: 'Idempotency key reused' },
  'too-many': { status: 429 },
};

/** A service's refusal as the problem a client reads: its detail, fields and facts unchanged. */
function problemOfDomainError(error: DomainError): ProblemError {
  const { status, title } = replyByKind[error.kind];
  const retryAfter = error.retryAfterSeconds;
  return new ProblemError(status, {
    detail: error.detail,
    ...(title ? { title } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    extensions: error.facts,
    ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
  });
}

function defaultOptions(status: number): { detail: string } {
  if (status === 404) return { detail: 'There is nothing at this address.' };
  if (status === 405) return { detail: 'This address does not accept that method.' };
  if (status >= 500) return { detail: internalErrorDetail };
  return { detail: reasonPhrase(status) };
}

function httpStatusOf(error: unknown): number {
  const status = isObject(error) ? (error.status ?? error.statusCode) : undefined;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : 500;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((item) => typeof item === 'string');
}
