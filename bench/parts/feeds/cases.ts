import { constituencySlug } from '../../../server/feeds/text.js';
import type { SeededData } from './seed.js';

/** One feed (or public API read) the bench requests: the busiest of its kind in the seeded store. */
export interface FeedCase {
  name: string;
  path: string;
  format: 'rss' | 'json';
}

/**
 * The environment that makes the feeds module build every feed afresh (no cache of built feeds), read
 * by server/platform/config.ts (`feedCache`) and honoured by server/feeds/cache.ts: how the bench measures cold
 * builds at full load.
 */
export const coldBuildEnv: Record<string, string> = { CARELOOP_FEED_CACHE: 'false' };

export function feedCases(seeded: SeededData): FeedCase[] {
  const board = encodeURIComponent(seeded.busiestBoard.id);
  const constituency = constituencySlug(seeded.busiestConstituency.name);
  const tag = encodeURIComponent(seeded.commonestTag.tag);
  return [
    { name: 'board RSS', path: `/feeds/services/${board}.rss`, format: 'rss' },
    { name: 'board JSON', path: `/feeds/services/${board}.json`, format: 'json' },
    { name: 'board activity RSS', path: `/feeds/services/${board}.rss?include=responses`, format: 'rss' },
    { name: 'constituency JSON', path: `/feeds/constituencies/${constituency}.json`, format: 'json' },
    { name: 'tag RSS', path: `/feeds/tags/${tag}.rss`, format: 'rss' },
    { name: 'story thread JSON', path: `/feeds/stories/${seeded.threadStoryId}.json`, format: 'json' },
    // The widget's own reads, cached and built the same way as the feeds.
    { name: 'board story list (API)', path: `/api/v1/stories?service=${board}&limit=20`, format: 'json' },
    {
      name: 'board search q (API)',
      path: `/api/v1/stories?service=${board}&limit=20&q=nurse`,
      format: 'json',
    },
  ];
}
