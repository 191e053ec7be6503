/** What the moderation queue lists and edits, and how it shortens a story for the list. */
import type { ApiAnswer } from '../../api/answers.js';
import type { AdminKey } from '../l10n/index.js';

export const tagLists = ['good', 'improve', 'feelings'] as const;
/** About two lines of a story in the list: enough to tell stories apart and to triage them. */
const excerptLength = 180;

/** The start of `text`, cut at a word boundary near `length` characters, with "…" when cut. */
export function excerpt(text: string, length = excerptLength): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(' ', length);
  return `${flat.slice(0, cut > length / 2 ? cut : length).trimEnd()}…`;
}

export const tagLabels: Record<keyof Tags, AdminKey> = {
  good: 'tagsGood',
  improve: 'tagsImprove',
  feelings: 'tagsFeelings',
};

/** One page of the moderation queue (`GET /moderation/queue`), oldest first. */
export type QueuePage = ApiAnswer<'/moderation/queue'>;
/** A story, a reply or a response waiting for a moderator. */
export type QueueItem = QueuePage['items'][number];
export type QueueStory = Extract<QueueItem, { type: 'story' }>;
export type Tags = QueueStory['tags'];

export interface Draft {
  title: string;
  body: string;
  services: { id: string; name: string }[];
  tags: Record<keyof Tags, string>;
  criticality: string;
  reason: string;
}
