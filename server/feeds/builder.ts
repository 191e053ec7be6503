import { Types } from 'mongoose';
import type { Config } from '../platform/config.js';
import { DomainError } from '../domain/errors.js';
import type { ThreadEntry, ThreadReply, ThreadResponse } from '../mappers/response.js';
import type { PublicStory } from '../mappers/story.js';
import type { Organisation } from '../models/organisation.js';
import type { OrganisationService } from '../services/organisations.js';
import { decodeCursor, encodeCursor, type ListPosition } from '../services/pagination.js';
import type { LinkedStory, PublicStories, PublicStoryFilter } from '../services/public-stories.js';
import { normaliseTag } from '../services/story-search.js';
import type { Feed, FeedAddress, FeedItem } from './feed.js';
import { constituencySlug, feedText } from './text.js';

/** Items per feed page; older ones are a `next` link away. */
export const feedPageSize = 50;

export interface FeedBuilderDeps {
  config: Pick<Config, 'publicUrl'>;
  organisations: Pick<
    OrganisationService,
    'subtreeIds' | 'servicesInConstituency' | 'constituencyNames' | 'get'
  >;
  publicStories: Pick<PublicStories, 'one' | 'page' | 'withIds' | 'thread' | 'newestResponses'>;
}

/**
 * What a feed shows, read through the public-stories service: exactly what the public API shows of
 * published stories, their visible responses and published replies. Unknown services, constituencies,
 * tags and stories (and stories not published) are `not-found` errors.
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
      : await this.storyPage({ services: subtree }, address.before);
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
      ...(await this.storyPage({ services }, address.before)),
    };
  }

  private async tagFeed(address: FeedAddress): Promise<Feed> {
    const tag = normaliseTag(address.key);
    if (!tag) throw notFound('There is no empty tag.');
    return {
      title: `Stories tagged “${feedText(tag)}”`,
      description: `Patients' and carers' stories with this tag, as published on careloop.`,
      homePageUrl: `${this.deps.config.publicUrl}/feeds`,
      ...(await this.storyPage({ tag }, address.before)),
    };
  }

  /** The story, then its thread in time order: a thread is short, so it is one page. */
  private async storyFeed(id: string): Promise<Feed> {
    const linked = await this.deps.publicStories.one(id);
    if (!linked) throw notFound(`There is no published story ${JSON.stringify(id)}.`);
    const thread = await this.deps.publicStories.thread(linked.story);
    return {
      title: `Story: ${feedText(linked.story.title)}`,
      description: `A patient's or carer's story, and the responses to it, as published on careloop.`,
      homePageUrl: linked.link,
      items: [storyItem(linked), ...thread.map((entry) => threadItem(entry, linked))],
      next: null,
    };
  }

  /** A newest-first page of published stories matching `filter`. */
  private async storyPage(
    filter: PublicStoryFilter,
    before: string | null,
  ): Promise<Pick<Feed, 'items' | 'next'>> {
    const found = await this.deps.publicStories.page(filter, feedPageSize + 1, positionOf(before));
    const page = found.slice(0, feedPageSize);
    const last = page.at(-1);
    return {
      items: page.map(storyItem),
      next: found.length > feedPageSize && last ? encodeCursor(positionAfter(last)) : null,
    };
  }

  /**
   * Stories and visible responses about the subtree, newest first by when they appeared (a story when
   * published, a response when posted).
   */
  private async activityPage(
    subtree: string[],
    before: string | null,
  ): Promise<Pick<Feed, 'items' | 'next'>> {
    const position = positionOf(before);
    const [stories, responses] = await Promise.all([
      this.deps.publicStories.page({ services: subtree }, feedPageSize + 1, position),
      this.deps.publicStories.newestResponses(subtree, feedPageSize + 1, position),
    ]);
    const entries = [
      ...stories.map((linked) => ({ at: positionAfter(linked), linked, response: undefined })),
      ...responses.map(({ response, storyId }) => ({
        at: { at: new Date(response.createdAt), id: new Types.ObjectId(response.id) },
        linked: undefined,
        response: { ...response, storyId },
      })),
    ].sort(
      (a, b) =>
        b.at.at.getTime() - a.at.at.getTime() || b.at.id.toHexString().localeCompare(a.at.id.toHexString()),
    );
    const page = entries.slice(0, feedPageSize);
    // The stories the page's responses answer, read once for the page (most are on it already).
    const storiesById = new Map(stories.map((linked) => [linked.story.id, linked]));
    const missing = [
      ...new Set(
        page.flatMap((entry) =>
          entry.response && !storiesById.has(entry.response.storyId) ? [entry.response.storyId] : [],
        ),
      ),
    ];
    for (const linked of await this.deps.publicStories.withIds(missing))
      storiesById.set(linked.story.id, linked);
    const items = page.flatMap((entry): FeedItem[] => {
      if (entry.linked) return [storyItem(entry.linked)];
      const on = storiesById.get(entry.response.storyId);
      return on ? [responseItem(entry.response, on, true)] : [];
    });
    const last = page.at(-1);
    return {
      items,
      next: entries.length > feedPageSize && last ? encodeCursor(last.at) : null,
    };
  }

  /** The constituency whose slug this is (the names are the services' own). */
  private async constituencyNamed(slug: string): Promise<string | undefined> {
    const names = await this.deps.organisations.constituencyNames();
    return names.find((name) => constituencySlug(name) === slug);
  }

  /** The board's own website when it embeds careloop, else careloop's feed index. */
  private async homePageOf(service: Organisation): Promise<string> {
    const boardId = service.ancestors[0] ?? service._id;
    const board = boardId === service._id ? service : await this.deps.organisations.get(boardId);
    const origin = board?.allowedOrigins?.[0];
    return origin ? `${origin}/` : `${this.deps.config.publicUrl}/feeds`;
  }
}

function notFound(detail: string) {
  return DomainError.notFound(detail);
}

function positionOf(before: string | null): ListPosition | undefined {
  return before === null ? undefined : decodeCursor(before, 'before');
}

/** Where the next page starts after this story: its publication, then its id. */
function positionAfter({ story }: LinkedStory): ListPosition {
  return { at: new Date(story.publishedAt!), id: new Types.ObjectId(story.id) };
}

function storyTags(story: PublicStory): string[] {
  const tags = [...story.tags.good, ...story.tags.improve, ...story.tags.feelings];
  return [...new Set(tags.map(feedText).filter((tag) => tag.length > 0))];
}

function storyItem({ story, link }: LinkedStory): FeedItem {
  const published = new Date(story.publishedAt!);
  return {
    id: `urn:careloop:story:${story.id}`,
    url: link,
    title: feedText(story.title),
    text: feedText(story.body),
    tags: storyTags(story),
    author: feedText(story.nickname),
    published,
    modified: published,
    extension: {
      type: 'story',
      services: story.services,
      responseCount: story.responseCount,
      change: story.change,
      meTooCount: story.meTooCount,
    },
  };
}

function threadItem(entry: ThreadEntry, on: LinkedStory): FeedItem {
  return entry.type === 'response' ? responseItem(entry, on, false) : replyItem(entry, on);
}

const changeWords: Record<string, string> = { planned: 'change planned', made: 'change made' };

function responseItem(response: ThreadResponse, { story, link }: LinkedStory, nameStory: boolean): FeedItem {
  const { responder } = response;
  const change = response.change ? ` (${changeWords[response.change] ?? response.change})` : '';
  const who = `${responder.name}, ${responder.organisation.name}`;
  const published = new Date(response.createdAt);
  return {
    id: `urn:careloop:response:${response.id}`,
    url: link,
    title: feedText(
      nameStory ? `${who} responded to “${story.title}”${change}` : `Response from ${who}${change}`,
    ),
    text: feedText(response.body),
    tags: [],
    author: feedText(responder.jobTitle ? `${responder.name}, ${responder.jobTitle}` : responder.name),
    published,
    modified: response.editedAt ? new Date(response.editedAt) : published,
    extension: {
      type: 'response',
      storyId: story.id,
      responder: {
        name: feedText(responder.name),
        jobTitle: responder.jobTitle ? feedText(responder.jobTitle) : null,
        organisation: { id: responder.organisation.id, name: feedText(responder.organisation.name) },
      },
      change: response.change,
      helpfulCount: response.helpfulCount,
    },
  };
}

function replyItem(reply: ThreadReply, { story, link }: LinkedStory): FeedItem {
  const published = new Date(reply.publishedAt);
  return {
    id: `urn:careloop:reply:${reply.id}`,
    url: link,
    title: feedText(
      reply.kind === 'update' ? `${story.nickname} added an update` : `${story.nickname} replied`,
    ),
    text: feedText(reply.body),
    tags: [],
    author: feedText(story.nickname),
    published,
    modified: published,
    extension: { type: 'reply', kind: reply.kind, storyId: story.id },
  };
}
