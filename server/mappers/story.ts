import type { Types } from 'mongoose';
import type { Organisation } from '../models/organisation.js';
import { erasedStatus, type Story, type StoryStatus, type toldViaChannels } from '../models/story.js';
import { fieldsProjection } from './projection.js';
import type { ChangeMarker, ThreadEntry } from './response.js';

/** A story as read from the store with `.lean()`. */
export type StoredStory = Story & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export type ToldVia = (typeof toldViaChannels)[number];

/** What anyone may see of a published story. Built field by field: nothing private can slip in. */
export interface PublicStory {
  id: string;
  title: string;
  body: string;
  nickname: string;
  authorRole: string;
  services: { id: string; name: string }[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
  publishedAt: string | null;
  /** Visible responses, whether there is one, and the strongest change marker among them. */
  responseCount: number;
  responded: boolean;
  change: ChangeMarker | null;
  /** Readers who said "I have had a similar experience". */
  meTooCount: number;
  /** How it reached the staff member or volunteer who entered it for its author; null if the author told it. */
  toldVia: ToldVia | null;
}

/** Who is listening, publicly: organisations alerted to the story and how many in scope read it. */
export interface Listening {
  alertedOrganisations: { id: string; name: string }[];
  readCount: number;
}

/** How far the loop has gone for a published story, furthest stage first wins. Staff-facing. */
export const progressStages = [
  'unheard',
  'heard',
  'read',
  'responded',
  'change-planned',
  'change-made',
] as const;
export type ProgressStage = (typeof progressStages)[number];

export interface StoryProgress {
  stage: ProgressStage;
  /** When alerts were first queued. */
  heardAt: string | null;
  readCount: number;
  firstResponseAt: string | null;
}

/** What one story's page adds to its list item: the thread and who is listening (and, for staff, progress). */
export interface StoryEngagement {
  thread: ThreadEntry[];
  listening: Listening;
  /** Only for staff and stakeholders in scope, moderators and admins; null before publication. */
  progress?: StoryProgress | null;
}

/** The author's own view: the public fields plus where the story is in moderation, and why. */
export interface AuthorStory extends PublicStory {
  status: StoryStatus;
  statusReason: string | null;
  submittedAt: string;
  withdrawnAt: string | null;
  /** Held while a formal complaint about it is live: the author's view says so in plain words. */
  heldForComplaint: boolean;
  /** In provider preview: when it will be published (unless a moderator holds it); else null. */
  previewUntil: string | null;
  /** In preview, and a responder asked a moderator to look at it again (who and why are not shown). */
  previewReviewRequested: boolean;
}

/**
 * The stored fields a public story is made of, and no others: a view that reads only these (the feeds)
 * asks the store for exactly them with `publicStoryProjection`, so nothing private is even read.
 */
export const publicStoryFieldNames = [
  'title',
  'body',
  'nickname',
  'authorRole',
  'services',
  'tags',
  'publishedAt',
  'responseCount',
  'change',
  'meTooCount',
  'toldVia',
] as const;
export type PublicStoryFields = Pick<StoredStory, '_id' | (typeof publicStoryFieldNames)[number]>;
export const publicStoryProjection = fieldsProjection(publicStoryFieldNames);

/** `servicesById` holds (at least) the story's services; a missing one is shown by its id. */
export function toPublicStory(
  story: PublicStoryFields,
  servicesById: Map<string, Organisation>,
): PublicStory {
  return {
    id: story._id.toHexString(),
    title: story.title,
    body: story.body,
    nickname: story.nickname,
    authorRole: story.authorRole,
    services: story.services.map((id) => ({ id, name: servicesById.get(id)?.name ?? id })),
    tags: {
      good: [...(story.tags?.good ?? [])],
      improve: [...(story.tags?.improve ?? [])],
      feelings: [...(story.tags?.feelings ?? [])],
    },
    publishedAt: story.publishedAt ? story.publishedAt.toISOString() : null,
    ...toResponseCounts(story),
    meTooCount: story.meTooCount ?? 0,
    toldVia: (story.toldVia as ToldVia | null | undefined) ?? null,
  };
}

export function toResponseCounts(
  story: Pick<StoredStory, 'responseCount' | 'change'>,
): Pick<PublicStory, 'responseCount' | 'responded' | 'change'> {
  return {
    responseCount: story.responseCount ?? 0,
    responded: (story.responseCount ?? 0) > 0,
    change: (story.change as ChangeMarker | null | undefined) ?? null,
  };
}

export function toListening(story: Pick<StoredStory, 'alertedOrganisations' | 'readCount'>): Listening {
  return {
    alertedOrganisations: (story.alertedOrganisations ?? []).map((organisation) => ({
      id: organisation.id ?? '',
      name: organisation.name ?? '',
    })),
    readCount: story.readCount ?? 0,
  };
}

/** unheard (published, nobody alerted) → heard → read → responded → change planned → change made. */
export function toProgress(
  story: Pick<
    StoredStory,
    'status' | 'readCount' | 'change' | 'responseCount' | 'alertedAt' | 'firstResponseAt'
  >,
): StoryProgress | null {
  if (story.status !== 'published') return null;
  const readCount = story.readCount ?? 0;
  const stage: ProgressStage =
    story.change === 'made'
      ? 'change-made'
      : story.change === 'planned'
        ? 'change-planned'
        : (story.responseCount ?? 0) > 0
          ? 'responded'
          : readCount > 0
            ? 'read'
            : story.alertedAt
              ? 'heard'
              : 'unheard';
  return {
    stage,
    heardAt: story.alertedAt ? story.alertedAt.toISOString() : null,
    readCount,
    firstResponseAt: story.firstResponseAt ? story.firstResponseAt.toISOString() : null,
  };
}

/**
 * `toProgress`'s stage as an aggregation expression over a stored story (for reports, computed in the
 * store). Kept beside `toProgress` so the two rules change together; the reports tests check they agree.
 */
export function progressStageExpression(): Record<string, unknown> {
  const branches: { case: unknown; then: ProgressStage }[] = [
    { case: { $eq: ['$change', 'made'] }, then: 'change-made' },
    { case: { $eq: ['$change', 'planned'] }, then: 'change-planned' },
    { case: { $gt: [{ $ifNull: ['$responseCount', 0] }, 0] }, then: 'responded' },
    { case: { $gt: [{ $ifNull: ['$readCount', 0] }, 0] }, then: 'read' },
    { case: { $ne: [{ $ifNull: ['$alertedAt', null] }, null] }, then: 'heard' },
  ];
  return { $switch: { branches, default: 'unheard' satisfies ProgressStage } };
}

export function toAuthorStory(story: StoredStory, servicesById: Map<string, Organisation>): AuthorStory {
  // Its author is answered with a 410 before any view of an erased story is built (services/erasure.ts).
  if (story.status === erasedStatus) throw new Error('an erased story has no author view');
  return {
    ...toPublicStory(story, servicesById),
    status: story.status,
    statusReason: story.statusReason ?? null,
    submittedAt: story.createdAt.toISOString(),
    withdrawnAt: story.withdrawnAt ? story.withdrawnAt.toISOString() : null,
    heldForComplaint: !!story.complaint,
    previewUntil: story.status === 'preview' && story.preview ? story.preview.until.toISOString() : null,
    previewReviewRequested: story.status === 'preview' && !!story.preview?.reviewRequest,
  };
}
