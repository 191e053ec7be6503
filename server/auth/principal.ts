import type { ApiKeyScope } from '../models/api-key.js';
import type { Role } from '../models/roles.js';

/** A signed-in account as the rest of the service sees it (never its password hash or email). */
export interface SignedInUser {
  id: string;
  role: Role;
  name: string;
  jobTitle?: string;
  /** Staff and stakeholders: the roots of the service subtrees they act for. */
  services: string[];
  /** Stakeholders (e.g. an MP's office): the UK Parliament constituency they act for. */
  constituency?: string;
}

/** A partner's API key as the rest of the service sees it (never its hash). */
export interface PartnerKey {
  id: string;
  name: string;
  /** The service whose subtree the key reads. */
  board: string;
  scopes: ApiKeyScope[];
  requestsPerMinute: number;
}

/**
 * Who is making a request: nobody, a signed-in account (bearer session token), someone holding an
 * author key (bearer `cla_…`), which opens only the one story whose `authorKeyHash` it matches: the
 * story routes check that; or a partner's API key (bearer `clk_…`), which only reads the stories of
 * its board, on the routes that say they take one.
 */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      user: SignedInUser;
      sessionId: string;
      /** Must set up two-step sign-in first: only the routes that do it (and sign-out) answer. */
      enrolmentOnly?: true;
    }
  | { kind: 'authorKey'; keyHash: string }
  | { kind: 'apiKey'; key: PartnerKey };

/** Bearer token prefixes, so a token's kind is known without a lookup. */
export const sessionTokenPrefix = 'cls_';
export const authorKeyPrefix = 'cla_';
/** A partner's read-only API key, created by an admin (services/api-keys.ts). */
export const apiKeyPrefix = 'clk_';
/** A sign-in challenge: the password was right and a second factor is awaited. Never a bearer token. */
export const signInChallengePrefix = 'clc_';
