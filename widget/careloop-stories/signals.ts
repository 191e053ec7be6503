import type { SignalKind } from '../api/signals.js';
import type { StoryDetail } from '../api/stories.js';

/** The opened story with the count the service answered for one of its items (itself or a response). */
export function withSignalCount(
  story: StoryDetail,
  kind: SignalKind,
  id: string,
  count: number,
): StoryDetail {
  if (kind === 'me-too') return story.id === id ? { ...story, meTooCount: count } : story;
  return {
    ...story,
    thread: story.thread.map((entry) =>
      entry.type === 'response' && entry.id === id ? { ...entry, helpfulCount: count } : entry,
    ),
  };
}
