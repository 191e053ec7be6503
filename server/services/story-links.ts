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
  organisations: Pick<OrganisationService, 'allowingOrigin' | 'get'>;
}

/**
 * The absolute URL where a story is shown: on the board site where it was told (the board allowing its
 * `source` origin, with a `storyPageUrl`); else on the site of the board of its first service; else on
 * careloop's own page (`<publicUrl>/#careloop-story=<id>`).
 */
export async function storyLink(story: LinkedStory, deps: StoryLinkDeps): Promise<string> {
  const id = storyId(story);
  const page = await storyPageUrlOf(story, deps.organisations);
  return page ? page.replaceAll('{id}', encodeURIComponent(id)) : `${deps.publicUrl}/#careloop-story=${id}`;
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

async function storyPageUrlOf(
  story: LinkedStory,
  organisations: StoryLinkDeps['organisations'],
): Promise<string | undefined> {
  if (story.source) {
    const boards = await organisations.allowingOrigin(story.source);
    const page = boards.find((board) => board.storyPageUrl)?.storyPageUrl;
    if (page) return page;
  }
  const first = story.services[0];
  const service = first ? await organisations.get(first) : null;
  if (!service) return undefined;
  const board: Organisation | null = service.ancestors[0]
    ? await organisations.get(service.ancestors[0])
    : service;
  return board?.storyPageUrl ?? undefined;
}
