import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters for new hashes: N=2^15, r=8, p=1 needs 32 MiB and ~100 ms per hash, which makes
 * guessing from a leaked hash expensive. They are stored in each hash, so raising them later keeps
 * old hashes working.
 */
const current = { N: 2 ** 15, r: 8, p: 1 };
const saltBytes = 16;
const keyBytes = 32;

/** Parameters read back from a stored hash are bounded, so a corrupt record cannot pin the CPU. */
const maxN = 2 ** 20;
const maxR = 32;
const maxP = 16;

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash base64url). Uses the asynchronous
 * scrypt (libuv's thread pool), so signing in never blocks the event loop.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await deriveKey(password, salt, current);
  return [
    'scrypt',
    current.N,
    current.r,
    current.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** True when `password` matches `encoded`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await deriveKey(password, parsed.salt, parsed, parsed.hash.length);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

function deriveKey(
  password: string,
  salt: Buffer,
  { N, r, p }: ScryptParameters,
  length = keyBytes,
): Promise<Buffer> {
  // Node refuses by default anything needing more than 32 MiB; scrypt needs 128·N·r bytes plus a margin.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function parseHash(encoded: string): (ScryptParameters & { salt: Buffer; hash: Buffer }) | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN));
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > maxN || !(r >= 1 && r <= maxR) || !(p >= 1 && p <= maxP)) return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { N, r, p, salt, hash };
}
