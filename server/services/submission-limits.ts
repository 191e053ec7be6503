import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { RateLimiter } from './rate-limiter.js';

/** The header a client sends a solved challenge in: `<challenge>:<solution>`. */
export const proofOfWorkHeader = 'Careloop-Proof-Of-Work';

export interface SubmissionLimitSettings {
  /** Stories per address per sliding hour taken without a proof of work (CARELOOP_SUBMISSIONS_PER_HOUR). */
  freePerHour: number;
  /** Stories per address per sliding hour taken at all (CARELOOP_SUBMISSIONS_PER_HOUR_MAX). */
  maxPerHour: number;
}

/** What a `too-many` asking for a proof of work carries (its fact `proofOfWork`). */
export interface ProofOfWorkChallenge {
  challenge: string;
  /** Leading zero bits SHA-256(`<challenge>:<solution>`) must have. */
  difficulty: number;
}

const hourSeconds = 60 * 60;
/** Leading zero bits asked for the first story past the free allowance: about 32,000 hashes (a blink). */
const baseDifficulty = 15;
/** One more bit (twice the work) for every this many stories past the allowance, up to `maxDifficulty`. */
const storiesPerExtraBit = 20;
const maxDifficulty = 22;
const challengeLifetimeMs = 10 * 60 * 1000;

/**
 * How many stories one address may send, shared by every instance (see
 * docs/decisions/2026-12-06-rate-limits.md). Up to `freePerHour` in a sliding hour are simply taken;
 * past that, each story must come with a solved proof-of-work challenge (the widget solves it in the
 * background, a script pays for every story in CPU time), growing harder with the address's volume;
 * past `maxPerHour` nothing more is taken. Only stories taken count.
 */
export class SubmissionLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: SubmissionLimitSettings,
  ) {}

  /**
   * Counts one story from `clientAddress`, or refuses it as `too-many` (with when to retry): past the
   * ceiling, or past the free allowance without a valid, unused proof (the problem then carries a
   * fresh challenge as the fact `proofOfWork`). Answers how to take the count back, for a story that is then
   * not stored after all (only stories taken count).
   */
  async admit(
    clientAddress: string,
    proof: string | undefined,
    now = new Date(),
  ): Promise<{ release(): Promise<void> }> {
    const ceiling = this.rule(this.settings.maxPerHour);
    const hit = await this.limiter.hit(ceiling, clientAddress, now);
    if (!hit.allowed) {
      await hit.release();
      throw DomainError.tooMany(
        'Too many stories from this address in the last hour. Please try again later.',
        hit.retryAfterSeconds,
      );
    }
    if (hit.count <= this.settings.freePerHour) return hit;
    const difficulty = difficultyFor(hit.count - this.settings.freePerHour);
    if (proof !== undefined && (await this.redeem(proof, difficulty, now))) return hit;
    await hit.release();
    const free = await this.limiter.peek(this.rule(this.settings.freePerHour), clientAddress, now);
    throw DomainError.tooMany(
      'Many stories have come from this address in the last hour. To send this one now, solve the proof-of-work challenge (the widget does this for you) and send it again.',
      free.retryAfterSeconds,
      { proofOfWork: await this.challenge(difficulty, now) },
    );
  }

  /** A challenge any instance can check without having stored it: its terms and their signature. */
  async challenge(difficulty: number, now = new Date()): Promise<ProofOfWorkChallenge> {
    const terms = `${difficulty}.${now.getTime() + challengeLifetimeMs}.${randomBytes(12).toString('hex')}`;
    return { challenge: `${terms}.${await this.signatureOf(terms)}`, difficulty };
  }

  /** True when `proof` solves an unexpired challenge of ours at `difficulty` or more, used for the first time. */
  private async redeem(proof: string, difficulty: number, now: Date): Promise<boolean> {
    const match = /^(\d{1,2})\.(\d{1,15})\.([0-9a-f]{24})\.([0-9a-f]{32}):([\x21-\x7e]{1,64})$/.exec(proof);
    if (!match) return false;
    const [, bits, expires, nonce, signature] = match as unknown as [string, string, string, string, string];
    const terms = `${bits}.${expires}.${nonce}`;
    const expected = Buffer.from(await this.signatureOf(terms), 'utf8');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'utf8'))) return false;
    if (Number(bits) < difficulty || Number(expires) < now.getTime()) return false;
    if (leadingZeroBits(proof) < Number(bits)) return false;
    return this.limiter.claimOnce(`proof-of-work:${nonce}`, new Date(Number(expires)));
  }

  private async signatureOf(terms: string): Promise<string> {
    return (await this.limiter.sign(`proof-of-work\u0000${terms}`)).slice(0, 32);
  }

  private rule(limit: number) {
    return { name: 'story-submission', limit, windowSeconds: hourSeconds, keyKind: 'address' } as const;
  }
}

/** The difficulty for the `over`-th story past the free allowance (1 for the first). */
export function difficultyFor(over: number): number {
  return Math.min(maxDifficulty, baseDifficulty + Math.floor((Math.max(1, over) - 1) / storiesPerExtraBit));
}

/** Leading zero bits of SHA-256(`text`). */
export function leadingZeroBits(text: string): number {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** Finds a solution to `challenge` (what the widget does in the browser): the header's value. */
export function solveProofOfWork({ challenge, difficulty }: ProofOfWorkChallenge): string {
  for (let solution = 0; ; solution += 1) {
    const proof = `${challenge}:${solution.toString(36)}`;
    if (leadingZeroBits(proof) >= difficulty) return proof;
  }
}
