import type { Types } from 'mongoose';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import type { Models } from '../models/index.js';
import { dailyDigest } from './emails/daily-digest.js';
import type { MailService } from './mail/index.js';
import { markHeard, namesOf, scopeNameIn, type NotifiedStory } from './notifier-helpers.js';
import type { OrganisationService } from './organisations.js';
import { reachOf, subscriptionMatches, type StoryReach } from './story-reach.js';
import { storyLinks } from './story-links.js';
import type { Subscriber, SubscriptionService } from './subscriptions.js';

const dayMs = 24 * 60 * 60 * 1000;
/** Digests are looked for at most this often (and whenever the UTC day has turned). */
const checkEveryMs = 60 * 1000;
/** Subscriptions handled per query; more are taken in further rounds of the same check. */
const batchSize = 200;

/** `YYYY-MM-DD` of `date` in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day before `date`'s. */
export function previousUtcDay(date: Date): string {
  return utcDay(new Date(date.getTime() - dayMs));
}

/**
 * Daily digests: once the UTC day has turned, each daily subscription whose last digest is older than
 * yesterday gets yesterday's matching stories in one email (dedupe key `digest:<id>:<day>`; none when
 * nothing matched), and then records the day. A crash between the two redoes the email, which the
 * outbox drops as a duplicate.
 */
export class DigestBuilder {
  private lastCheck: { at: number; day: string } | undefined;

  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      models: Models;
      organisations: OrganisationService;
      subscriptions: SubscriptionService;
      mail: Pick<MailService, 'enqueue'>;
      now: () => Date;
    },
  ) {}

  /** Builds the digests due, unless it looked less than a minute ago on the same day; resolves with how many it queued. */
  async runIfDue(): Promise<number> {
    const now = this.deps.now();
    const day = previousUtcDay(now);
    const last = this.lastCheck;
    const sinceLast = last ? now.getTime() - last.at : Infinity;
    if (last?.day === day && sinceLast >= 0 && sinceLast < checkEveryMs) return 0;
    this.lastCheck = { at: now.getTime(), day };
    let queued = 0;
    let stories: DigestStory[] | undefined;
    for (;;) {
      const due = await this.deps.models.subscriptions
        .find({ mode: 'daily', $or: [{ lastDigestDay: null }, { lastDigestDay: { $lt: day } }] })
        .limit(batchSize)
        .lean<SubscriptionRecord[]>();
      if (due.length === 0) return queued;
      stories ??= await this.storiesOf(day);
      queued += await this.send(day, due, stories);
      if (due.length < batchSize) return queued;
    }
  }

  /** Queues the digests of `due` (those with matching stories), then records the day on each. */
  private async send(day: string, due: SubscriptionRecord[], stories: DigestStory[]): Promise<number> {
    const subscribers = await this.deps.subscriptions.deliverable(due);
    const heardBy = new Map<DigestStory, Subscriber[]>();
    let queued = 0;
    for (const subscriber of subscribers) {
      const { subscription } = subscriber;
      const matched = stories.filter((story) =>
        subscriptionMatches(subscription, story.reach, story.record.criticality),
      );
      if (matched.length === 0) continue;
      const subscriptionId = subscription._id.toHexString();
      await this.deps.mail.enqueue([
        {
          dedupeKey: `digest:${subscriptionId}:${day}`,
          to: subscriber.to,
          ...dailyDigest({
            day,
            scopeName: scopeNameIn(subscription, matched[0]?.reach as StoryReach),
            stories: matched.map((story) => ({
              title: story.record.title,
              serviceNames: namesOf(story.record.services, story.reach),
              url: story.url,
            })),
            unsubscribeUrl: await this.deps.subscriptions.unsubscribeUrl(
              this.deps.config.publicUrl,
              subscriptionId,
              subscriber.language,
            ),
            subscriptionsUrl: await this.deps.subscriptions.subscriptionsUrl(
              this.deps.config.publicUrl,
              subscriptionId,
              subscriber.language,
            ),
            language: subscriber.language,
          }),
        },
      ]);
      queued += 1;
      for (const story of matched) heardBy.set(story, [...(heardBy.get(story) ?? []), subscriber]);
    }
    for (const [story, heard] of heardBy) {
      await markHeard(this.deps.models, story.record._id, heard, story.reach, this.deps.now());
    }
    await this.deps.models.subscriptions.updateMany(
      { _id: { $in: due.map((subscription) => subscription._id) } },
      { $set: { lastDigestDay: day } },
    );
    return queued;
  }

  /** The stories published on `day` (UTC), oldest first, with what matching and links need. */
  private async storiesOf(day: string): Promise<DigestStory[]> {
    const start = new Date(`${day}T00:00:00Z`);
    const records = await this.deps.models.stories
      .find({ status: 'published', publishedAt: { $gte: start, $lt: new Date(start.getTime() + dayMs) } })
      .sort({ publishedAt: 1, _id: 1 })
      .lean<NotifiedStory[]>();
    const links = await storyLinks(records, {
      publicUrl: this.deps.config.publicUrl,
      organisations: this.deps.organisations,
    });
    return Promise.all(
      records.map(async (record) => ({
        record,
        reach: await reachOf(this.deps.organisations, record.services),
        url: links.get(record._id.toHexString())!,
      })),
    );
  }
}

interface DigestStory {
  record: NotifiedStory & { _id: Types.ObjectId };
  reach: StoryReach;
  url: string;
}
