import type { Organisation } from '../models/organisation.js';
import { fieldsProjection } from './projection.js';
import {
  publicStoryFieldNames,
  toProgress,
  toPublicStory,
  type PublicStory,
  type StoredStory,
  type StoryProgress,
} from './story.js';

/**
 * A published story as a board's analysts read it through a partner key with `stories:read-staff`:
 * the public story plus the staff-facing fields (the moderator's criticality rating and how far the
 * loop has got). Never the author's email, postcode or anything else private, nor the moderation trail
 * or PII flags (which quote what a moderator took out): those are not even read from the store.
 */
export interface AnalystStory extends PublicStory {
  /** 0 (not critical) … 5 (severely critical), set by moderators; null when not rated. */
  criticality: number | null;
  progress: StoryProgress | null;
}

/** The stored fields an analyst story is made of, and no others (see `analystStoryProjection`). */
const analystStoryFieldNames = [
  ...publicStoryFieldNames,
  // What the analysts' progress and criticality are worked out from.
  'status',
  'criticality',
  'alertedAt',
  'readCount',
  'firstResponseAt',
] as const;
export type AnalystStoryFields = Pick<StoredStory, '_id' | (typeof analystStoryFieldNames)[number]>;
/** Read exactly these: a query for analysts never brings the private fields out of the store. */
export const analystStoryProjection = fieldsProjection(analystStoryFieldNames);

/** `servicesById` holds (at least) the story's services; a missing one is shown by its id. */
export function toAnalystStory(
  story: AnalystStoryFields,
  servicesById: Map<string, Organisation>,
): AnalystStory {
  return {
    ...toPublicStory(story, servicesById),
    criticality: story.criticality ?? null,
    progress: toProgress(story),
  };
}
