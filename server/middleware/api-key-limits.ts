import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';
import { httpProblem } from '../http/problem.js';
import type { LimitState } from '../services/rate-limiter.js';
import type { Services } from '../services/index.js';

/** The quota policy's name in the `RateLimit-Policy` and `RateLimit` fields. */
const policyName = 'api-key';

/**
 * Counts every request made with a partner's API key against the key's own limit (per sliding minute,
 * in the store, so all instances share it) and says where the key stands, as the IETF RateLimit header
 * fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "api-key";q=600;w=60` and
 * `RateLimit: "api-key";r=<left>;t=<seconds>`. Past the limit: 429 problem+json with `Retry-After`.
 * Requests without a key pass untouched. Mount it right after authentication.
 */
export function limitApiKeyRequests(options: { services: Pick<Services, 'apiKeys'> }): Middleware<AppState> {
  const { apiKeys } = options.services;
  return async function limitApiKeyRequests(ctx, next) {
    const { principal } = ctx.state;
    if (principal.kind !== 'apiKey') return next();
    const state = await apiKeys.countRequest(principal.key);
    const headers = rateLimitFields(principal.key.requestsPerMinute, state);
    if (!state.allowed) {
      throw httpProblem(429, {
        detail: `This API key may make ${principal.key.requestsPerMinute} requests a minute: wait ${state.retryAfterSeconds} seconds.`,
        headers: { ...headers, 'Retry-After': String(state.retryAfterSeconds) },
      });
    }
    ctx.set(headers);
    return next();
  };
}

function rateLimitFields(limit: number, state: LimitState): Record<string, string> {
  const remaining = Math.max(0, limit - state.count);
  const reset = remaining === 0 ? state.retryAfterSeconds : state.resetSeconds;
  return {
    'RateLimit-Policy': `"${policyName}";q=${limit};w=60`,
    RateLimit: `"${policyName}";r=${remaining};t=${reset}`,
  };
}
