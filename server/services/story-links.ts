import type { Organisation } from '../models/organisation.js';
import type { OrganisationService } from './organisations.js';

/** What a link to a story needs to know about it. */
export interface LinkedStory {
  _id: { toHexString(): string } | string;
  /** Origin of the board site the story was told on, if any. */
  source?: string | null;
  services: string[];
}

export interface StoryLinkDeps {
  publicUrl: string;
  organisations: Pick<OrganisationService, 'allowingOrigins' | 'byIds'>;
}

/**
 * The absolute URL where a story is shown: on the board site where it was told (the first board, in id
 * order, allowing its `source` origin with a `storyPageUrl`); else on the site of the board of its first
 * service; else on careloop's own page (`<publicUrl>/#careloop-story=<id>`).
 */
export async function storyLink(story: LinkedStory, deps: StoryLinkDeps): Promise<string> {
  return (await storyLinks([story], deps)).get(storyId(story))!;
}

/** `storyLink` for many stories at once, keyed by story id: a few queries for a whole page, not a few per story. */
export async function storyLinks(stories: LinkedStory[], deps: StoryLinkDeps): Promise<Map<string, string>> {
  const { organisations } = deps;
  const origins = [...new Set(stories.flatMap((story) => (story.source ? [story.source] : [])))];
  const [allowing, firstServices] = await Promise.all([
    organisations.allowingOrigins(origins),
    organisations.byIds(stories.flatMap((story) => story.services.slice(0, 1))),
  ]);
  const boardOf = (service: Organisation) => service.ancestors[0] ?? service._id;
  const boards = await organisations.byIds([...firstServices.values()].map(boardOf));

  const pageByOrigin = new Map<string, string>();
  for (const organisation of allowing) {
    for (const origin of organisation.allowedOrigins) {
      if (organisation.storyPageUrl && !pageByOrigin.has(origin))
        pageByOrigin.set(origin, organisation.storyPageUrl);
    }
  }
  const links = new Map<string, string>();
  for (const story of stories) {
    const id = storyId(story);
    const first = story.services[0] === undefined ? undefined : firstServices.get(story.services[0]);
    const page =
      (story.source ? pageByOrigin.get(story.source) : undefined) ??
      (first ? (boards.get(boardOf(first))?.storyPageUrl ?? undefined) : undefined);
    links.set(
      id,
      page ? page.replaceAll('{id}', encodeURIComponent(id)) : `${deps.publicUrl}/#careloop-story=${id}`,
    );
  }
  return links;
}

/**
 * The author's private link: the story's page with the author key in the fragment (a fragment never
 * reaches any server, so the key stays out of access logs and Referer headers).
 */
export async function authorLink(
  story: LinkedStory,
  authorKey: string,
  deps: StoryLinkDeps,
): Promise<string> {
  // The widget's author mode opens from `#careloop-author=<id>.<key>` on the page that shows the story.
  const page = (await storyLink(story, deps)).split('#')[0];
  return `${page}#careloop-author=${storyId(story)}.${encodeURIComponent(authorKey)}`;
}

function storyId(story: LinkedStory): string {
  return typeof story._id === 'string' ? story._id : story._id.toHexString();
}
