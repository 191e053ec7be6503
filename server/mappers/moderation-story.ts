import type { Organisation } from '../models/organisation.js';
import type { StoryStatus } from '../models/story.js';
import type { Flag } from '../models/flag.js';
import type { StoredStory } from './story.js';

/** One entry of a story's moderation audit trail, as moderators read it. */
export interface ModerationEntry {
  at: string;
  by: { id: string; name: string };
  action: string;
  reason: string | null;
  /** Every field the action changed, with the value before (`from`) kept: redactions stay reviewable. */
  changes: { field: string; from: unknown; to: unknown }[];
}

/**
 * A story as moderators (and admins) see it: everything the author sent, contact details included
 * (moderators may need to reach the author), the flags and the whole audit trail. Only the author
 * key's hash is left out (and `searchTerms`/`tagList`, which are index data derived from the story).
 * Never use this shape in an answer that is not restricted to moderators and admins.
 */
export interface ModerationStory {
  id: string;
  title: string;
  body: string;
  nickname: string;
  authorRole: string;
  services: { id: string; name: string }[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
  email: string | null;
  postcode: string | null;
  status: StoryStatus;
  statusReason: string | null;
  /** Origin of the board site the story was told on. */
  source: string | null;
  criticality: number | null;
  flags: Flag[];
  moderation: ModerationEntry[];
  submittedAt: string;
  updatedAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

/** `servicesById` holds (at least) the story's services; a missing one is shown by its id. */
export function toModerationStory(
  story: StoredStory,
  servicesById: Map<string, Organisation>,
): ModerationStory {
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
    email: story.email ?? null,
    postcode: story.postcode ?? null,
    status: story.status,
    statusReason: story.statusReason ?? null,
    source: story.source ?? null,
    criticality: story.criticality ?? null,
    flags: (story.flags ?? []).map((flag) => ({
      field: flag.field as Flag['field'],
      kind: flag.kind as Flag['kind'],
      start: flag.start,
      end: flag.end,
      text: flag.text,
    })),
    moderation: (story.moderation ?? []).map((entry) => ({
      at: entry.at.toISOString(),
      by: { id: entry.by?.id ?? '', name: entry.by?.name ?? '' },
      action: entry.action,
      reason: entry.reason ?? null,
      changes: (entry.changes ?? []).map((change) => ({
        field: change.field,
        from: change.from ?? null,
        to: change.to ?? null,
      })),
    })),
    submittedAt: story.createdAt.toISOString(),
    updatedAt: story.updatedAt.toISOString(),
    publishedAt: story.publishedAt ? story.publishedAt.toISOString() : null,
    withdrawnAt: story.withdrawnAt ? story.withdrawnAt.toISOString() : null,
  };
}
