import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { flagSchema, moderationEntrySchema } from './moderation-entry.js';
import { idempotencyStampSchema, indexIdempotencyStamps } from './idempotency-stamp.js';
import { pendingEventSchema } from './pending-event.js';

export const changeMarkers = ['planned', 'made'] as const;
/**
 * Why a response is kept from the public: `queued` waits for a moderator (a new responder's first
 * responses, or a responder put on moderation); `rejected` a moderator turned it down. Null (or absent,
 * on responses from before responder moderation): it is public unless deleted or hidden.
 */
export const withheldStates = ['queued', 'rejected'] as const;

/**
 * A public response to a story by staff or a stakeholder in scope. It is published at once, or after a
 * moderator approves it when its responder is under moderation (services/responder-moderation.ts); its author
 * may edit or delete it until `editableUntil` (30 minutes); a moderator may hide it (with a reason).
 */
const responseSchema = new Schema(
  {
    storyId: { type: Schema.Types.ObjectId, required: true, ref: 'Story' },
    /** The story's services, copied (and kept in step when a moderator changes them), for the activity feeds. */
    services: { type: [String], default: [] },
    body: { type: String, required: true, personal: true },
    /** The response says a change is planned, or made, because of the story. */
    change: { type: String, enum: changeMarkers, default: null },
    /** Who responded, as the public sees them, frozen at the time of responding. */
    responder: {
      userId: { type: Schema.Types.ObjectId, required: true, ref: 'User', personal: true },
      name: { type: String, required: true, personal: true },
      jobTitle: { type: String, personal: true },
      role: { type: String, required: true },
      /** The service (of the story's, or above it) the responder speaks for. */
      organisation: { id: { type: String, required: true }, name: { type: String, required: true } },
    },
    editableUntil: { type: Date, required: true },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    hiddenAt: { type: Date, default: null },
    hiddenReason: { type: String },
    /** Set while it is kept from the public (see `withheldStates`); every public read asks for null. */
    withheld: { type: String, enum: [...withheldStates, null], default: null },
    /** When a moderator approved it out of the queue: responses that went through moderation count it. */
    approvedAt: { type: Date, default: null },
    /** The moderator's message to the responder when they reject it. */
    rejectedReason: { type: String },
    /** Likely identifying details and staff named critically, for the moderator (services/pii-flags.ts). */
    flags: { type: [flagSchema], default: [] },
    /** Readers who found it helpful (one per reader token: reader_signals). */
    helpfulCount: { type: Number, default: 0 },
    moderation: { type: [moderationEntrySchema], default: [] },
    pendingEvents: { type: [pendingEventSchema], default: [] },
    /** Set when it was sent with an Idempotency-Key, for 24 hours: a retry is answered from it. */
    idempotency: { type: idempotencyStampSchema, default: undefined },
  },
  { timestamps: true, collection: 'responses', versionKey: false },
);
// Activity feeds: the newest responses about a service subtree, read in order (`_id` breaks ties), a
// page at a time.
responseSchema.index({ services: 1, createdAt: -1, _id: -1 });
// A story's thread, in time order.
responseSchema.index({ storyId: 1, createdAt: 1 });
// The notifier's work list.
responseSchema.index({ 'pendingEvents.type': 1 });
// The moderation queue: queued responses, oldest first.
responseSchema.index({ withheld: 1, createdAt: 1, _id: 1 });
// Whether a responder is still new: their approved and directly published responses.
responseSchema.index({ 'responder.userId': 1, approvedAt: 1 });
// The feeds' change stamp (the newest updatedAt) and WebSub's "changed since" look.
responseSchema.index({ updatedAt: -1 });
indexIdempotencyStamps(responseSchema);

export type Response = InferSchemaType<typeof responseSchema>;

export function responseModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.Response) connection.deleteModel('Response');
  return connection.model('Response', responseSchema);
}
