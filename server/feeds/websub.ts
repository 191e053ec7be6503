import type { Types } from 'mongoose';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import type { FeedAddress } from './feed.js';
import { lateWriteMs } from '../services/change-stamp.js';
import { constituencySlug } from './text.js';
import { isDuplicateKey } from '../models/duplicate-key.js';

export interface WebSubDeps {
  hub: string;
  logger: Logger;
  models: Pick<Models, 'stories' | 'responses' | 'replies' | 'organisations' | 'websubAnnouncements'>;
  /** The page's current ETag (it is built if need be), or null when the feed is now a 404. */
  currentEtag: (address: FeedAddress) => Promise<string | null>;
  /** Called before looking at feeds after the store changed, so they are rebuilt from the new state. */
  storeChanged: () => void;
  /** Absolute URLs of the feed in both formats. */
  urlsOf: (address: FeedAddress) => string[];
  pollIntervalMs?: number;
}

interface ChangedStory {
  _id: Types.ObjectId;
  services: string[];
  tagList?: string[] | null;
  publishedAt?: Date | null;
  updatedAt: Date;
}

/**
 * Tells the WebSub hub when feeds change. Every second it asks the store what changed since the last
 * look (stories, responses and replies by `updatedAt`), works out which feeds show them (the stories'
 * services and every service above, their constituencies, tags and the story's own thread), rebuilds
 * each feed's first page and pings the hub (`hub.mode=publish`) for those whose bytes changed.
 *
 * Every instance does this, and every instance sees every change: the version announced is recorded
 * in the store (`websub_announcements`) with a compare-and-set, and only the instance whose write
 * recorded it pings, so the hub hears of each change once however many instances there are.
 */
export class WebSubPublisher {
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private since: Date | undefined;
  /**
   * Changes already looked at, back to `lateWriteMs` before `since` (`kind:id:updatedAt`): each look
   * reaches back that far, so a write that lands after a newer one, with an older time, is still found.
   */
  private readonly seen = new Map<string, number>();

  constructor(private readonly deps: WebSubDeps) {
    this.pollIntervalMs = deps.pollIntervalMs ?? 1000;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.timer.unref();
    void this.poll();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** One look at the store; overlapping calls share the one in flight. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce()
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'WebSub: could not check feeds for changes'),
      )
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const { models } = this.deps;
    if (models.stories.db.readyState !== 1) return;
    const firstLook = !this.since;
    this.since ??= (await newest(models)) ?? new Date(0);
    const changedSince = { updatedAt: { $gte: new Date(this.since.getTime() - lateWriteMs) } };
    const [stories, responses, replies] = await Promise.all([
      models.stories
        .find(changedSince, { services: 1, tagList: 1, publishedAt: 1, updatedAt: 1 })
        .lean<ChangedStory[]>(),
      models.responses.find(changedSince, { storyId: 1, updatedAt: 1 }).lean<ThreadChange[]>(),
      models.replies.find(changedSince, { storyId: 1, updatedAt: 1 }).lean<ThreadChange[]>(),
    ]);
    const fresh = <T extends { _id: Types.ObjectId; updatedAt: Date }>(kind: string, documents: T[]) =>
      documents.filter((document) => !this.seen.has(changeKey(kind, document)));
    const changedStories = fresh('story', stories);
    const changedThreads = [...fresh('response', responses), ...fresh('reply', replies)];
    this.advance([
      ...stories.map((story) => ({ kind: 'story', document: story })),
      ...responses.map((response) => ({ kind: 'response', document: response })),
      ...replies.map((reply) => ({ kind: 'reply', document: reply })),
    ]);
    // Changes before this instance started were announced by whoever made them.
    if (firstLook) return;
    if (changedStories.length === 0 && changedThreads.length === 0) return;

    const threadStoryIds = changedThreads.map((change) => change.storyId);
    const threadStories = threadStoryIds.length
      ? await models.stories
          .find({ _id: { $in: threadStoryIds } }, { services: 1, tagList: 1, publishedAt: 1, updatedAt: 1 })
          .lean<ChangedStory[]>()
      : [];
    // A story never published was never in a feed, and is not in one now.
    const affected = await this.affectedFeeds(
      changedStories.filter((story) => story.publishedAt),
      threadStories.filter((story) => story.publishedAt),
    );
    if (affected.length === 0) return;
    this.deps.storeChanged();
    for (const address of affected) {
      const key = `${address.scope}/${address.key}/${address.activity}`;
      const etag = await this.deps.currentEtag(address);
      if (!(await this.claimAnnouncement(key, etag))) continue;
      for (const url of this.deps.urlsOf(address)) await this.ping(url);
    }
  }

  /**
   * Records `etag` as the announced version of the feed at `key`; true when this call changed it (so
   * this instance pings), false when it was already announced, here or by another instance.
   */
  private async claimAnnouncement(key: string, etag: string | null): Promise<boolean> {
    const { websubAnnouncements } = this.deps.models;
    const announcedAt = new Date();
    // Compare-and-set in one write: only a record holding another version matches, so one instance
    // wins it; a feed never announced is inserted, and when several instances insert it at once the
    // unique _id lets one through and answers the rest E11000. Announced already at this version:
    // no match, and the upsert's insert collides with the record there (E11000) — nothing to ping.
    try {
      const changed = await websubAnnouncements.updateOne(
        { _id: key, etag: { $ne: etag } },
        { $set: { etag, announcedAt } },
        { upsert: true },
      );
      return changed.modifiedCount > 0 || changed.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private advance(changes: { kind: string; document: { _id: Types.ObjectId; updatedAt: Date } }[]): void {
    const latest = Math.max(
      this.since?.getTime() ?? 0,
      ...changes.map(({ document }) => document.updatedAt.getTime()),
    );
    this.since = new Date(latest);
    for (const { kind, document } of changes)
      this.seen.set(changeKey(kind, document), document.updatedAt.getTime());
    for (const [key, at] of this.seen) if (at < latest - lateWriteMs) this.seen.delete(key);
  }

  private async affectedFeeds(
    stories: ChangedStory[],
    threadStories: ChangedStory[],
  ): Promise<FeedAddress[]> {
    const serviceIds = [...new Set([...stories, ...threadStories].flatMap((story) => story.services))];
    const services = await this.deps.models.organisations
      .find({ _id: { $in: serviceIds } }, { ancestors: 1, constituency: 1 })
      .lean<Organisation[]>();
    const ancestorIds = [...new Set(services.flatMap((service) => service.ancestors))];
    const ancestors = await this.deps.models.organisations
      .find({ _id: { $in: ancestorIds } }, { constituency: 1 })
      .lean<Organisation[]>();
    const byId = new Map([...services, ...ancestors].map((service) => [service._id, service]));
    const lineOf = (story: ChangedStory) =>
      story.services.flatMap((id) => [id, ...(byId.get(id)?.ancestors ?? [])]);

    const addresses = new Map<string, FeedAddress>();
    const add = (address: Omit<FeedAddress, 'before'>) =>
      addresses.set(`${address.scope}/${address.key}/${address.activity}`, { ...address, before: null });
    for (const story of stories) {
      for (const id of lineOf(story)) {
        add({ scope: 'services', key: id, activity: false });
        add({ scope: 'services', key: id, activity: true });
        const constituency = byId.get(id)?.constituency;
        if (constituency)
          add({ scope: 'constituencies', key: constituencySlug(constituency), activity: false });
      }
      for (const tag of story.tagList ?? []) add({ scope: 'tags', key: tag, activity: false });
      add({ scope: 'stories', key: story._id.toHexString(), activity: false });
    }
    for (const story of threadStories) {
      for (const id of lineOf(story)) add({ scope: 'services', key: id, activity: true });
      add({ scope: 'stories', key: story._id.toHexString(), activity: false });
    }
    return [...addresses.values()];
  }

  private async ping(url: string): Promise<void> {
    try {
      const response = await fetch(this.deps.hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (!response.ok)
        this.deps.logger.warn({ status: response.status, feed: url }, 'WebSub hub refused a ping');
    } catch (error) {
      this.deps.logger.warn({ err: error, feed: url }, 'WebSub hub could not be reached');
    }
  }
}

function changeKey(kind: string, document: { _id: Types.ObjectId; updatedAt: Date }): string {
  return `${kind}:${document._id.toHexString()}:${document.updatedAt.getTime()}`;
}

interface ThreadChange {
  _id: Types.ObjectId;
  storyId: Types.ObjectId;
  updatedAt: Date;
}

async function newest(models: WebSubDeps['models']): Promise<Date | null> {
  const found = await Promise.all(
    [models.stories, models.responses, models.replies].map((model) =>
      (model as typeof models.stories)
        .findOne({}, { updatedAt: 1 })
        .sort({ updatedAt: -1 })
        .lean<{ updatedAt: Date }>(),
    ),
  );
  const times = found.flatMap((document) => (document ? [document.updatedAt.getTime()] : []));
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}
