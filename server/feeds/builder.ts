import { Types } from 'mongoose';
import type { Config } from '../config.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import { DomainError } from '../domain/errors.js';
import type { OrganisationService } from '../services/organisations.js';
import { afterPosition, decodeCursor, encodeCursor, type ListPosition } from '../services/pagination.js';
import { normaliseTag } from '../services/story-search.js';
import type { Feed, FeedAddress, FeedItem } from './feed.js';
import { storyLinks } from './links.js';
import { constituencySlug, feedText } from './text.js';

/** Items per feed page; older ones are a `next` link away. */
export const feedPageSize = 50;

/** Only public fields are ever read from the store for a feed: nothing private can reach one. */
const publicStoryFields = {
  title: 1,
  body: 1,
  nickname: 1,
  services: 1,
  tags: 1,
  publishedAt: 1,
  source: 1,
  responseCount: 1,
  change: 1,
} as const;
const publicResponseFields = {
  storyId: 1,
  body: 1,
  change: 1,
  'responder.name': 1,
  'responder.jobTitle': 1,
  'responder.organisation': 1,
  createdAt: 1,
  editedAt: 1,
} as const;

interface FeedStory {
  _id: Types.ObjectId;
  title: string;
  body: string;
  nickname: string;
  services: string[];
  tags?: { good?: string[]; improve?: string[]; feelings?: string[] } | null;
  publishedAt: Date;
  source?: string | null;
  responseCount?: number | null;
  change?: string | null;
}

interface FeedResponse {
  _id: Types.ObjectId;
  storyId: Types.ObjectId;
  body: string;
  change?: string | null;
  responder: { name: string; jobTitle?: string | null; organisation: { id: string; name: string } };
  createdAt: Date;
  editedAt?: Date | null;
}

interface FeedReply {
  _id: Types.ObjectId;
  storyId: Types.ObjectId;
  body: string;
  publishedAt?: Date | null;
  updatedAt: Date;
}

export interface FeedBuilderDeps {
  config: Pick<Config, 'publicUrl'>;
  models: Pick<Models, 'stories' | 'responses' | 'replies' | 'organisations'>;
  organisations: Pick<OrganisationService, 'subtreeIds' | 'servicesInConstituency' | 'get'>;
}

/**
 * Reads what a feed shows from the store: published stories only; responses neither hidden nor
 * deleted, on published stories; published author replies. Unknown services, constituencies and
 * stories (and stories not published) are `not-found` errors.
 */
export class FeedBuilder {
  constructor(private readonly deps: FeedBuilderDeps) {}

  async build(address: FeedAddress): Promise<Feed> {
    switch (address.scope) {
      case 'services':
        return this.serviceFeed(address);
      case 'constituencies':
        return this.constituencyFeed(address);
      case 'tags':
        return this.tagFeed(address);
      case 'stories':
        return this.storyFeed(address.key);
    }
  }

  private async serviceFeed(address: FeedAddress): Promise<Feed> {
    const service = await this.deps.organisations.get(address.key);
    if (!service) throw notFound(`There is no service ${JSON.stringify(address.key)}.`);
    const subtree = await this.deps.organisations.subtreeIds(service._id);
    // The channel description names nobody: see channelDescription in rss.ts.
    const about = service.kind === 'board' ? 'this board and its services' : 'this service';
    const page = address.activity
      ? await this.activityPage(subtree, address.before)
      : await this.storyPage({ services: { $in: subtree } }, address.before);
    return {
      title: address.activity ? `Stories and responses: ${service.name}` : `Stories about ${service.name}`,
      description: address.activity
        ? `Patients' and carers' stories about ${about}, and the responses to them, as published on careloop.`
        : `Patients' and carers' stories about ${about}, as published on careloop.`,
      homePageUrl: await this.homePageOf(service),
      ...page,
    };
  }

  private async constituencyFeed(address: FeedAddress): Promise<Feed> {
    const name = await this.constituencyNamed(address.key);
    if (!name) throw notFound(`There is no constituency ${JSON.stringify(address.key)}.`);
    const services = await this.deps.organisations.servicesInConstituency(name);
    return {
      title: `Stories from ${name}`,
      description: `Patients' and carers' stories about health and care services in this constituency, as published on careloop.`,
      homePageUrl: `${this.deps.config.publicUrl}/feeds`,
      ...(await this.storyPage({ services: { $in: services } }, address.before)),
    };
  }

  private async tagFeed(address: FeedAddress): Promise<Feed> {
    const tag = normaliseTag(address.key);
    if (!tag) throw notFound('There is no empty tag.');
    return {
      title: `Stories tagged “${feedText(tag)}”`,
      description: `Patients' and carers' stories with this tag, as published on careloop.`,
      homePageUrl: `${this.deps.config.publicUrl}/feeds`,
      ...(await this.storyPage({ tagList: tag }, address.before)),
    };
  }

  /** The story, then its thread in time order: a thread is short, so it is one page. */
  private async storyFeed(id: string): Promise<Feed> {
    const story =
      Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id)
        ? await this.deps.models.stories
            .findOne({ _id: new Types.ObjectId(id), status: 'published' }, publicStoryFields)
            .lean<FeedStory>()
        : null;
    if (!story) throw notFound(`There is no published story ${JSON.stringify(id)}.`);
    const [responses, replies, links, servicesById] = await Promise.all([
      this.deps.models.responses
        .find({ storyId: story._id, deletedAt: null, hiddenAt: null }, publicResponseFields)
        .sort({ createdAt: 1, _id: 1 })
        .lean<FeedResponse[]>(),
      this.deps.models.replies
        .find(
          { storyId: story._id, status: 'published' },
          { storyId: 1, body: 1, publishedAt: 1, updatedAt: 1 },
        )
        .sort({ createdAt: 1, _id: 1 })
        .lean<FeedReply[]>(),
      storyLinks([story], this.linkDeps()),
      this.servicesById([story]),
    ]);
    const link = links.get(story._id.toHexString())!;
    const thread = [
      ...responses.map((response) => ({
        at: response.createdAt,
        item: responseItem(response, story, link, false),
      })),
      ...replies.map((reply) => ({
        at: reply.publishedAt ?? reply.updatedAt,
        item: replyItem(reply, story, link),
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      title: `Story: ${feedText(story.title)}`,
      description: `A patient's or carer's story, and the responses to it, as published on careloop.`,
      homePageUrl: link,
      items: [storyItem(story, link, servicesById), ...thread.map(({ item }) => item)],
      next: null,
    };
  }

  /** A newest-first page of published stories matching `filter`. */
  private async storyPage(filter: object, before: string | null): Promise<Pick<Feed, 'items' | 'next'>> {
    const position = before === null ? undefined : decodeCursor(before, 'before');
    const found = await this.deps.models.stories
      .find(
        { status: 'published', ...filter, ...(position ? afterPosition('publishedAt', position) : {}) },
        publicStoryFields,
      )
      .sort({ publishedAt: -1, _id: -1 })
      .limit(feedPageSize + 1)
      .lean<FeedStory[]>();
    const page = found.slice(0, feedPageSize);
    const [links, servicesById] = await Promise.all([
      storyLinks(page, this.linkDeps()),
      this.servicesById(page),
    ]);
    const last = page.at(-1);
    return {
      items: page.map((story) => storyItem(story, links.get(story._id.toHexString())!, servicesById)),
      next: found.length > feedPageSize && last ? encodeCursor({ at: last.publishedAt, id: last._id }) : null,
    };
  }

  /**
   * Stories and visible responses about the subtree, newest first by when they appeared (a story when
   * published, a response when posted). Responses are found through the subtree's answered stories.
   */
  /**
   * The newest visible responses about the subtree, read in date order through the responses'
   * `{services, createdAt}` index, a page at a time; a response whose story is no longer published
   * (withdrawn, held) is skipped, and the next ones are read in its place.
   */
  private async newestVisibleResponses(
    subtree: string[],
    position: ReturnType<typeof decodeCursor> | undefined,
  ): Promise<FeedResponse[]> {
    const wanted = feedPageSize + 1;
    const visible: FeedResponse[] = [];
    let after = position;
    for (let round = 0; round < 5 && visible.length < wanted; round++) {
      const batch = await this.deps.models.responses
        .find(
          {
            services: { $in: subtree },
            deletedAt: null,
            hiddenAt: null,
            ...(after ? afterPosition('createdAt', after) : {}),
          },
          publicResponseFields,
        )
        .sort({ createdAt: -1, _id: -1 })
        .limit(wanted)
        .lean<FeedResponse[]>();
      if (batch.length === 0) break;
      const published = new Set(
        (
          await this.deps.models.stories
            .find(
              { _id: { $in: batch.map((response) => response.storyId) }, status: 'published' },
              { _id: 1 },
            )
            .lean<{ _id: Types.ObjectId }[]>()
        ).map((story) => story._id.toHexString()),
      );
      visible.push(...batch.filter((response) => published.has(response.storyId.toHexString())));
      if (batch.length < wanted) break;
      const last = batch.at(-1)!;
      after = { at: last.createdAt, id: last._id };
    }
    return visible.slice(0, wanted);
  }

  private async activityPage(
    subtree: string[],
    before: string | null,
  ): Promise<Pick<Feed, 'items' | 'next'>> {
    const position = before === null ? undefined : decodeCursor(before, 'before');
    const inSubtree = { status: 'published' as const, services: { $in: subtree } };
    const [stories, responses] = await Promise.all([
      this.deps.models.stories
        .find(
          { ...inSubtree, ...(position ? afterPosition('publishedAt', position) : {}) },
          publicStoryFields,
        )
        .sort({ publishedAt: -1, _id: -1 })
        .limit(feedPageSize + 1)
        .lean<FeedStory[]>(),
      this.newestVisibleResponses(subtree, position),
    ]);

    const entries = [
      ...stories.map((story) => ({ at: story.publishedAt, id: story._id, story, response: undefined })),
      ...responses.map((response) => ({
        at: response.createdAt,
        id: response._id,
        story: undefined,
        response,
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.toHexString().localeCompare(a.id.toHexString()));
    const page = entries.slice(0, feedPageSize);

    const storyIdsNeeded = page.flatMap((entry) => (entry.response ? [entry.response.storyId] : []));
    const respondedTo = storyIdsNeeded.length
      ? await this.deps.models.stories
          .find({ _id: { $in: storyIdsNeeded }, status: 'published' }, publicStoryFields)
          .lean<FeedStory[]>()
      : [];
    const storiesById = new Map<string, FeedStory>();
    for (const story of [...stories, ...respondedTo]) storiesById.set(story._id.toHexString(), story);
    const [links, servicesById] = await Promise.all([
      storyLinks([...storiesById.values()], this.linkDeps()),
      this.servicesById([...storiesById.values()]),
    ]);
    const items = page.flatMap((entry): FeedItem[] => {
      if (entry.story) {
        return [storyItem(entry.story, links.get(entry.story._id.toHexString())!, servicesById)];
      }
      const story = storiesById.get(entry.response.storyId.toHexString());
      if (!story) return [];
      return [responseItem(entry.response, story, links.get(story._id.toHexString())!, true)];
    });
    const last = page.at(-1);
    const more = entries.length > feedPageSize;
    const cursor: ListPosition | undefined = more && last ? { at: last.at, id: last.id } : undefined;
    return { items, next: cursor ? encodeCursor(cursor) : null };
  }

  /** The constituency whose slug this is (the names are the services' own). */
  private async constituencyNamed(slug: string): Promise<string | undefined> {
    const names = (await this.deps.models.organisations.distinct('constituency')) as unknown[];
    return names.find(
      (name): name is string => typeof name === 'string' && name !== '' && constituencySlug(name) === slug,
    );
  }

  /** The board's own website when it embeds careloop, else careloop's feed index. */
  private async homePageOf(service: Organisation): Promise<string> {
    const boardId = service.ancestors[0] ?? service._id;
    const board = boardId === service._id ? service : await this.deps.organisations.get(boardId);
    const origin = board?.allowedOrigins?.[0];
    return origin ? `${origin}/` : `${this.deps.config.publicUrl}/feeds`;
  }

  private async servicesById(stories: FeedStory[]): Promise<Map<string, string>> {
    const ids = [...new Set(stories.flatMap((story) => story.services))];
    const services = await this.deps.models.organisations
      .find({ _id: { $in: ids } }, { name: 1 })
      .lean<Pick<Organisation, '_id' | 'name'>[]>();
    return new Map(services.map((service) => [service._id, service.name]));
  }

  private linkDeps() {
    return { publicUrl: this.deps.config.publicUrl, models: this.deps.models };
  }
}

function notFound(detail: string) {
  return DomainError.notFound(detail);
}

function storyTags(story: FeedStory): string[] {
  const tags = [...(story.tags?.good ?? []), ...(story.tags?.improve ?? []), ...(story.tags?.feelings ?? [])];
  return [...new Set(tags.map(feedText).filter((tag) => tag.length > 0))];
}

function storyItem(story: FeedStory, link: string, servicesById: Map<string, string>): FeedItem {
  return {
    id: `urn:careloop:story:${story._id.toHexString()}`,
    url: link,
    title: feedText(story.title),
    text: feedText(story.body),
    tags: storyTags(story),
    author: feedText(story.nickname),
    published: story.publishedAt,
    modified: story.publishedAt,
    extension: {
      type: 'story',
      services: story.services.map((id) => ({ id, name: servicesById.get(id) ?? id })),
      responseCount: story.responseCount ?? 0,
      change: story.change ?? null,
    },
  };
}

const changeWords: Record<string, string> = { planned: 'change planned', made: 'change made' };

function responseItem(response: FeedResponse, story: FeedStory, link: string, nameStory: boolean): FeedItem {
  const responder = response.responder;
  const change = response.change ? ` (${changeWords[response.change] ?? response.change})` : '';
  const who = `${responder.name}, ${responder.organisation.name}`;
  return {
    id: `urn:careloop:response:${response._id.toHexString()}`,
    url: link,
    title: feedText(
      nameStory ? `${who} responded to “${story.title}”${change}` : `Response from ${who}${change}`,
    ),
    text: feedText(response.body),
    tags: [],
    author: feedText(responder.jobTitle ? `${responder.name}, ${responder.jobTitle}` : responder.name),
    published: response.createdAt,
    modified: response.editedAt ?? response.createdAt,
    extension: {
      type: 'response',
      storyId: story._id.toHexString(),
      responder: {
        name: feedText(responder.name),
        jobTitle: responder.jobTitle ? feedText(responder.jobTitle) : null,
        organisation: { id: responder.organisation.id, name: feedText(responder.organisation.name) },
      },
      change: response.change ?? null,
    },
  };
}

function replyItem(reply: FeedReply, story: FeedStory, link: string): FeedItem {
  const published = reply.publishedAt ?? reply.updatedAt;
  return {
    id: `urn:careloop:reply:${reply._id.toHexString()}`,
    url: link,
    title: feedText(`${story.nickname} replied`),
    text: feedText(reply.body),
    tags: [],
    author: feedText(story.nickname),
    published,
    modified: published,
    extension: { type: 'reply', storyId: story._id.toHexString() },
  };
}
