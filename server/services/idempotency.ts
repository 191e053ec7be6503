import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { IdempotencyStamp } from '../models/idempotency-stamp.js';
import { DomainError } from '../domain/errors.js';

/** How long a retry is answered with the first answer (the sweep takes the stamp off after that). */
export const replayForMs = 24 * 60 * 60 * 1000;

/** A request that creates something, as far as its `Idempotency-Key` is concerned. */
export interface IdempotentRequest {
  /** What the key is scoped to: the route, and whatever else makes two users' keys different. */
  scope: string;
  /** The `Idempotency-Key` header; undefined when the client sent none. */
  key: string | undefined;
  /** The parsed request body: a retry must send the same one. */
  body: unknown;
}

export interface CreateOnce<Receipt> {
  /** The stamp of the document already created with this key hash, if there is one. */
  findStamp: (keyHash: string) => Promise<IdempotencyStamp | null | undefined>;
  /**
   * Does the work and answers its receipt. The document it inserts must carry `stamp(receipt)` as its
   * `idempotency`, in the same insert (undefined when the request has no key).
   */
  create: (stamp: (receipt: Receipt) => IdempotencyStamp | undefined) => Promise<Receipt>;
}

/**
 * `Idempotency-Key` for requests that create something: the first request with a key does the work; a
 * retry with the same key and body gets the first answer (`replayed: true`) for 24 hours and never does
 * the work twice — after a crash at any moment, and when the retries arrive at once on several
 * instances.
 *
 * The key is written *on the created document*, in the insert that creates it, under a unique index:
 * the document and the key's use are one fact. A request that died half-way left either nothing (a
 * retry does the work) or the document (a retry is answered from it) — no lease, no second write, no
 * multi-document transaction. Two requests with one key that race both do the work up to the insert;
 * the unique index keeps one document and the other request answers with its receipt.
 *
 * The kept answer (which may hold a story's author key) is encrypted with a key derived from the
 * idempotency key, which is itself never stored: the store alone cannot reveal it.
 * @throws `key-reused` when the key was used with another body; whatever `create` throws when there is no
 *   document with the key.
 */
export async function createOnce<Receipt>(
  request: IdempotentRequest,
  { findStamp, create }: CreateOnce<Receipt>,
): Promise<{ receipt: Receipt; replayed: boolean }> {
  const { key } = request;
  if (key === undefined) return { receipt: await create(() => undefined), replayed: false };
  const keyHash = idempotencyKeyHash(request.scope, key);
  const requestHash = requestBodyHash(key, request.body);
  const replay = (stamp: IdempotencyStamp) => {
    if (stamp.requestHash !== requestHash) {
      throw DomainError.keyReused('This Idempotency-Key was already used with a different request body.');
    }
    return { receipt: unseal(key, stamp.receipt) as Receipt, replayed: true };
  };

  const kept = await findStamp(keyHash);
  if (kept) return replay(kept);
  try {
    const receipt = await create((answer) => ({
      keyHash,
      requestHash,
      receipt: seal(key, answer),
      replayUntil: new Date(Date.now() + replayForMs),
    }));
    return { receipt, replayed: false };
  } catch (error) {
    // A request with the same key got there first: its insert won the unique index (our insert failed
    // with a duplicate key), or it used up something ours then ran out of (the hourly limit). Answer
    // with its receipt, as if this retry had come a moment later.
    const winner = await findStamp(keyHash).catch(() => undefined);
    if (winner) return replay(winner);
    throw error;
  }
}

/** A stamp's `keyHash`: a hash, so the key itself (which unseals the kept answer) is never stored. */
export function idempotencyKeyHash(scope: string, key: string): string {
  return createHash('sha256').update(`${scope}\u0000${key}`).digest('hex');
}

/**
 * The hash a retry's body must match: an HMAC of its canonical JSON keyed by the idempotency key, so a
 * story's public text cannot be used to guess its private fields (email, postcode) from the store.
 */
export function requestBodyHash(key: string, body: unknown): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
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

function unseal(idempotencyKey: string, sealed: string): unknown {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext) throw new Error('a kept idempotent reply is malformed');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  decipher.setAuthTag(tag);
  return JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8'));
}

/** A model whose documents may carry an `idempotency` stamp (stories, replies, responses). */
interface StampedModel {
  findOne(
    filter: Record<string, unknown>,
    projection: Record<string, unknown>,
  ): { lean<Found>(): PromiseLike<Found | null> };
}

/** The stamp of the document in `model` created with this key hash, if there is one. */
export async function findStamp(model: StampedModel, keyHash: string): Promise<IdempotencyStamp | undefined> {
  const found = await model
    .findOne({ 'idempotency.keyHash': keyHash }, { idempotency: 1 })
    .lean<{ idempotency?: IdempotencyStamp | null }>();
  return found?.idempotency ?? undefined;
}
