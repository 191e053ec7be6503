import { Schema } from 'mongoose';

/**
 * Something that happened to a document and still has to be told to people (an alert, an email to the
 * author). It is pushed onto the changed document in the same atomic update as the change itself, so
 * a crash can never keep the change and lose the news (the store has no multi-document transactions).
 * The notifier turns events into outbox messages (each with a unique dedupe key, so doing it twice
 * sends nothing twice) and only then pulls them off.
 */
/**
 * Every event type careloop pushes: a story's new status (on submission, each moderation decision and
 * the author's withdrawal), a story `erased`, a response `created` or its change marker `changed`, a
 * reply `published` (also a story status), a subscription to `confirm`. The notifier asks for these by name, which an index serves; a new kind of event must be
 * added here, or the notifier will not see it (the schema refuses an unlisted type on create).
 */
export const pendingEventTypes = [
  'submitted',
  'held',
  'published',
  'rejected',
  'withdrawn',
  'created',
  'changed',
  'erased',
  'confirm',
  // Provider preview: opened (responders alerted, author told), and a responder asked for a review.
  'preview',
  'review-requested',
];

export const pendingEventSchema = new Schema(
  {
    type: { type: String, required: true, enum: pendingEventTypes },
    at: { type: Date, required: true },
    /** What the event is about when it is not the document itself (e.g. a response id). */
    ref: { type: String },
  },
  { _id: false },
);
