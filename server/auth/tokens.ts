import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in every bearer token: 256 bits, far beyond guessing. */
const tokenBytes = 32;

/**
 * A new bearer secret: `prefix` (`cls_` for sessions, `cla_` for author keys, `clk_` for partners' API
 * keys, see principal.ts) and 32 random bytes in base64url, so the kind of a token is known without a
 * lookup.
 */
export function newToken(prefix: string): string {
  return prefix + randomBytes(tokenBytes).toString('base64url');
}

/**
 * What is stored instead of a token: SHA-256, hex. Tokens carry 256 random bits, so a plain fast hash
 * is enough (no salt or KDF needed), and a leaked database signs nobody in.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token of the given prefix as `newToken` makes it (43 base64url characters after the prefix). */
export function isWellFormedToken(token: string, prefix: string): boolean {
  return token.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(prefix.length));
}

/**
 * Whether `given` is the stored token hash `stored`, compared in constant time so that response timing
 * says nothing about how close a guess was (an author key against its story's hash).
 */
export function sameTokenHash(stored: string, given: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
