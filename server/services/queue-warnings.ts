/**
 * Warnings the moderation queue shows beside a story, from the moderation rules Care Opinion publishes
 * (docs/decisions/2026-12-07-moderation-rules.md). Like PII flags they are a reading aid: nothing is
 * refused or hidden because of them; a moderator decides.
 */

import type { Types } from 'mongoose';

/** A story longer than this many words is worth a moderator's second look (and maybe a trim). */
export const maxWordsWithoutWarning = 1000;
/** Events further back than this (in whole months) may be hard for a service to look into or answer. */
export const monthsAgoWithoutWarning = 36;
/** Another story from the same email within this many days before a story may be the same one again. */
export const duplicateWindowDays = 30;
/** Body word sets at least this alike (Jaccard: shared words over all words) count as a near-duplicate. */
export const duplicateSimilarity = 0.8;

export type QueueWarning =
  | { kind: 'long'; words: number }
  | { kind: 'long-ago'; happenedIn: string }
  | { kind: 'possible-duplicate'; story: { id: string; title: string } };

/** What the rules read of a story; `email` is only compared here and never leaves this file. */
export interface WarnableStory {
  _id: Types.ObjectId;
  title: string;
  body: string;
  email?: string | null;
  happenedIn?: string | null;
  createdAt: Date;
}

/** A word is a run of non-space characters holding at least one letter or digit ("—" is not a word). */
export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * Whether `happenedIn` (`YYYY-MM`) is more than three years before `now`'s month. Counted in whole
 * calendar months because the form asks only for month and year: exactly 36 months ago is not warned.
 */
export function happenedLongAgo(happenedIn: string, now: Date): boolean {
  const [year, month] = happenedIn.split('-').map(Number);
  const monthsAgo = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 - (year! * 12 + month!);
  return monthsAgo > monthsAgoWithoutWarning;
}

/** Lower-cased words, accents folded, punctuation dropped: what "the same words" means here. */
export function wordSet(text: string): Set<string> {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return new Set(folded.match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** |A ∩ B| / |A ∪ B|; two empty sets are not alike (nothing to compare). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The same title (words compared as sets), or bodies whose word sets are at least 80% alike. */
export function nearlyTheSame(a: WarnableStory, b: WarnableStory): boolean {
  const titleA = [...wordSet(a.title)].sort().join(' ');
  const titleB = [...wordSet(b.title)].sort().join(' ');
  if (titleA !== '' && titleA === titleB) return true;
  return jaccard(wordSet(a.body), wordSet(b.body)) >= duplicateSimilarity;
}

/** Same address, ignoring case and surrounding space (people type their address differently). */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The warnings for `story`. `earlier` holds other stories that may share its email (the caller reads
 * them); the newest one within the window that is nearly the same is named, never its email.
 */
export function queueWarnings(story: WarnableStory, earlier: WarnableStory[], now: Date): QueueWarning[] {
  const warnings: QueueWarning[] = [];
  const words = wordCount(story.body);
  if (words > maxWordsWithoutWarning) warnings.push({ kind: 'long', words });
  if (story.happenedIn && happenedLongAgo(story.happenedIn, now)) {
    warnings.push({ kind: 'long-ago', happenedIn: story.happenedIn });
  }
  const windowStart = story.createdAt.getTime() - duplicateWindowDays * 24 * 60 * 60 * 1000;
  const duplicate = earlier
    .filter(
      (other) =>
        !other._id.equals(story._id) &&
        sameEmail(other.email, story.email) &&
        other.createdAt.getTime() >= windowStart &&
        isBefore(other, story) &&
        nearlyTheSame(story, other),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (duplicate) {
    warnings.push({
      kind: 'possible-duplicate',
      story: { id: duplicate._id.toHexString(), title: duplicate.title },
    });
  }
  return warnings;
}

/** Only the later of two alike stories is warned (the first one told is the original); ties by id. */
function isBefore(a: WarnableStory, b: WarnableStory): boolean {
  const difference = a.createdAt.getTime() - b.createdAt.getTime();
  return difference < 0 || (difference === 0 && a._id.toHexString() < b._id.toHexString());
}
