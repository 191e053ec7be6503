import { toFlags, toModerationEntries } from './moderation-record.js';
import type { Types } from 'mongoose';
import type { Flag } from '../models/flag.js';
import type { ModerationEntry } from './moderation-story.js';
import {
  moderationStatusOf,
  toThreadResponse,
  type ChangeMarker,
  type PublicResponder,
  type ResponseModerationStatus,
  type StoredResponse,
} from './response.js';

/**
 * A queued response as moderators see it in the queue: the text with its flags, who wrote it (with
 * their account id, so a moderator can keep them on moderation), the audit trail and the story it
 * answers. Never use this shape in an answer that is not restricted to moderators and admins.
 */
export interface ModerationQueueResponse {
  type: 'response';
  id: string;
  body: string;
  change: ChangeMarker | null;
  responder: PublicResponder & { userId: string };
  moderationStatus: ResponseModerationStatus;
  flags: Flag[];
  moderation: ModerationEntry[];
  submittedAt: string;
  story: { id: string; title: string };
}

/** `story` is the story responded to; its title as it is now. */
export function toModerationQueueResponse(
  response: StoredResponse,
  story: { _id: Types.ObjectId; title: string } | null,
): ModerationQueueResponse {
  const thread = toThreadResponse(response);
  return {
    type: 'response',
    id: thread.id,
    body: thread.body,
    change: thread.change,
    responder: { ...thread.responder, userId: response.responder.userId.toHexString() },
    moderationStatus: moderationStatusOf(response),
    flags: toFlags(response.flags),
    moderation: toModerationEntries(response.moderation),
    submittedAt: response.createdAt.toISOString(),
    story: { id: response.storyId.toHexString(), title: story?.title ?? '' },
  };
}
