import { toFlags, toModerationEntries } from './moderation-record.js';
import type { Types } from 'mongoose';
import type { Reply, ReplyKind } from '../models/reply.js';
import type { Flag } from '../models/flag.js';
import type { ModerationEntry } from './moderation-story.js';

/** A reply as read from the store with `.lean()`. */
export type StoredReply = Reply & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export type ReplyStatus = StoredReply['status'];

/** The author's own view of one of their replies: where it is in moderation, and why. */
export interface AuthorReply {
  id: string;
  kind: ReplyKind;
  body: string;
  status: ReplyStatus;
  /** The moderator's message to the author when the reply is held or rejected. */
  statusReason: string | null;
  submittedAt: string;
  publishedAt: string | null;
}

/**
 * A reply as moderators (and admins) see it in the queue and after acting on it: the text, the flags,
 * the audit trail, and the story it answers (id and title, for context).
 * Never use this shape in an answer that is not restricted to moderators and admins.
 */
export interface ModerationReply {
  type: 'reply';
  id: string;
  kind: ReplyKind;
  body: string;
  status: ReplyStatus;
  statusReason: string | null;
  flags: Flag[];
  moderation: ModerationEntry[];
  submittedAt: string;
  publishedAt: string | null;
  story: { id: string; title: string };
}

export function toAuthorReply(reply: StoredReply): AuthorReply {
  return {
    id: reply._id.toHexString(),
    kind: reply.kind,
    body: reply.body,
    status: reply.status,
    statusReason: reply.statusReason ?? null,
    submittedAt: reply.createdAt.toISOString(),
    publishedAt: reply.publishedAt ? reply.publishedAt.toISOString() : null,
  };
}

/** `story` is the story replied to; its title is shown as it is now (a moderator may have edited it). */
export function toModerationReply(
  reply: StoredReply,
  story: { _id: Types.ObjectId; title: string } | null,
): ModerationReply {
  return {
    type: 'reply',
    id: reply._id.toHexString(),
    kind: reply.kind,
    body: reply.body,
    status: reply.status,
    statusReason: reply.statusReason ?? null,
    flags: toFlags(reply.flags),
    moderation: toModerationEntries(reply.moderation),
    submittedAt: reply.createdAt.toISOString(),
    publishedAt: reply.publishedAt ? reply.publishedAt.toISOString() : null,
    story: { id: reply.storyId.toHexString(), title: story?.title ?? '' },
  };
}
