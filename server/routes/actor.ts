import type { Principal } from '../auth/principal.js';
import type { Actor } from '../services/accounts.js';

/** The signed-in account making a request, as the services record who changed an account. */
export function actorOf(
  principal: Extract<Principal, { kind: 'user' }>,
): Extract<Actor, { kind: 'user' }> & { name: string } {
  return {
    kind: 'user',
    userId: principal.user.id,
    sessionId: principal.sessionId,
    name: principal.user.name,
  };
}
