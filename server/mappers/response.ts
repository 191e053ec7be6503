import type { Types } from 'mongoose';
import type { Reply, ReplyKind } from '../models/reply.js';
import { fieldsProjection } from './projection.js';
import type { Response } from '../models/response.js';

type Responder = NonNullable<Response['responder']>;

/** A response as read from the store with `.lean()` (the schema requires its responder). */
export type StoredResponse = Omit<Response, 'responder'> & {
  _id: Types.ObjectId;
  responder: Omit<Responder, 'organisation'> & { organisation: NonNullable<Responder['organisation']> };
  createdAt: Date;
  updatedAt: Date;
};
/** An author reply as read from the store with `.lean()`. */
export type StoredReply = Reply & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export type ChangeMarker = 'planned' | 'made';

/** Where a response is: public, waiting for a moderator, or turned down by one. */
export type ResponseModerationStatus = 'published' | 'awaiting-moderation' | 'rejected';

export function moderationStatusOf(response: Pick<StoredResponse, 'withheld'>): ResponseModerationStatus {
  if (response.withheld === 'queued') return 'awaiting-moderation';
  if (response.withheld === 'rejected') return 'rejected';
  return 'published';
}

/** Who responded, as the public sees them: never their account id, role or email. */
export interface PublicResponder {
  name: string;
  jobTitle: string | null;
  organisation: { id: string; name: string };
}

/** A response in a story's thread. Built field by field: nothing private can slip in. */
export interface ThreadResponse {
  type: 'response';
  id: string;
  body: string;
  change: ChangeMarker | null;
  responder: PublicResponder;
  createdAt: string;
  editedAt: string | null;
  /** Readers who said "This response was helpful". */
  helpfulCount: number;
  /** Only on the viewer's own responses: until when they may still change it. */
  editableUntil?: string;
  /** Only for moderators and admins. */
  hidden?: boolean;
  hiddenReason?: string | null;
  /**
   * Only on a response kept from the public, which only its responder and moderators see in the
   * thread: waiting for a moderator, or rejected (with the moderator's reason).
   */
  moderationStatus?: Exclude<ResponseModerationStatus, 'published'>;
  rejectedReason?: string | null;
}

/** An author's published reply, or their update on how things went, in a story's thread. */
export interface ThreadReply {
  type: 'reply';
  id: string;
  kind: ReplyKind;
  body: string;
  publishedAt: string;
}

export type ThreadEntry = ThreadResponse | ThreadReply;

/** What the responder gets back from posting or editing their response. */
export interface OwnResponse extends Omit<ThreadResponse, 'moderationStatus'> {
  storyId: string;
  editableUntil: string;
  moderationStatus: ResponseModerationStatus;
}

/** A response as moderators see it after acting on it, with its audit trail. */
export interface ModeratedResponse extends Omit<ThreadResponse, 'moderationStatus'> {
  storyId: string;
  hidden: boolean;
  hiddenReason: string | null;
  moderationStatus: ResponseModerationStatus;
  rejectedReason: string | null;
  moderation: { at: string; by: { id: string; name: string }; action: string; reason: string | null }[];
}

/**
 * The stored fields a public response is made of: never the responder's account id, nor why a
 * moderator hid it. `publicResponseProjection` asks the store for exactly these (and the story's id).
 */
export type PublicResponseFields = Pick<
  StoredResponse,
  '_id' | 'storyId' | 'body' | 'change' | 'createdAt' | 'editedAt' | 'helpfulCount'
> & {
  responder: Pick<StoredResponse['responder'], 'name' | 'jobTitle' | 'organisation'>;
};
export const publicResponseProjection = fieldsProjection([
  'storyId',
  'body',
  'change',
  'responder.name',
  'responder.jobTitle',
  'responder.organisation',
  'createdAt',
  'editedAt',
  'helpfulCount',
] as const);

export function toThreadResponse(response: PublicResponseFields): ThreadResponse {
  return {
    type: 'response',
    id: response._id.toHexString(),
    body: response.body,
    change: (response.change as ChangeMarker | null | undefined) ?? null,
    responder: {
      name: response.responder.name,
      jobTitle: response.responder.jobTitle ?? null,
      organisation: { id: response.responder.organisation.id, name: response.responder.organisation.name },
    },
    createdAt: response.createdAt.toISOString(),
    editedAt: response.editedAt ? response.editedAt.toISOString() : null,
    helpfulCount: response.helpfulCount ?? 0,
  };
}

export function toOwnResponse(response: StoredResponse): OwnResponse {
  return {
    ...toThreadResponse(response),
    storyId: response.storyId.toHexString(),
    editableUntil: response.editableUntil.toISOString(),
    moderationStatus: moderationStatusOf(response),
    ...(response.withheld === 'rejected' ? { rejectedReason: response.rejectedReason ?? null } : {}),
  };
}

export function toModeratedResponse(response: StoredResponse): ModeratedResponse {
  return {
    ...toThreadResponse(response),
    storyId: response.storyId.toHexString(),
    hidden: Boolean(response.hiddenAt),
    hiddenReason: response.hiddenReason ?? null,
    moderationStatus: moderationStatusOf(response),
    rejectedReason: response.rejectedReason ?? null,
    moderation: (response.moderation ?? []).map((entry) => ({
      at: entry.at.toISOString(),
      by: { id: entry.by?.id ?? '', name: entry.by?.name ?? '' },
      action: entry.action,
      reason: entry.reason ?? null,
    })),
  };
}

export function toThreadReply(
  reply: Pick<StoredReply, '_id' | 'kind' | 'body'> & { publishedAt: Date },
): ThreadReply {
  return {
    type: 'reply',
    id: reply._id.toHexString(),
    kind: reply.kind,
    body: reply.body,
    publishedAt: reply.publishedAt.toISOString(),
  };
}
