import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import {
  toThreadReply,
  toThreadResponse,
  type StoredReply,
  type StoredResponse,
  type ThreadEntry,
} from '../mappers/response.js';
import type { Models } from '../models/index.js';

/** Whether `principal` sees hidden responses (with the reason): moderators and admins. */
export function seesHiddenResponses(principal: Principal): boolean {
  return principal.kind === 'user' && ['moderator', 'admin'].includes(principal.user.role);
}

/**
 * A story's thread: its responses (not deleted; hidden ones only for moderators, marked; ones kept from
 * the public, queued or rejected, only for moderators and their own responder, marked) and its
 * author's published replies, oldest first. A response is placed when it was posted, a reply when it
 * was published (that is when readers first saw it).
 */
export async function threadOf(
  models: Pick<Models, 'responses' | 'replies'>,
  storyId: Types.ObjectId,
  viewer: Principal,
): Promise<ThreadEntry[]> {
  const moderator = seesHiddenResponses(viewer);
  const viewerId = viewer.kind === 'user' ? viewer.user.id : null;
  const [responses, replies] = await Promise.all([
    models.responses
      .find({
        storyId,
        deletedAt: null,
        ...(moderator ? {} : { hiddenAt: null }),
        ...(moderator
          ? {}
          : viewerId === null
            ? { withheld: null }
            : { $or: [{ withheld: null }, { 'responder.userId': new Types.ObjectId(viewerId) }] }),
      })
      .sort({ createdAt: 1, _id: 1 })
      .lean<StoredResponse[]>(),
    models.replies
      .find({ storyId, status: 'published' })
      .sort({ createdAt: 1, _id: 1 })
      .lean<StoredReply[]>(),
  ]);

  const timed: { at: number; entry: ThreadEntry }[] = [];
  for (const response of responses) {
    const entry = toThreadResponse(response);
    if (viewerId !== null && response.responder.userId.toHexString() === viewerId) {
      entry.editableUntil = response.editableUntil.toISOString();
    }
    if (moderator) {
      entry.hidden = Boolean(response.hiddenAt);
      entry.hiddenReason = response.hiddenReason ?? null;
    }
    // Only its responder and moderators are given a withheld response at all (the query above).
    if (response.withheld === 'queued') entry.moderationStatus = 'awaiting-moderation';
    if (response.withheld === 'rejected') {
      entry.moderationStatus = 'rejected';
      entry.rejectedReason = response.rejectedReason ?? null;
    }
    timed.push({ at: response.createdAt.getTime(), entry });
  }
  for (const reply of replies) {
    const publishedAt = reply.publishedAt ?? reply.updatedAt;
    timed.push({ at: publishedAt.getTime(), entry: toThreadReply({ ...reply, publishedAt }) });
  }
  // A stable sort: entries of the same instant keep their kind's own order.
  return timed.sort((a, b) => a.at - b.at).map(({ entry }) => entry);
}
