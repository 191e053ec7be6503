import { Schema } from 'mongoose';

/**
 * What a document created by a request with an `Idempotency-Key` carries, written in the same insert as
 * the document itself: the document existing *is* the key being used, so no crash can keep one and lose
 * the other, and a retry finds the document by `keyHash` and is answered with the first answer. A sweep
 * removes the stamp after 24 hours (see IdempotencySweeper).
 */
export const idempotencyStampSchema = new Schema(
  {
    /** SHA-256 of the route and key: never the key itself, which unseals `receipt`. */
    keyHash: { type: String, required: true },
    /** HMAC of the request body keyed by the idempotency key: the same key with another body is a 422. */
    requestHash: { type: String, required: true },
    /** The first answer's body, encrypted with a key derived from the idempotency key. */
    receipt: { type: String, required: true },
    /** Until when a retry is answered with `receipt`; after that the sweep takes the stamp off. */
    replayUntil: { type: Date, required: true },
  },
  { _id: false },
);

export interface IdempotencyStamp {
  keyHash: string;
  requestHash: string;
  receipt: string;
  replayUntil: Date;
}

/**
 * The two indexes every collection with stamps needs: the unique one on the key decides, when two
 * requests with the same key race (on one instance or several), which one's document is kept; the
 * other serves the sweep. Both are sparse, so documents created without a key are in neither.
 */
export function indexIdempotencyStamps(schema: Schema): void {
  // A retry's look-up by key, and exactly one document per key.
  schema.index({ 'idempotency.keyHash': 1 }, { unique: true, sparse: true });
  // The sweep: stamps past `replayUntil`.
  schema.index({ 'idempotency.replayUntil': 1 }, { sparse: true });
}
