import { Schema } from 'mongoose';

/**
 * Something that happened to a document and still has to be told to people (an alert, an email to the
 * author). It is pushed onto the changed document in the same atomic update as the change itself, so
 * a crash can never keep the change and lose the news (the store has no multi-document transactions).
 * The notifier turns events into outbox messages (each with a unique dedupe key, so doing it twice
 * sends nothing twice) and only then pulls them off.
 */
export const pendingEventSchema = new Schema(
  {
    type: { type: String, required: true },
    at: { type: Date, required: true },
    /** What the event is about when it is not the document itself (e.g. a response id). */
    ref: { type: String },
  },
  { _id: false },
);
