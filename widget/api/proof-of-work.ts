/**
 * The proof of work a busy address is asked for before the service takes one more story (see
 * docs/decisions/2026-12-06-rate-limits.md): find a solution such that SHA-256(`challenge:solution`)
 * starts with `difficulty` zero bits. A few tens of thousands of hashes: done here in plain
 * JavaScript (WebCrypto is missing on plain-http pages, and one await per hash would be slow), a
 * batch at a time so the page stays responsive.
 */

/** What a 429 from a busy address carries as its `proofOfWork` member. */
export interface ProofOfWorkChallenge {
  challenge: string;
  difficulty: number;
}

/** Solves the challenge: resolves with the `Careloop-Proof-Of-Work` header's value. */
export async function solveProofOfWork({ challenge, difficulty }: ProofOfWorkChallenge): Promise<string> {
  for (let solution = 0; ; solution += 1) {
    const proof = `${challenge}:${solution.toString(36)}`;
    if (Math.clz32(sha256FirstWord(proof)) >= difficulty) return proof;
    // Let the page paint and answer the user between batches.
    if (solution % 4096 === 4095) await new Promise((resolve) => setTimeout(resolve));
  }
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
/** The first 32 bits of the fractional parts of the square (H) and cube (K) roots of the first primes. */
const H: number[] = [];
const K: number[] = [];
for (let n = 2; K.length < 64; n += 1) {
  let prime = true;
  for (let d = 2; d * d <= n; d += 1) if (n % d === 0) prime = false;
  if (!prime) continue;
  const fraction = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  if (H.length < 8) H.push(fraction(Math.sqrt(n)));
  K.push(fraction(Math.cbrt(n)));
}

/** The first 32-bit word of SHA-256(`text`): all a difficulty of up to 32 bits needs. */
export function sha256FirstWord(text: string): number {
  const data = new TextEncoder().encode(text);
  const blocks = Math.ceil((data.length + 9) / 64);
  const words = new Uint32Array(blocks * 16);
  data.forEach((byte, i) => (words[i >> 2]! |= byte << (24 - (i % 4) * 8)));
  words[data.length >> 2]! |= 0x80 << (24 - (data.length % 4) * 8);
  words[blocks * 16 - 1] = data.length * 8;
  const hash = H.slice();
  const w = new Uint32Array(64);
  for (let block = 0; block < blocks; block += 1) {
    for (let t = 0; t < 64; t += 1) {
      if (t < 16) {
        w[t] = words[block * 16 + t]!;
        continue;
      }
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      w[t] =
        (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) +
        w[t - 7]! +
        (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) +
        w[t - 16]!;
    }
    let [a, b, c, d, e, f, g, h] = hash as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t += 1) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, h].forEach((value, i) => (hash[i] = (hash[i]! + value) | 0));
  }
  return hash[0]! >>> 0;
}
