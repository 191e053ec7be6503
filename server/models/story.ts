import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { defaultLanguage, languages } from '../l10n/index.js';
import { flagSchema, moderationEntrySchema } from './moderation-entry.js';
import { idempotencyStampSchema, indexIdempotencyStamps } from './idempotency-stamp.js';
import { pendingEventSchema } from './pending-event.js';
import { demographicsFields } from './demographics.js';

export const authorRoles = [
  'patient',
  'carer',
  'parent-guardian',
  'relative',
  'friend',
  'staff-on-behalf',
] as const;
/** How a story entered for its author by staff or a volunteer reached them (shown with the story). */
export const toldViaChannels = ['paper-form', 'phone-call', 'kiosk', 'in-person'] as const;
/** How the author agreed to it being told for them: on paper (signed), or said aloud. */
export const onBehalfConsents = ['written', 'spoken'] as const;
/**
 * `preview`: published by a moderator but rated serious enough for its board's provider preview; only its
 * moderators, its author and the responders of its services see it until the window ends.
 */
export const storyStatuses = ['submitted', 'held', 'preview', 'published', 'rejected', 'withdrawn'] as const;
export type StoryStatus = (typeof storyStatuses)[number];
/**
 * A story erased at its author's request (services/erasure.ts) keeps its id, services, dates and the
 * bare moderation record, and nothing its author wrote or gave: it is in no answer but a 410.
 */
export const erasedStatus = 'erased';
const storedStoryStatuses = [...storyStatuses, erasedStatus] as const;
export type StoredStoryStatus = (typeof storedStoryStatuses)[number];

/**
 * A patient's or carer's story. Private fields (email, postcode, authorKeyHash, criticality, flags,
 * moderation) never leave the service except through the moderator and author mappers.
 */
const storySchema = new Schema(
  {
    title: { type: String, required: true, personal: true },
    body: { type: String, required: true, personal: true },
    nickname: { type: String, required: true, personal: true },
    authorRole: { type: String, required: true, enum: authorRoles },
    /** Ids of the services the story is about (1–5). */
    services: { type: [String], required: true },
    tags: {
      good: { type: [String], default: [] },
      improve: { type: [String], default: [] },
      feelings: { type: [String], default: [] },
    },
    /** Every tag, lower-cased, for the `tag` filter. */
    tagList: { type: [String], default: [] },
    /** Normalised words of title and body, for the `q` search: every query word must be one of them. */
    searchTerms: { type: [String], default: [] },
    /** Private; erased by the retention job a year after the story's last activity (docs/privacy.md). */
    email: { type: String, personal: true },
    /**
     * The email as compared (trimmed, lower case), so the queue's near-duplicate warning finds the same
     * address however it was typed through an index; erased with `email`.
     */
    emailKey: { type: String, personal: true },
    postcode: { type: String, personal: true },
    /** When it happened, as the author remembers it (`YYYY-MM`, optional): moderators only. */
    happenedIn: { type: String, default: null, personal: true },
    /**
     * The author's optional answers about themselves (special-category data): in no answer but their own
     * personal-data export, counted only in the reports' suppressed breakdowns; erased with the story.
     */
    demographics: demographicsFields,
    /** The language the author told it in: every email to the author is written in it. */
    language: { type: String, enum: languages, default: defaultLanguage },
    /** SHA-256 of the author key; the key itself is shown to the author once and never stored. */
    authorKeyHash: { type: String, required: true },
    status: { type: String, required: true, enum: storedStoryStatuses, default: 'submitted' },
    /**
     * Set while a moderator holds the story because it is linked to a live formal complaint: it cannot be
     * published until released (services/moderation.ts). The reference and note are for moderators only.
     */
    complaint: {
      type: new Schema(
        { reference: { type: String, default: null }, note: { type: String, default: null }, since: Date },
        { _id: false },
      ),
      default: null,
    },
    /**
     * Set when staff or a volunteer entered the story for its author (services/stories.ts,
     * `submitOnBehalf`): how it reached them. Public, so a reader knows it was told on the author's behalf.
     */
    toldVia: { type: String, enum: [...toldViaChannels, null], default: null },
    /**
     * Who entered it and how the author consented: moderators only (and the author's own data). The note
     * may name the author or a relative, so it is erased with the story.
     */
    onBehalf: {
      type: new Schema(
        {
          consent: { type: String, enum: onBehalfConsents, required: true },
          consentNote: { type: String, default: null, personal: true },
          enteredBy: {
            userId: { type: Schema.Types.ObjectId, ref: 'User', personal: true },
            name: { type: String, personal: true },
            role: { type: String },
          },
          enteredAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /**
     * The provider preview it is in, or was last in (services/story-preview.ts): when it opened, when it
     * closes (the story is then published unless a moderator holds it), and a responder's request that a
     * moderator look at it again (for moderators only; the author is told only that it was asked).
     */
    preview: {
      type: new Schema(
        {
          since: { type: Date, required: true },
          until: { type: Date, required: true },
          reviewRequest: {
            type: new Schema(
              {
                at: { type: Date, required: true },
                by: {
                  id: { type: String, required: true, personal: true },
                  name: { type: String, required: true, personal: true },
                },
                // Written by staff about the story, it may quote what identifies someone.
                reason: { type: String, required: true, personal: true },
              },
              { _id: false },
            ),
            default: null,
          },
        },
        { _id: false },
      ),
      default: null,
    },
    /** The moderator's message to the author when a story is held or rejected. */
    statusReason: { type: String },
    publishedAt: { type: Date, default: null },
    withdrawnAt: { type: Date, default: null },
    erasedAt: { type: Date, default: null },
    /** Origin of the board site the story was told on (e.g. `https://www.nhshighland.scot.nhs.uk`). */
    source: { type: String, default: null },
    /** 0 (not critical) … 5 (severely critical): set by moderators, seen by staff only. */
    criticality: { type: Number, min: 0, max: 5, default: null },
    flags: { type: [flagSchema], default: [] },
    moderation: { type: [moderationEntrySchema], default: [] },
    /** Visible responses (not hidden or deleted); `responded` is `responseCount > 0`, for its index. */
    responseCount: { type: Number, default: 0 },
    responded: { type: Boolean, default: false },
    firstResponseAt: { type: Date, default: null },
    /** The strongest change marker among visible responses: made beats planned. */
    change: { type: String, enum: ['planned', 'made'], default: null },
    /**
     * Bumped before every recount of the four fields above; a recount writes only if it is still the
     * latest, so one that read the responses before a newer change can never overwrite its result.
     */
    responseCountsVersion: { type: Number, default: 0 },
    /** When alerts about it were first queued ("heard"), and the organisations whose people got them. */
    alertedAt: { type: Date, default: null },
    alertedOrganisations: { type: [{ id: String, name: String, _id: false }], default: [] },
    /** Readers who said "I have had a similar experience" (one per reader token: reader_signals). */
    meTooCount: { type: Number, default: 0 },
    /** Accounts in scope that opened it (one per account: story_reads holds who). */
    readCount: { type: Number, default: 0 },
    pendingEvents: { type: [pendingEventSchema], default: [] },
    /** Set when it was sent with an Idempotency-Key, for 24 hours: a retry is answered from it. */
    idempotency: { type: idempotencyStampSchema, default: undefined },
  },
  { timestamps: true, collection: 'stories', versionKey: false },
);
// Public lists, newest first, with cursor pagination on (publishedAt, _id).
storySchema.index({ status: 1, publishedAt: -1, _id: -1 });
// Lists and feeds for a service subtree (`services: { $in: subtree ids }`), newest first: with `_id`, the
// pages' tie-breaker, so a page reads its 20 stories in order rather than the subtree's whole history.
storySchema.index({ services: 1, status: 1, publishedAt: -1, _id: -1 });
// The `tag` filter and tag feeds, newest first.
storySchema.index({ tagList: 1, status: 1, publishedAt: -1, _id: -1 });
// The `q` search: `searchTerms: { $all: words }`.
storySchema.index({ searchTerms: 1 });
// The `authorRole` filter.
storySchema.index({ authorRole: 1 });
// The `responded` filter on a service subtree's list (the widget's "with a response" filter).
storySchema.index({ services: 1, responded: 1, status: 1, publishedAt: -1, _id: -1 });
// The notifier's work list.
storySchema.index({ 'pendingEvents.type': 1 });
// The preview sweep: stories in preview whose window has closed.
storySchema.index({ status: 1, 'preview.until': 1 });
// The moderation queue: submitted and held stories, oldest first (`_id` breaks ties, as its pages do).
storySchema.index({ status: 1, createdAt: 1, _id: 1 });
// The queue's near-duplicate warning: other stories from the same email told in the 30 days before.
storySchema.index({ emailKey: 1, createdAt: -1 });
// The feeds' change stamp (the newest updatedAt) and WebSub's "changed since" look.
storySchema.index({ updatedAt: -1 });
indexIdempotencyStamps(storySchema);

export type Story = InferSchemaType<typeof storySchema>;

export function storyModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.Story) connection.deleteModel('Story');
  return connection.model('Story', storySchema);
}
