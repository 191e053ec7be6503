import type { Config } from '../platform/config.js';
import type { Language } from '../l10n/index.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import { isNotFound } from '../domain/errors.js';
import type { OrganisationService } from '../services/organisations.js';
import type { PublicStories } from '../services/public-stories.js';
import { FeedBuilder } from './builder.js';
import { FeedCache, type CachedBody } from './cache.js';
import {
  ChangeWatch,
  changeStamp,
  type StampedCollection,
  type StoreStamp,
} from '../services/change-stamp.js';
import { feedContentTypes, feedPath, type FeedAddress, type FeedFormat } from './feed.js';
import { renderFeedIndex } from './index-page.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss, type FeedLinks } from './rss.js';
import { WebSubPublisher } from './websub.js';

export interface FeedsDeps {
  config: Pick<Config, 'publicUrl' | 'websubHub' | 'feedCache'>;
  logger: Logger;
  models: Models;
  services: { organisations: OrganisationService; publicStories: PublicStories };
}

/**
 * careloop's feeds: built from the store by FeedBuilder, written as RSS or JSON Feed, kept in a
 * FeedCache until the store changes, and announced to a WebSub hub when one is configured.
 */
export class Feeds {
  /**
   * The change stamp of everything the public sees: shared with the cache of anonymous story lists
   * and threads (middleware/public-story-reads.ts), so one read serves both.
   */
  readonly publicChanges: ChangeWatch;
  private readonly builder: FeedBuilder;
  private readonly cache: FeedCache;
  private readonly websub: WebSubPublisher | undefined;

  constructor(private readonly deps: FeedsDeps) {
    this.builder = new FeedBuilder({
      config: deps.config,
      organisations: deps.services.organisations,
      publicStories: deps.services.publicStories,
    });
    this.publicChanges = new ChangeWatch(() => publicChangeStamp(deps.models));
    this.cache = new FeedCache({ changes: this.publicChanges, enabled: deps.config.feedCache });
    const hub = deps.config.websubHub;
    this.websub = hub
      ? new WebSubPublisher({
          hub,
          logger: deps.logger,
          models: deps.models,
          storeChanged: () => this.publicChanges.noteLocalWrite(),
          currentEtag: async (address) => {
            try {
              return (await this.page(address, 'json')).etag;
            } catch (error) {
              if (isNotFound(error)) return null;
              throw error;
            }
          },
          urlsOf: (address) => [this.url(address, 'rss'), this.url(address, 'json')],
        })
      : undefined;
  }

  get hub(): string | undefined {
    return this.deps.config.websubHub;
  }

  /** The absolute URL of a feed (or of one of its older pages). */
  url(address: FeedAddress, format: FeedFormat, before = address.before): string {
    return `${this.deps.config.publicUrl}${feedPath(address, format, before)}`;
  }

  /** A feed page, rendered: from the cache while the store has not changed. @throws `not-found` or `invalid` (a bad cursor). */
  page(address: FeedAddress, format: FeedFormat): Promise<CachedBody> {
    return this.cache.get(feedPath(address, format), async () => {
      const feed = await this.builder.build(address);
      const links: FeedLinks = {
        self: this.url(address, format),
        next: feed.next ? this.url(address, format, feed.next) : null,
        hub: this.hub,
      };
      const body = format === 'rss' ? renderRss(feed, links) : renderJsonFeed(feed, links);
      return { body, contentType: feedContentTypes[format] };
    });
  }

  /** The `/feeds` page in `language`: every board, its hospitals and every constituency, with their feeds. */
  indexPage(language: Language): Promise<CachedBody> {
    return this.cache.get(`/feeds?lang=${language}`, async () => ({
      body: await renderFeedIndex({
        models: this.deps.models,
        url: (address, format) => this.url(address, format),
        language,
      }),
      contentType: 'text/html; charset=utf-8',
    }));
  }

  /** Forget every rendered feed: for code that changed the store outside an HTTP request. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** Starts the WebSub change watch (when a hub is configured). */
  start(): void {
    this.websub?.start();
  }

  async stop(): Promise<void> {
    await this.websub?.stop();
  }
}

/**
 * The change stamp (change-stamp.ts, late writes from other instances included) of everything the public
 * sees — feeds, and anonymous story lists and threads: among stories only those ever published count
 * (`publishedAt` is set on publication and never cleared). A story just told is in no public answer,
 * so a stream of submissions does not throw away every cached page; any change to a story that is or
 * was published — withdrawn, edited, hidden again, read by staff — still moves the stamp.
 */
export function publicChangeStamp(models: Models): Promise<StoreStamp> {
  const { stories, responses, replies, organisations } = models as unknown as Record<
    'stories' | 'responses' | 'replies' | 'organisations',
    StampedCollection
  >;
  return changeStamp([
    { collection: stories, only: { publishedAt: { $ne: null } } },
    responses,
    replies,
    organisations,
  ]);
}
