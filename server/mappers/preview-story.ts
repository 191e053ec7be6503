import type { Organisation } from '../models/organisation.js';
import { toPreviewWindow, type StoryPreviewWindow } from './moderation-story.js';
import { toPublicStory, type PublicStory, type StoredStory } from './story.js';
import {
  moderationStatusOf,
  toThreadResponse,
  type StoredResponse,
  type ThreadResponse,
} from './response.js';

/**
 * A story in provider preview as the responders of its services see it: what the public will see when
 * it is published, its criticality and the window. Never the author's contact details, source or
 * moderation notes: responders are not moderators.
 */
export interface PreviewStory extends PublicStory {
  criticality: number | null;
  submittedAt: string;
  preview: StoryPreviewWindow;
  /**
   * The responses prepared so far by the responders of its services, published with the story: each
   * responder sees what a colleague has already written, rather than answering twice.
   */
  prepared: ThreadResponse[];
}

export function toPreviewStory(
  story: StoredStory,
  servicesById: Map<string, Organisation>,
  prepared: StoredResponse[],
): PreviewStory {
  const preview = toPreviewWindow(story);
  if (!preview) throw new Error('a story in preview has a preview window');
  return {
    ...toPublicStory(story, servicesById),
    criticality: story.criticality ?? null,
    submittedAt: story.createdAt.toISOString(),
    preview,
    prepared: prepared.map((response) => {
      const status = moderationStatusOf(response);
      return {
        ...toThreadResponse(response),
        ...(status === 'published' ? {} : { moderationStatus: status }),
      };
    }),
  };
}
