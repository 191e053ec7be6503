/** What the moderation queue lists and edits, and how it shortens a story for the list. */
import type { Flag } from '../flags.js';
import type { AdminKey } from '../l10n/index.js';

export type Tags = { good: string[]; improve: string[]; feelings: string[] };
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

export interface QueueItem {
  type: 'story' | 'reply';
  id: string;
  body: string;
  status: 'submitted' | 'held';
  statusReason: string | null;
  flags: Flag[];
  submittedAt: string;
  // Stories:
  title?: string;
  nickname?: string;
  services?: { id: string; name: string }[];
  tags?: Tags;
  criticality?: number | null;
  // Replies:
  story?: { id: string; title: string };
}

export interface Draft {
  title: string;
  body: string;
  services: { id: string; name: string }[];
  tags: Record<keyof Tags, string>;
  criticality: string;
  reason: string;
}
