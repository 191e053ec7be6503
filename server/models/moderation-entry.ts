import { Schema } from 'mongoose';

/** A likely identifying detail found in a story or reply, with where it is, for the moderator to review. */
export const flagSchema = new Schema(
  {
    field: { type: String, required: true, enum: ['title', 'body'] },
    kind: { type: String, required: true },
    start: { type: Number, required: true },
    end: { type: Number, required: true },
    text: { type: String, required: true, personal: true },
  },
  { _id: false },
);

/** One moderation action: who, when, what, and every field it changed (with the original kept). */
export const moderationEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: {
      id: { type: String, required: true, personal: true },
      name: { type: String, required: true, personal: true },
    },
    action: {
      type: String,
      required: true,
      enum: [
        'publish',
        'reject',
        'hold',
        'complaint-hold',
        'complaint-release',
        // Provider preview (services/story-preview.ts): opened by a moderator's publish, a responder's
        // request for review, and publication when the window closed.
        'preview',
        'review-request',
        'preview-publish',
        'edit',
        'withdrawn',
        'hide',
        'erase',
      ],
    },
    reason: { type: String },
    changes: {
      type: [
        {
          field: { type: String, required: true },
          /** An edit keeps the original text, which may hold what the moderator took out. */
          from: { type: Schema.Types.Mixed, personal: true },
          to: { type: Schema.Types.Mixed, personal: true },
          _id: false,
        },
      ],
      default: [],
    },
  },
  { _id: false },
);
