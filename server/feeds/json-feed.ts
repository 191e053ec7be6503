import type { Feed } from './feed.js';
import type { FeedLinks } from './rss.js';
import { textAsHtml } from './text.js';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with careloop's public facts under `_careloop`. */
export function renderJsonFeed(feed: Feed, links: FeedLinks): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homePageUrl,
    feed_url: links.self,
    description: feed.description,
    language: 'en-GB',
    ...(links.next ? { next_url: links.next } : {}),
    ...(links.hub ? { hubs: [{ type: 'WebSub', url: links.hub }] } : {}),
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_text: item.text,
      content_html: textAsHtml(item.text),
      date_published: item.published.toISOString(),
      date_modified: item.modified.toISOString(),
      ...(item.tags.length > 0 ? { tags: item.tags } : {}),
      authors: [{ name: item.author }],
      _careloop: item.extension,
    })),
  });
}
