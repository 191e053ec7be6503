import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP as RFC 6238 and every authenticator app expect it: SHA-1, 6 digits, 30-second steps (otplib's
 * defaults, which `otpauth://` URIs without parameters also mean). A code is accepted one step either
 * side of now, for a phone's clock a little off.
 */
export const totpPeriodSeconds = 30;
const toleranceSeconds = totpPeriodSeconds;

/** The issuer an authenticator app shows beside the account. */
const issuer = 'careloop';

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), Base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** What a QR code carries for an authenticator app to add the account. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer, label: accountName, secret });
}

/**
 * The time step `code` is right for (within one step of `now`), or null. Only steps after `afterStep`
 * count, so a code already used (or one older than it) is never taken again.
 */
export async function matchingTotpStep(
  secret: string,
  code: string,
  afterStep: number,
  now: Date = new Date(),
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: toleranceSeconds,
    ...(afterStep > 0 ? { afterTimeStep: afterStep } : {}),
  });
  if (!result.valid) return null;
  // The union with HOTP's result hides TOTP's `timeStep`: it is the current step plus the drift.
  return Math.floor(now.getTime() / 1000 / totpPeriodSeconds) + result.delta;
}

/** Recovery codes handed out at enrolment. */
export const recoveryCodeCount = 10;

/** Crockford's Base32 alphabet, lower-case: no i, l, o or u to misread. */
const recoveryAlphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A recovery code: 16 characters of Crockford's Base32 (80 bits), in groups of four for reading off
 * paper, e.g. `k7mq-2xwd-9hrt-c4pa`.
 */
export function newRecoveryCode(): string {
  const alphabet = recoveryAlphabet;
  const bytes = randomBytes(16);
  const letters = [...bytes].map((byte) => alphabet[byte % 32]!);
  return [0, 4, 8, 12].map((at) => letters.slice(at, at + 4).join('')).join('-');
}

/**
 * What is stored of a recovery code: SHA-256 of its letters (case, spaces and dashes ignored, as people
 * type them). 80 random bits need no salt or slow hash, as with session tokens.
 */
export function hashRecoveryCode(code: string): string {
  const letters = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`recovery\u0000${letters}`, 'utf8').digest('hex');
}
