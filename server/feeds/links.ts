import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';

/** What a link needs to know about a story. */
export interface LinkableStory {
  _id: { toHexString(): string };
  source?: string | null;
  services: string[];
}

/**
 * Absolute links to where stories are shown, for a whole feed page at once (a handful of queries, not
 * a few per story). The rules are server/services/story-links.ts's: the board allowing the story's
 * `source` origin, if it has a storyPageUrl; else the board of its first service; else careloop's own
 * page, `<publicUrl>/#careloop-story=<id>`.
 */
export async function storyLinks(
  stories: LinkableStory[],
  deps: { publicUrl: string; models: Pick<Models, 'organisations'> },
): Promise<Map<string, string>> {
  const organisations = deps.models.organisations;
  const origins = [...new Set(stories.flatMap((story) => (story.source ? [story.source] : [])))];
  const firstServices = [...new Set(stories.flatMap((story) => story.services.slice(0, 1)))];
  const [allowing, services] = await Promise.all([
    origins.length > 0
      ? organisations
          .find({ allowedOrigins: { $in: origins } })
          .sort({ _id: 1 })
          .lean<Organisation[]>()
      : [],
    organisations.find({ _id: { $in: firstServices } }, { ancestors: 1 }).lean<Organisation[]>(),
  ]);
  const boardIds = [...new Set(services.map((service) => service.ancestors[0] ?? service._id))];
  const boards = await organisations
    .find({ _id: { $in: boardIds } }, { storyPageUrl: 1 })
    .lean<Organisation[]>();

  const pageByOrigin = new Map<string, string>();
  for (const organisation of allowing) {
    for (const origin of organisation.allowedOrigins) {
      if (organisation.storyPageUrl && !pageByOrigin.has(origin))
        pageByOrigin.set(origin, organisation.storyPageUrl);
    }
  }
  const boardOf = new Map(services.map((service) => [service._id, service.ancestors[0] ?? service._id]));
  const pageByBoard = new Map(boards.map((board) => [board._id, board.storyPageUrl ?? undefined]));

  const links = new Map<string, string>();
  for (const story of stories) {
    const id = story._id.toHexString();
    const first = story.services[0];
    const page =
      (story.source ? pageByOrigin.get(story.source) : undefined) ??
      (first ? pageByBoard.get(boardOf.get(first) ?? '') : undefined);
    links.set(
      id,
      page ? page.replaceAll('{id}', encodeURIComponent(id)) : `${deps.publicUrl}/#careloop-story=${id}`,
    );
  }
  return links;
}
