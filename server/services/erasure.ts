import type { AnyBulkWriteOperation, Types, UpdateQuery } from 'mongoose';
import type { Models } from '../models/index.js';
import { erasedStatus } from '../models/story.js';

/** How much one erasure removed or blanked, for its audit record and the log (never what it was). */
export interface ErasureCounts {
  stories: number;
  replies: number;
  responses: number;
  subscriptions: number;
  outboxMessages: number;
}

/** An outbox message that was removed: enough to find the `.eml` file it may have been written to. */
export interface RemovedMessage {
  dedupeKey: string;
  createdAt?: Date | null;
}

export interface ErasedStories {
  counts: ErasureCounts;
  removedMessages: RemovedMessage[];
}

/** A story as erasure reads it: its id and the address (if any) it carries. */
export interface ErasableStory {
  _id: Types.ObjectId;
  email?: string | null;
  moderation?: ModerationEntryLike[] | null;
  /** Who entered it for its author: kept, but for the note about the author's consent. */
  onBehalf?: Record<string, unknown> | null;
  /** Its day in the reports' rollups, which it leaves with its tags. */
  publishedAt?: Date | null;
}

interface ModerationEntryLike {
  at: Date;
  by: { id: string; name: string };
  action: string;
  reason?: string | null;
  changes?: Array<{ field: string; from?: unknown; to?: unknown }> | null;
}

/**
 * The fields of the moderation record whose values say nothing an author wrote: an erased story keeps
 * these changes whole (what was decided), and only the names of the others (that they were edited).
 */
const recordedFields = new Set(['status', 'services', 'criticality']);

/**
 * A story's contact details and the news that carries its author key: what retention purges after N
 * days and erasure takes first. `$pull` of the `submitted` event: it holds the author key until the
 * author's first email is queued.
 */
export const contactDetailsErasure = {
  $unset: { email: 1, emailKey: 1, postcode: 1 },
  $pull: { pendingEvents: { type: 'submitted' } },
} as const;

/** Erases stories' contact details only (email, postcode, the author key's pending email). */
export async function eraseContactDetails(models: Pick<Models, 'stories'>, ids: Types.ObjectId[]) {
  if (ids.length === 0) return 0;
  const { modifiedCount } = await models.stories.updateMany({ _id: { $in: ids } }, contactDetailsErasure);
  return modifiedCount;
}

/**
 * An address as a filter that matches it however it was typed: stories keep the author's spelling,
 * subscriptions a lower-cased one.
 */
export function sameAddress(address: string): RegExp {
  return new RegExp(`^${address.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
}

/**
 * Erases stories whole, as their author asked: everything the author wrote or gave (title, body,
 * nickname, tags, email, postcode, their replies, the reasons moderators wrote to them, the words in
 * the moderation record) is blanked or removed, and so are the responses' words and the emails about
 * them; what stays is the record that each story existed: its id, services, dates, status `erased` and
 * who decided what, when. The caller then has the store compact (see StoreCompaction) so none of it
 * stays in the store's files, and removes the `.eml` files of `removedMessages`.
 *
 * `addresses` are also the authors' subscriptions and any email to them: they go too.
 */
export async function eraseStories(
  models: Models,
  stories: ErasableStory[],
  addresses: string[],
  by: { id: string; name: string },
  now: Date,
): Promise<ErasedStories> {
  const storyIds = stories.map((story) => story._id);
  const [replyIds, responses] = await Promise.all([
    models.replies.find({ storyId: { $in: storyIds } }, { _id: 1 }).lean(),
    models.responses.find({ storyId: { $in: storyIds } }, { moderation: 1, hiddenAt: 1, withheld: 1 }).lean<
      Array<{
        _id: Types.ObjectId;
        moderation?: ModerationEntryLike[];
        hiddenAt?: Date | null;
        withheld?: string | null;
      }>
    >(),
  ]);

  // The emails first: a message still pending must not go out about a story that is being erased.
  const removedMessages = await removeMessages(models, {
    storyIds: storyIds.map(String),
    threadIds: [...replyIds, ...responses].map((entry) => String(entry._id)),
    addresses,
  });

  // Webhook deliveries carry the story's public words until sent (and after): they go too. Receivers
  // are then told `story.erased` (the event below), with the story's id alone.
  await models.webhookDeliveries.deleteMany({
    about: { $in: [...storyIds.map(String), ...responses.map((response) => String(response._id))] },
  });
  const { deletedCount: replies } = await models.replies.deleteMany({ storyId: { $in: storyIds } });
  // One write for all the responses and one for all the stories: an author of many stories is not a
  // round trip (and a journal fsync) per story.
  await updateEach(models.responses, responses, (response) => ({
    // The responder, the dates and the change marker stay for the record (and the reports).
    $set: {
      body: '',
      hiddenAt: response.hiddenAt ?? now,
      moderation: (response.moderation ?? []).map(recordOnly),
      pendingEvents: [],
      // Flags quote the body; a queued response leaves the queue with its story.
      flags: [],
      ...(response.withheld === 'queued' ? { withheld: 'rejected' } : {}),
    },
    $unset: { hiddenReason: 1, rejectedReason: 1, idempotency: 1 },
  }));
  await updateEach(models.stories, stories, (story) => ({
    $set: {
      title: '',
      body: '',
      nickname: '',
      tags: { good: [], improve: [], feelings: [] },
      tagList: [],
      searchTerms: [],
      flags: [],
      status: erasedStatus,
      erasedAt: now,
      // Every other news is dropped (no email about an erased story); webhooks are told it was erased.
      pendingEvents: [{ type: 'erased', at: now }],
      responseCount: 0,
      responded: false,
      change: null,
      moderation: [
        ...(story.moderation ?? []).map(recordOnly),
        { at: now, by, action: 'erase', changes: [] },
      ],
      // How it was told and agreed to stays for the record; the note about the consent may name people.
      onBehalf: story.onBehalf ? { ...story.onBehalf, consentNote: null } : null,
    },
    $unset: {
      email: 1,
      emailKey: 1,
      postcode: 1,
      statusReason: 1,
      idempotency: 1,
      happenedIn: 1,
      demographics: 1,
      complaint: 1,
      // A responder's reason for a review may quote the story.
      preview: 1,
    },
  }));
  // The reports' days counted the stories' tags, the author's words: they go, and are computed again
  // without them when a report needs them (services/reports/rollups.ts).
  const publishedDays = stories.flatMap((story) =>
    story.publishedAt ? [story.publishedAt.toISOString().slice(0, 10)] : [],
  );
  if (publishedDays.length > 0) await models.reportRollups.deleteMany({ day: { $in: publishedDays } });
  const subscriptions = addresses.length
    ? (
        await models.subscriptions.deleteMany({
          kind: 'email',
          $or: addresses.map((address) => ({ email: sameAddress(address) })),
        })
      ).deletedCount
    : 0;
  return {
    counts: {
      stories: stories.length,
      replies,
      responses: responses.length,
      subscriptions,
      outboxMessages: removedMessages.length,
    },
    removedMessages,
  };
}

/** A moderation entry without words: who, when, what, and which fields an edit touched. */
function recordOnly(entry: ModerationEntryLike) {
  return {
    at: entry.at,
    by: { id: entry.by.id, name: entry.by.name },
    action: entry.action,
    changes: (entry.changes ?? []).map((change) =>
      recordedFields.has(change.field)
        ? { field: change.field, from: change.from, to: change.to }
        : { field: change.field, from: null, to: null },
    ),
  };
}

/**
 * Removes every outbox message (sent or not) to one of `addresses`, about one of the stories (their
 * dedupe keys and links name the story id: alerts, digests, the author's emails) or about one of their
 * responses or replies. A sent message is only kept so it is not sent twice, and its news is gone.
 */
async function removeMessages(
  models: Pick<Models, 'outboxMessages'>,
  about: { storyIds: string[]; threadIds: string[]; addresses: string[] },
): Promise<RemovedMessage[]> {
  const mentioned = [...about.storyIds, ...about.threadIds];
  const conditions: object[] = about.addresses.map((address) => ({ to: sameAddress(address) }));
  if (mentioned.length > 0) {
    const ids = new RegExp(mentioned.join('|'));
    conditions.push({ dedupeKey: ids }, { text: ids });
  }
  if (conditions.length === 0) return [];
  const found = await models.outboxMessages
    .find({ $or: conditions }, { dedupeKey: 1, createdAt: 1 })
    .lean<Array<{ _id: Types.ObjectId; dedupeKey: string; createdAt?: Date }>>();
  if (found.length === 0) return [];
  await models.outboxMessages.deleteMany({ _id: { $in: found.map((message) => message._id) } });
  return found.map(({ dedupeKey, createdAt }) => ({ dedupeKey, createdAt }));
}

/** Each document updated by its own `_id`, all in one bulkWrite (one round trip); nothing to do for none. */
async function updateEach<Doc extends { _id: Types.ObjectId }>(
  model: { bulkWrite(operations: AnyBulkWriteOperation[]): Promise<unknown> },
  documents: Doc[],
  updateOf: (document: Doc) => UpdateQuery<unknown>,
): Promise<void> {
  if (documents.length === 0) return;
  await model.bulkWrite(
    documents.map((document) => ({
      updateOne: { filter: { _id: document._id }, update: updateOf(document) },
    })),
  );
}
