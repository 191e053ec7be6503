import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Models } from '../models/index.js';
import { httpProblem } from '../problem.js';

/** What a replay gives back: the first answer's status and body. */
export interface IdempotentReply<Body> {
  status: number;
  body: Body;
}

/** How long a finished answer is replayed for. */
const replayForMs = 24 * 60 * 60 * 1000;
/** A `pending` record older than this belongs to a request that died half-way: the key is free again. */
const abandonedAfterMs = 2 * 60 * 1000;
/** How long a concurrent retry waits for the first request to finish before answering 409. */
const defaultWaitMs = 5000;
const pollIntervalMs = 25;

/**
 * `Idempotency-Key` for requests that create something: the first request with a key does the work and
 * its answer is kept for 24 hours; a retry with the same key and body gets that answer back and never
 * does the work twice, even when the retries arrive at once on several instances.
 *
 * The key's hash is the record's `_id`, so inserting the `pending` record is the lock: exactly one
 * request wins it, the others wait for `done`. The kept answer (which holds a story's author key) is
 * encrypted with a key derived from the idempotency key, which is itself never stored: the store alone
 * cannot reveal it.
 */
export class IdempotencyStore {
  private readonly records: Models['idempotencyRecords'];
  private readonly waitMs: number;

  constructor(deps: { models: Models; waitMs?: number }) {
    this.records = deps.models.idempotencyRecords;
    this.waitMs = deps.waitMs ?? defaultWaitMs;
  }

  /**
   * Runs `operation` once per (`scope`, `key`) and request body; retries get its answer with
   * `replayed: true`. If the operation throws, nothing is kept and the key can be used again.
   * @throws 422 when the key was used with another body; 409 when the first request is still running.
   */
  async run<Body>(
    scope: string,
    key: string,
    requestBody: unknown,
    operation: () => Promise<IdempotentReply<Body>>,
  ): Promise<IdempotentReply<Body> & { replayed: boolean }> {
    const _id = idempotencyRecordId(scope, key);
    const requestHash = requestBodyHash(requestBody);
    const deadline = Date.now() + this.waitMs;

    for (;;) {
      if (await this.claim(_id, requestHash)) break;
      const existing = await this.records.findById(_id).lean();
      if (!existing || existing.expiresAt.getTime() <= Date.now()) {
        // Released by a failed first request, or expired (the TTL monitor has not swept it yet; an
        // expired `pending` record is a request that died half-way): the key is free, claim it again.
        await this.records.deleteOne({ _id, expiresAt: { $lte: new Date() } });
        if (Date.now() < deadline) continue;
        throw stillProcessing();
      }
      if (existing.requestHash !== requestHash) {
        throw httpProblem(422, {
          title: 'Idempotency key reused',
          detail: 'This Idempotency-Key was already used with a different request body.',
        });
      }
      if (existing.state === 'done') {
        return {
          status: existing.status ?? 200,
          body: unseal(key, existing.body) as Body,
          replayed: true,
        };
      }
      if (Date.now() >= deadline) throw stillProcessing();
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }

    let reply: IdempotentReply<Body>;
    try {
      reply = await operation();
    } catch (error) {
      await this.records.deleteOne({ _id, state: 'pending' });
      throw error;
    }
    await this.records.updateOne(
      { _id },
      {
        $set: {
          state: 'done',
          status: reply.status,
          body: seal(key, reply.body),
          expiresAt: new Date(Date.now() + replayForMs),
        },
      },
    );
    return { ...reply, replayed: false };
  }

  /** Inserts the `pending` record; false when another request holds the key. */
  private async claim(_id: string, requestHash: string): Promise<boolean> {
    try {
      await this.records.create({
        _id,
        requestHash,
        state: 'pending',
        expiresAt: new Date(Date.now() + abandonedAfterMs),
      });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }
}

function stillProcessing() {
  return httpProblem(409, {
    title: 'Still being processed',
    detail: 'A request with this Idempotency-Key is still being processed. Retry in a few seconds.',
    headers: { 'Retry-After': '2' },
  });
}

/** The record's `_id`: a hash, so the key itself (which unseals the kept answer) is never stored. */
export function idempotencyRecordId(scope: string, key: string): string {
  return createHash('sha256').update(`${scope}\u0000${key}`).digest('hex');
}

/** The hash a retry's body must match: of its canonical JSON. */
export function requestBodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` count as the same request body. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function sealingKey(idempotencyKey: string): Buffer {
  return createHmac('sha256', idempotencyKey).update('careloop idempotent reply').digest();
}

/** AES-256-GCM, as `iv.tag.ciphertext` in base64url. */
function seal(idempotencyKey: string, body: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

function unseal(idempotencyKey: string, sealed: unknown): unknown {
  const [iv, tag, ciphertext] = String(sealed)
    .split('.')
    .map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext) throw new Error('a kept idempotent reply is malformed');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  decipher.setAuthTag(tag);
  return JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8'));
}
