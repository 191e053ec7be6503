import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { languages } from '../l10n/index.js';
import { pendingEventSchema } from './pending-event.js';

/**
 * Alerts about a service subtree or a constituency: for a signed-in account, or for any email address
 * (double opt-in: nothing is sent but the confirmation until `confirmedAt`).
 */
const subscriptionSchema = new Schema(
  {
    kind: { type: String, required: true, enum: ['account', 'email'] },
    userId: { type: Schema.Types.ObjectId, ref: 'User', personal: true },
    /** Email subscriptions only; never shown to anyone but admins. */
    email: { type: String, personal: true },
    confirmedAt: { type: Date, default: null },
    /**
     * Unconfirmed email subscriptions: when it is deleted unless confirmed first (the TTL index below);
     * cleared on confirmation, so a confirmed one never expires.
     */
    confirmBy: { type: Date },
    /** SHA-256 of the confirmation token sent in the first email. */
    confirmTokenHash: { type: String },
    /** Exactly one of the two. */
    service: { type: String },
    constituency: { type: String },
    /** Only stories a moderator rated at least this critical (0: every story). */
    minCriticality: { type: Number, min: 0, max: 5, default: 0 },
    mode: { type: String, required: true, enum: ['immediate', 'daily'], default: 'immediate' },
    /**
     * The language its emails and the pages behind their links are written in. Email subscriptions
     * always have one; an account's has one only when asked for, else it follows the account's.
     */
    language: { type: String, enum: languages, default: null },
    /** Created for staff by default (their own services); they may change or delete it. */
    isDefault: { type: Boolean, default: false },
    /** Daily mode: the UTC day (`YYYY-MM-DD`) whose stories the last digest covered. */
    lastDigestDay: { type: String, default: null },
    /** Account subscriptions: a summary report of the scope by email after each week or month (reports). */
    reportFrequency: { type: String, enum: ['weekly', 'monthly'], default: null },
    /** The last period whose report was queued: `2026-W47` (weekly) or `2026-11` (monthly). */
    lastReportPeriod: { type: String, default: null },
    pendingEvents: { type: [pendingEventSchema], default: [] },
  },
  { timestamps: true, collection: 'subscriptions', versionKey: false },
);
// An account's own subscriptions.
subscriptionSchema.index({ userId: 1 });
// Who to alert about a story: subscriptions to its services (and their ancestors) or constituency.
subscriptionSchema.index({ service: 1 });
subscriptionSchema.index({ constituency: 1 });
// One email subscription per address and scope: two requests racing for it cannot make two (each would
// get its own confirmation email and, once confirmed, every alert twice). Also every subscription of
// one address (`kind: 'email', email`): the "your subscriptions" page and subject access.
subscriptionSchema.index(
  { email: 1, service: 1, constituency: 1 },
  { unique: true, partialFilterExpression: { kind: 'email' } },
);
// Unconfirmed email subscriptions expire at `confirmBy` (the TTL monitor; the retention job too).
subscriptionSchema.index({ confirmBy: 1 }, { expireAfterSeconds: 0 });
// Confirmation links.
subscriptionSchema.index({ confirmTokenHash: 1 }, { sparse: true });
// Daily digests.
subscriptionSchema.index({ mode: 1 });
// Scheduled report emails: `reportFrequency: 'weekly' | 'monthly'`.
subscriptionSchema.index({ reportFrequency: 1 });
// The notifier's work list (confirmation emails).
subscriptionSchema.index({ 'pendingEvents.type': 1 });

export type Subscription = InferSchemaType<typeof subscriptionSchema>;

export type SubscriptionModel = ReturnType<typeof subscriptionModel>;

export function subscriptionModel(connection: Connection) {
  if (connection.models.Subscription) connection.deleteModel('Subscription');
  return connection.model('Subscription', subscriptionSchema);
}
