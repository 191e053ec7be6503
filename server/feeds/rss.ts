import RSS from 'rss';
import type { Feed } from './feed.js';
import { textAsHtml } from './text.js';

/** Where a rendered feed lives and what it links to, all absolute. */
export interface FeedLinks {
  self: string;
  /** The next (older) page, or null. */
  next: string | null;
  /** The WebSub hub, when one is configured. */
  hub?: string;
}

const generator = 'careloop';

/**
 * RSS 2.0 through the `rss` package. Titles, names and tags are CDATA text (the package splits any
 * `]]>` in them so it cannot close the section); item descriptions are the text as escaped HTML
 * paragraphs, never markup from a user; the channel description carries no user text at all (Feed). Guids are the stable `urn:careloop:…` ids, `isPermaLink="false"`.
 */
export function renderRss(feed: Feed, links: FeedLinks): string {
  const rss = new RSS({
    title: feed.title,
    description: feed.description,
    site_url: feed.homePageUrl,
    feed_url: links.self,
    language: 'en-GB',
    generator,
    hub: links.hub,
    custom_elements: links.next
      ? [{ 'atom:link': { _attr: { href: links.next, rel: 'next', type: 'application/rss+xml' } } }]
      : [],
  });
  for (const item of feed.items) {
    rss.item({
      title: item.title,
      description: textAsHtml(item.text),
      url: item.url,
      guid: item.id,
      categories: item.tags,
      author: item.author,
      date: item.published,
    });
  }
  return withContentDatedBuild(rss, lastChange(feed));
}

/** The newest publication or edit among the items (the epoch for an empty feed). */
function lastChange(feed: Feed): Date {
  return new Date(Math.max(0, ...feed.items.map((item) => item.modified.getTime())));
}

/**
 * The package stamps `lastBuildDate` with the clock; a feed's bytes must depend only on its content, so
 * its ETag stays the same until the content changes. The stamp is found by the exact text the package
 * wrote just after the generator (the clock read during the call), so nothing in a title can be taken
 * for it.
 */
function withContentDatedBuild(rss: RSS, lastBuild: Date): string {
  const startedSecond = Math.floor(Date.now() / 1000);
  const xml = rss.xml();
  const endedSecond = Math.floor(Date.now() / 1000);
  for (let second = startedSecond; second <= endedSecond; second += 1) {
    const stamped = `<generator>${generator}</generator><lastBuildDate>${new Date(second * 1000).toUTCString()}</lastBuildDate>`;
    const at = xml.indexOf(stamped);
    if (at >= 0) {
      const dated = `<generator>${generator}</generator><lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>`;
      return xml.slice(0, at) + dated + xml.slice(at + stamped.length);
    }
  }
  return xml;
}
