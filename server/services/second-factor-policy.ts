import type { UserRecord } from '../mappers/user.js';

/** What a session may do short of everything (see the session model). */
export type SessionStage = 'second-factor' | 'enrolment';

/** How long the code may take to arrive after the password: long enough to find the phone. */
export const challengeLifetimeMs = 5 * 60 * 1000;

/**
 * What a right password earns a local account: a challenge when two-step sign-in is on; an
 * enrolment-only session when its role must use it (CARELOOP_TOTP_REQUIRED_ROLES) and it is not on yet;
 * otherwise (undefined) a full session.
 */
export function sessionStageAfterPassword(
  user: Pick<UserRecord, 'role' | 'totp'>,
  requiredRoles: readonly string[],
): SessionStage | undefined {
  if (user.totp?.enabledAt) return 'second-factor';
  if (requiredRoles.includes(user.role)) return 'enrolment';
  return undefined;
}
