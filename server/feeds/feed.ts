/** What every feed is, whatever its format: built once by the builder, written out by rss.ts and json-feed.ts. */

export type FeedFormat = 'rss' | 'json';
export type FeedScope = 'services' | 'constituencies' | 'tags' | 'stories';

/** Which feed a request names: `/feeds/<scope>/<key>.<format>[?include=responses][&before=<cursor>]`. */
export interface FeedAddress {
  scope: FeedScope;
  /** A service id, constituency slug, tag or story id, as it appears in the URL (decoded). */
  key: string;
  /** Service feeds only: new responses interleaved with new stories. */
  activity: boolean;
  /** An older page: the cursor the previous page's next link carried. */
  before: string | null;
}

export interface FeedItem {
  /** The stable guid: `urn:careloop:story:<id>` (…`response`, …`reply`). Never changes. */
  id: string;
  /** Absolute link to the story where it is shown. */
  url: string;
  title: string;
  /** Plain text, control characters XML cannot carry already removed. */
  text: string;
  tags: string[];
  /** The public name: a story's nickname, a responder's name. */
  author: string;
  published: Date;
  modified: Date;
  /** Public facts for the JSON Feed `_careloop` extension. */
  extension: Record<string, unknown>;
}

export interface Feed {
  /** Plain text, like item titles; it may hold user text (a story's title, a tag, a service's name). */
  title: string;
  /**
   * Our own sentence, never user or admin text: RSS readers disagree on whether a channel description is
   * text or HTML, so it holds nothing either reading could turn into markup.
   */
  description: string;
  /** The page the feed is about (absolute). */
  homePageUrl: string;
  items: FeedItem[];
  /** The cursor of the next (older) page, or null on the last one. */
  next: string | null;
}

/** The path (and query) of a feed, as its self and next links and the cache key spell it. */
export function feedPath(address: FeedAddress, format: FeedFormat, before = address.before): string {
  const query = new URLSearchParams();
  if (address.activity) query.set('include', 'responses');
  if (before) query.set('before', before);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return `/feeds/${address.scope}/${encodeURIComponent(address.key)}.${format}${search}`;
}

export const feedContentTypes: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
