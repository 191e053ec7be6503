import type { Types } from 'mongoose';
import type { Organisation } from '../models/organisation.js';
import type { Story, StoryStatus } from '../models/story.js';

/** A story as read from the store with `.lean()`. */
export type StoredStory = Story & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

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
}

/** The author's own view: the public fields plus where the story is in moderation, and why. */
export interface AuthorStory extends PublicStory {
  status: StoryStatus;
  statusReason: string | null;
  submittedAt: string;
  withdrawnAt: string | null;
}

/** `servicesById` holds (at least) the story's services; a missing one is shown by its id. */
export function toPublicStory(story: StoredStory, servicesById: Map<string, Organisation>): PublicStory {
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
  };
}

export function toAuthorStory(story: StoredStory, servicesById: Map<string, Organisation>): AuthorStory {
  return {
    ...toPublicStory(story, servicesById),
    status: story.status,
    statusReason: story.statusReason ?? null,
    submittedAt: story.createdAt.toISOString(),
    withdrawnAt: story.withdrawnAt ? story.withdrawnAt.toISOString() : null,
  };
}
