import { Types } from 'mongoose';
import {
  publicResponseProjection,
  toThreadResponse,
  type PublicResponseFields,
  type ThreadEntry,
  type ThreadResponse,
} from '../mappers/response.js';
import {
  publicStoryProjection,
  toPublicStory,
  type PublicStory,
  type PublicStoryFields,
} from '../mappers/story.js';
import type { Models } from '../models/index.js';
import type { OrganisationService } from './organisations.js';
import { afterPosition, type ListPosition } from './pagination.js';
import { storyLinks, type StoryLinkDeps } from './story-links.js';
import { threadOf } from './thread.js';

/** A published story as anyone may see it, with the absolute link to where it is shown. */
export interface LinkedStory {
  story: PublicStory;
  link: string;
}

/** A visible response, and the id of the published story it answers. */
export interface ResponseToStory {
  response: ThreadResponse;
  storyId: string;
}

/** Which published stories a page holds: about any of these services, or with this tag. */
export type PublicStoryFilter = { services: string[] } | { tag: string };

export interface PublicStoriesDeps {
  config: { publicUrl: string };
  models: Pick<Models, 'stories' | 'responses' | 'replies'>;
  organisations: Pick<OrganisationService, 'byIds'> & StoryLinkDeps['organisations'];
}

/**
 * What anyone may read of careloop, for the views that are not the API's own (the feeds): published
 * stories, their visible responses and published replies, each through the public mapper, so a feed
 * shows exactly what the public API shows and can show nothing else. Only the public fields are read
 * from the store.
 */
export class PublicStories {
  constructor(private readonly deps: PublicStoriesDeps) {}

  /** One published story, or null (unknown, malformed id, or not published). */
  async one(id: string): Promise<LinkedStory | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    const [story] = await this.read({ _id: new Types.ObjectId(id) }, 1);
    return story ?? null;
  }

  /** Up to `limit` published stories, newest first, after `position`. */
  async page(filter: PublicStoryFilter, limit: number, position?: ListPosition): Promise<LinkedStory[]> {
    const query = 'tag' in filter ? { tagList: filter.tag } : { services: { $in: filter.services } };
    return this.read({ ...query, ...(position ? afterPosition('publishedAt', position) : {}) }, limit);
  }

  /** The published ones among these stories (any order). */
  async withIds(ids: string[]): Promise<LinkedStory[]> {
    if (ids.length === 0) return [];
    return this.read({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
  }

  /** The story's thread as an anonymous reader sees it, oldest first. */
  thread(story: PublicStory): Promise<ThreadEntry[]> {
    return threadOf(this.deps.models, new Types.ObjectId(story.id), { kind: 'anonymous' });
  }

  /**
   * Up to `limit` visible responses about the services, newest first, after `position`. They are read
   * through the responses' `{services, createdAt}` index a page at a time; a response whose story is no
   * longer published (withdrawn, held) is skipped and the next ones are read in its place.
   */
  async newestResponses(
    services: string[],
    limit: number,
    position?: ListPosition,
  ): Promise<ResponseToStory[]> {
    const found: ResponseToStory[] = [];
    let after = position;
    for (let round = 0; round < 5 && found.length < limit; round++) {
      const batch = await this.deps.models.responses
        .find(
          {
            services: { $in: services },
            deletedAt: null,
            hiddenAt: null,
            withheld: null,
            ...(after ? afterPosition('createdAt', after) : {}),
          },
          publicResponseProjection,
        )
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<PublicResponseFields[]>();
      if (batch.length === 0) break;
      // Only whether each story is published: the caller reads the few stories its page shows.
      const published = await this.deps.models.stories
        .find({ _id: { $in: batch.map((response) => response.storyId) }, status: 'published' }, { _id: 1 })
        .lean<Array<{ _id: Types.ObjectId }>>();
      const visible = new Set(published.map((story) => story._id.toHexString()));
      for (const response of batch) {
        const storyId = response.storyId.toHexString();
        if (visible.has(storyId)) found.push({ response: toThreadResponse(response), storyId });
      }
      if (batch.length < limit) break;
      const last = batch.at(-1)!;
      after = { at: last.createdAt, id: last._id };
    }
    return found.slice(0, limit);
  }

  /** Published stories matching `filter`, newest first, mapped and linked. */
  private async read(filter: object, limit = 0): Promise<LinkedStory[]> {
    const stored = await this.deps.models.stories
      .find({ ...filter, status: 'published' }, { ...publicStoryProjection, source: 1 })
      .sort({ publishedAt: -1, _id: -1 })
      .limit(limit)
      .lean<Array<PublicStoryFields & { source?: string | null }>>();
    const [servicesById, links] = await Promise.all([
      this.deps.organisations.byIds(stored.flatMap((story) => story.services)),
      storyLinks(stored, { publicUrl: this.deps.config.publicUrl, organisations: this.deps.organisations }),
    ]);
    return stored.map((story) => ({
      story: toPublicStory(story, servicesById),
      link: links.get(story._id.toHexString())!,
    }));
  }
}
