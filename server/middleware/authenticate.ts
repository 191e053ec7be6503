import type { Middleware } from 'koa';
import type { AppState } from '../http/app-state.js';
import { apiKeyPrefix, authorKeyPrefix, sessionTokenPrefix } from '../auth/principal.js';
import { hashToken, isWellFormedToken } from '../auth/tokens.js';
import { httpProblem } from '../http/problem.js';
import type { KeyRefusal } from '../services/api-keys.js';
import type { Services } from '../services/index.js';

/** What a partner is told about a key that is well formed but refused. */
const keyRefusals: Record<KeyRefusal, string> = {
  unknown: 'This API key is not known: check it was copied whole, or ask the board for a new one.',
  revoked: 'This API key was revoked: ask the board for a new one.',
  expired: 'This API key has expired: ask the board for a new one.',
};

/**
 * Sets `ctx.state.principal` for every request below it. No Authorization header: anonymous. A session
 * token (`Bearer cls_…`) must name a live session of an enabled account. An author key (`Bearer cla_…`)
 * is passed on as its hash: the story routes compare it with the story's. A partner's API key
 * (`Bearer clk_…`) must be known, unrevoked and unexpired, looked up on every request so a revocation
 * holds at once on every instance. Anything else is a 401, never a silent fall-back to anonymous, so a
 * client with a broken token finds out.
 */
export function authenticate(options: {
  services: Pick<Services, 'accounts' | 'apiKeys'>;
}): Middleware<AppState> {
  const { accounts, apiKeys } = options.services;
  return async function authenticate(ctx, next) {
    const header = ctx.headers.authorization;
    if (header === undefined) {
      ctx.state.principal = { kind: 'anonymous' };
      return next();
    }
    const token = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (token !== undefined && isWellFormedToken(token, sessionTokenPrefix)) {
      const session = await accounts.sessionForToken(token);
      if (!session) throw invalidToken('The session has expired or was ended: sign in again.');
      ctx.state.principal = {
        kind: 'user',
        user: session.user,
        sessionId: session.sessionId,
        ...(session.enrolmentOnly ? { enrolmentOnly: true as const } : {}),
      };
      return next();
    }
    if (token !== undefined && isWellFormedToken(token, authorKeyPrefix)) {
      ctx.state.principal = { kind: 'authorKey', keyHash: hashToken(token) };
      return next();
    }
    if (token !== undefined && isWellFormedToken(token, apiKeyPrefix)) {
      const key = await apiKeys.authenticate(token);
      if (typeof key === 'string') throw invalidToken(keyRefusals[key]);
      ctx.state.principal = { kind: 'apiKey', key };
      return next();
    }
    throw invalidToken(
      'The Authorization header must be "Bearer" and a careloop session token, author key or API key.',
    );
  };
}

function invalidToken(detail: string) {
  return httpProblem(401, {
    detail,
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}
