import type { AppState } from './app-state.js';
import { httpProblem } from './problem.js';
import type { Role } from '../models/roles.js';
import type { SignedInUser } from '../auth/principal.js';

/**
 * The signed-in account making the request, or a 401 problem when nobody is signed in (anonymous, or
 * only an author key) and a 403 when the account's role is not one of `roles` (no roles: any account).
 */
export function requireUser(ctx: { state: Pick<AppState, 'principal'> }, ...roles: Role[]): SignedInUser {
  const { principal } = ctx.state;
  if (principal?.kind !== 'user') {
    throw httpProblem(401, {
      detail: 'Sign in to do this.',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  if (roles.length > 0 && !roles.includes(principal.user.role)) {
    throw httpProblem(403, {
      detail: `Only ${describeRoles(roles)} can do this.`,
    });
  }
  return principal.user;
}

function describeRoles(roles: Role[]): string {
  const plural = roles.map((role) => `${role}s`);
  return plural.length === 1 ? plural[0] : `${plural.slice(0, -1).join(', ')} and ${plural.at(-1)}`;
}
