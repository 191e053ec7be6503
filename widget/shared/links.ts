/**
 * The widget's addresses on the host page: a story is `#careloop-story=<id>`, the author's private link
 * `#careloop-author=<storyId>.<authorKey>`. Both are fragments, so following one never reloads the page,
 * back and forward work, and the link can be shared or bookmarked.
 */
const storyPrefix = 'careloop-story=';
const authorPrefix = 'careloop-author=';
/** The fragment of the story list: ours, matches no element, so following it does not scroll. */
export const listFragment = 'careloop-stories';

export type Route =
  { view: 'list' } | { view: 'story'; story: string } | { view: 'author'; story: string; authorKey: string };

/** The host page's own address with `fragment` in place of its current one. */
export function pageUrl(fragment: string): string {
  const url = new URL(location.href);
  url.hash = fragment;
  return url.href;
}

/** The shareable address of a story on this page. */
export const storyUrl = (id: string): string => pageUrl(storyPrefix + id);

/** The author's private link to their story on this page: bookmark it, never share it. */
export const authorUrl = (id: string, authorKey: string): string =>
  pageUrl(`${authorPrefix}${id}.${authorKey}`);

/**
 * Where the page's fragment points the widget. The emailed private link is the story's address with the
 * key added (`#careloop-story=<id>&careloop-author-key=<key>`): author mode too.
 */
export function routeOf(hash: string): Route {
  const fragment = hash.replace(/^#/, '');
  const params = new URLSearchParams(fragment);
  const emailedKey = params.get('careloop-author-key');
  const emailedStory = params.get('careloop-story');
  if (emailedKey && emailedStory) return { view: 'author', story: emailedStory, authorKey: emailedKey };
  if (fragment.startsWith(storyPrefix)) {
    const story = fragment.slice(storyPrefix.length);
    if (story) return { view: 'story', story };
  }
  if (fragment.startsWith(authorPrefix)) {
    const [story, authorKey] = fragment.slice(authorPrefix.length).split('.');
    if (story && authorKey) return { view: 'author', story, authorKey };
  }
  return { view: 'list' };
}
