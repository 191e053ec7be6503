import type { Types } from 'mongoose';
import type { ServiceDeps } from './service-deps.js';
import { defaultLanguage, type Language } from '../l10n/index.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import { pendingEventTypes } from '../models/pending-event.js';
import { confirmSubscription } from './emails/confirm-subscription.js';
import type { EmailMessage } from './emails/content.js';
import { moderationReasonToAuthor } from './emails/moderation-reason-to-author.js';
import { privateLinkToAuthor } from './emails/private-link-to-author.js';
import { replyToResponder } from './emails/reply-to-responders.js';
import { responseRejected } from './emails/response-rejected.js';
import { responseToAuthor } from './emails/response-to-author.js';
import { responseToSubscriber } from './emails/response-to-subscriber.js';
import { storyPublishedAlert } from './emails/story-published-alert.js';
import { previewToAuthor, previewToResponder } from './emails/preview.js';
import type { MailService, OutgoingMessage } from './mail/index.js';
import { DigestBuilder } from './notifier-digests.js';
import type { OrganisationService } from './organisations.js';
import type { ScopeService } from './scopes.js';
import { reachOf } from './story-reach.js';
import { authorLink, storyLink } from './story-links.js';
import type { Subscriber, SubscriptionService } from './subscriptions.js';
import type { WebhookService } from './webhooks/index.js';
import {
  markHeard,
  namesOf,
  onePerAddress,
  scopeNameIn,
  type NotifiedStory,
  type PendingEvent,
} from './notifier-helpers.js';

interface NotifiedResponse {
  _id: Types.ObjectId;
  storyId: Types.ObjectId;
  body: string;
  change?: string | null;
  responder: {
    userId: Types.ObjectId;
    name: string;
    jobTitle?: string | null;
    organisation: { id: string; name: string };
  };
  deletedAt?: Date | null;
  hiddenAt?: Date | null;
  withheld?: string | null;
  rejectedReason?: string | null;
  pendingEvents: PendingEvent[];
}

interface NotifiedReply {
  _id: Types.ObjectId;
  storyId: Types.ObjectId;
  body: string;
  status: string;
  pendingEvents: PendingEvent[];
}

export interface NotifierDeps extends ServiceDeps {
  organisations: OrganisationService;
  scopes: ScopeService;
  subscriptions: SubscriptionService;
  mail: Pick<MailService, 'enqueue'>;
  webhooks: Pick<WebhookService, 'storyPublished' | 'storyGone' | 'responsePublished' | 'changeMarked'>;
  /** The clock digests are built by (UTC days); tests move it. */
  now?: () => Date;
}

/** Documents with news handled per collection per pass; a full batch runs another pass at once. */
const batchSize = 50;
const defaultPollMs = 5000;
/**
 * Kicked passes start at least this far apart. A pass reads four collections whether or not anything
 * is pending, and under a burst of stories every request kicks: passes back to back took more of the
 * event loop than the requests that kicked them (4 store queries per story told). A lone kick still
 * runs at once; a burst's events are handled, a batch at a time, within this delay.
 */
const minKickedGapMs = 250;

/**
 * Turns pending events (pushed onto stories, responses, replies and subscriptions in the same write as
 * the change) into outbox messages, applies their side effects, and only then pulls each event: a crash
 * anywhere leaves the event to be redone, and the outbox's dedupe keys keep that from sending twice.
 * Also builds daily digests once the UTC day has turned. Polls (for other instances' events and for
 * crashes), and `kick()` runs it at once after a request pushed an event.
 */
export class Notifier {
  private readonly deps: NotifierDeps;
  private readonly digests: DigestBuilder;
  private clock: () => Date;
  /** Passes run one after another: this is the last one queued. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private pollMs = defaultPollMs;
  private started = false;
  private inFlight: Promise<number> | undefined;
  /** When the last pass started (`performance.now()`), to space kicked passes. */
  private lastPassAt = Number.NEGATIVE_INFINITY;
  /** Kicked while a pass was running: that pass may have missed the new event, so run another. */
  private kicked = false;

  constructor(deps: NotifierDeps) {
    this.deps = deps;
    this.clock = deps.now ?? (() => new Date());
    this.digests = new DigestBuilder({ ...deps, now: () => this.clock() });
  }

  /** Tests: build digests by this clock from now on. */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  /** Polls every `pollMs` until `stop()`. */
  start(options: { pollMs?: number } = {}): void {
    if (this.started) return;
    this.started = true;
    this.pollMs = options.pollMs ?? defaultPollMs;
    this.schedule(0);
  }

  /** Stops polling; resolves once the pass in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain.catch(() => undefined);
  }

  /** Runs a pass soon, when polling: a request just pushed an event. */
  kick(): void {
    if (!this.started) return;
    if (this.inFlight) this.kicked = true;
    else this.schedule(this.kickedPassDelay());
  }

  /** How long a kicked pass waits so that it starts `minKickedGapMs` after the last one. */
  private kickedPassDelay(): number {
    return Math.max(0, this.lastPassAt + minKickedGapMs - performance.now());
  }

  /** One pass over everything pending (and digests, if due); resolves with how many things it handled. */
  runOnce(): Promise<number> {
    const pass = this.chain.then(() => this.pass());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (!this.started) return;
    let handled = 0;
    try {
      this.lastPassAt = performance.now();
      this.inFlight = this.runOnce();
      handled = await this.inFlight;
    } catch (error) {
      this.deps.logger.error({ err: error }, 'notifier pass failed');
    } finally {
      this.inFlight = undefined;
    }
    // A full batch goes on at once (more is waiting); a kick during the pass waits its turn.
    const delay = handled >= batchSize ? 0 : this.kicked ? this.kickedPassDelay() : this.pollMs;
    this.kicked = false;
    if (this.started) this.schedule(delay);
  }

  private async pass(): Promise<number> {
    let handled = 0;
    handled += await this.drain('stories', this.deps.models.stories, (doc: NotifiedStory, event) =>
      this.storyEvent(doc, event),
    );
    handled += await this.drain('responses', this.deps.models.responses, (doc: NotifiedResponse, event) =>
      this.responseEvent(doc, event),
    );
    handled += await this.drain('replies', this.deps.models.replies, (doc: NotifiedReply, event) =>
      this.replyEvent(doc, event),
    );
    handled += await this.drain(
      'subscriptions',
      this.deps.models.subscriptions,
      (doc: SubscriptionRecord, event) => this.subscriptionEvent(doc, event),
    );
    handled += await this.digests.runIfDue();
    return handled;
  }

  /**
   * Handles the events of up to a batch of a collection's documents, oldest event first; an event is
   * pulled only after its handler finished. A failing event is logged and left for the next pass.
   */
  private async drain<Doc extends { _id: Types.ObjectId; pendingEvents: PendingEvent[] }>(
    collection: string,
    // Every model here has `pendingEvents`; mongoose's per-model types have nothing else in common.
    model: {
      find(filter: object): { limit(n: number): { lean<T>(): Promise<T> } };
      updateOne(filter: object, update: object): Promise<unknown>;
    },
    handle: (doc: Doc, event: PendingEvent) => Promise<void>,
  ): Promise<number> {
    const docs = await model
      // Served by each model's index on `pendingEvents.type`: by name, because `$exists` is not an
      // equality the embedded engine can look up, and it scanned every document of the collection on
      // each pass (a pass runs after every story told and every 5 s) — a block of the event loop that
      // grows with the store.
      .find({ 'pendingEvents.type': { $in: pendingEventTypes } })
      .limit(batchSize)
      .lean<Doc[]>();
    let handled = 0;
    for (const doc of docs) {
      for (const event of doc.pendingEvents) {
        try {
          await handle(doc, event);
          await model.updateOne(
            { _id: doc._id },
            { $pull: { pendingEvents: { type: event.type, at: event.at } } },
          );
          handled += 1;
        } catch (error) {
          this.deps.logger.error(
            { err: error, collection, id: doc._id.toHexString(), event: event.type },
            'notification failed; it will be retried',
          );
        }
      }
    }
    return handled;
  }

  private async storyEvent(story: NotifiedStory, event: PendingEvent): Promise<void> {
    if (event.type === 'published') return this.storyPublished(story, event);
    if (event.type === 'held' || event.type === 'rejected') return this.storyDeclined(story, event);
    if (event.type === 'submitted') return this.storySubmitted(story, event);
    if (event.type === 'withdrawn' || event.type === 'erased') return this.storyGone(story, event);
    if (event.type === 'preview') return this.storyInPreview(story);
    if (event.type === 'review-requested') return this.previewToAuthor(story, 'review', event);
    this.ignore('stories', event);
  }

  /**
   * Webhooks hear of every publication; alerts go to every immediate subscriber whose subscription
   * matches, and the story is then "heard".
   */
  private async storyPublished(story: NotifiedStory, event: PendingEvent): Promise<void> {
    // Unpublished again before the alerts went: nothing public to tell.
    if (story.status !== 'published') return;
    await this.deps.webhooks.storyPublished(story, event.at);
    const reach = await reachOf(this.deps.organisations, story.services);
    const subscribers = onePerAddress(
      await this.deps.subscriptions.subscribersFor(reach, story.criticality, { mode: 'immediate' }),
    );
    const storyUrl = await this.storyUrl(story);
    const storyId = story._id.toHexString();
    const serviceNames = namesOf(story.services, reach);
    const messages: OutgoingMessage[] = [];
    for (const subscriber of subscribers) {
      const subscriptionId = subscriber.subscription._id.toHexString();
      messages.push(
        to(
          subscriber.to,
          `alert:${storyId}:${subscriptionId}`,
          storyPublishedAlert({
            story,
            serviceNames,
            scopeName: scopeNameIn(subscriber.subscription, reach),
            storyUrl,
            unsubscribeUrl: await this.unsubscribeUrl(subscriber),
            subscriptionsUrl: await this.subscriptionsUrl(subscriber),
            language: subscriber.language,
          }),
        ),
      );
    }
    await this.deps.mail.enqueue(messages);
    await markHeard(this.deps.models, story._id, subscribers, reach, this.clock());
    // After a provider preview the author was told it would come: now it has.
    if (story.preview) await this.previewToAuthor(story, 'published', event);
  }

  /**
   * A story went into provider preview: the responders (enabled staff accounts) of its services and
   * of the services above them are alerted, and its author is told when it will be published.
   */
  private async storyInPreview(story: NotifiedStory): Promise<void> {
    if (story.status !== 'preview' || !story.preview) return;
    const reach = await reachOf(this.deps.organisations, story.services);
    const responders = await this.deps.models.users
      .find(
        { role: 'staff', disabledAt: null, services: { $in: [...reach.serviceIds] } },
        { email: 1, language: 1 },
      )
      .lean<{ _id: Types.ObjectId; email: string; language?: Language | null }[]>();
    const storyId = story._id.toHexString();
    const since = story.preview.since.getTime();
    await this.deps.mail.enqueue(
      responders.map((responder) =>
        to(
          responder.email,
          `preview:${storyId}:${since}:${responder._id.toHexString()}`,
          previewToResponder({
            story,
            serviceNames: namesOf(story.services, reach),
            until: story.preview!.until,
            adminUrl: `${this.deps.config.publicUrl}/admin.html`,
            language: languageOf(responder),
          }),
        ),
      ),
    );
    await this.previewToAuthor(story, 'opened', { type: 'preview', at: story.preview.since });
  }

  /** Tells the author (if they gave an email) where their story is in its provider preview. */
  private async previewToAuthor(
    story: NotifiedStory,
    step: 'opened' | 'review' | 'published',
    event: PendingEvent,
  ): Promise<void> {
    if (!story.email || !story.preview) return;
    await this.deps.mail.enqueue([
      to(
        story.email,
        `preview-author:${story._id.toHexString()}:${step}:${event.at.getTime()}`,
        previewToAuthor({ story, step, until: story.preview.until, language: languageOf(story) }),
      ),
    ]);
  }

  /** Webhooks hear that a story once published left public view (its author withdrew or erased it). */
  private async storyGone(story: NotifiedStory, event: PendingEvent): Promise<void> {
    if (!story.publishedAt) return;
    const type = event.type === 'erased' ? 'story.erased' : 'story.withdrawn';
    await this.deps.webhooks.storyGone(story._id, type, event.at);
  }

  /** Tells the author (if they gave an email) why a moderator held or rejected their story. */
  private async storyDeclined(story: NotifiedStory, event: PendingEvent): Promise<void> {
    if (!story.email) return;
    const action = event.type === 'held' ? 'hold' : 'reject';
    const entry = (story.moderation ?? []).filter((e) => e.action === action && e.at <= event.at).at(-1);
    const reason = entry?.reason ?? story.statusReason;
    if (!reason) return;
    await this.deps.mail.enqueue([
      to(
        story.email,
        `moderation:${story._id.toHexString()}:${event.type}:${event.at.getTime()}`,
        moderationReasonToAuthor({
          story,
          decision: event.type as 'held' | 'rejected',
          reason,
          language: languageOf(story),
        }),
      ),
    ]);
  }

  /** Sends the author (if they gave an email) their private link and what happens next. */
  private async storySubmitted(story: NotifiedStory, event: PendingEvent): Promise<void> {
    if (!story.email) return;
    const authorKey = event.ref?.startsWith('cla_') ? event.ref : undefined;
    const privateUrl = authorKey ? await authorLink(story, authorKey, this.linkDeps()) : undefined;
    await this.deps.mail.enqueue([
      to(
        story.email,
        `submitted:${story._id.toHexString()}`,
        privateLinkToAuthor({
          story,
          privateUrl,
          toldForThem: Boolean(story.toldVia),
          language: languageOf(story),
        }),
      ),
    ]);
  }

  /**
   * Webhooks, the author (if they gave an email) and the accounts following the story hear of a new
   * response (published directly, or approved out of the queue: never while it is withheld); webhooks
   * also hear of a change marker set by an edit; the responder hears of a rejection.
   */
  private async responseEvent(response: NotifiedResponse, event: PendingEvent): Promise<void> {
    if (event.type === 'rejected') return this.responseRejected(response, event);
    if (event.type !== 'created' && event.type !== 'changed') return this.ignore('responses', event);
    if (response.deletedAt || response.hiddenAt || response.withheld) return;
    const story = await this.deps.models.stories.findById(response.storyId).lean<NotifiedStory>();
    if (!story || story.status !== 'published') return;
    // A marker set by an edit: webhooks' `change.marked` (email tells of responses, not of edits).
    if (event.type === 'changed') return this.deps.webhooks.changeMarked(story, response._id, event.at);
    await this.deps.webhooks.responsePublished(story, response._id, event.at);
    const responseId = response._id.toHexString();
    const storyUrl = await this.storyUrl(story);
    const messages: OutgoingMessage[] = [];
    if (story.email) {
      messages.push(
        to(
          story.email,
          `response-author:${responseId}`,
          responseToAuthor({ story, response, storyUrl, language: languageOf(story) }),
        ),
      );
    }
    const reach = await reachOf(this.deps.organisations, story.services);
    const responderId = response.responder.userId.toHexString();
    const subscribers = onePerAddress(
      await this.deps.subscriptions.subscribersFor(reach, story.criticality, {
        mode: 'immediate',
        kind: 'account',
      }),
    ).filter((subscriber) => subscriber.userId !== responderId);
    for (const subscriber of subscribers) {
      messages.push(
        to(
          subscriber.to,
          `response:${responseId}:${subscriber.userId}`,
          responseToSubscriber({
            story,
            serviceNames: namesOf(story.services, reach),
            response,
            scopeName: scopeNameIn(subscriber.subscription, reach),
            storyUrl,
            unsubscribeUrl: await this.unsubscribeUrl(subscriber),
            subscriptionsUrl: await this.subscriptionsUrl(subscriber),
            language: subscriber.language,
          }),
        ),
      );
    }
    await this.deps.mail.enqueue(messages);
  }

  /** The responder hears why a moderator rejected their queued response (unless it was approved since). */
  private async responseRejected(response: NotifiedResponse, event: PendingEvent): Promise<void> {
    if (response.withheld !== 'rejected' || response.deletedAt) return;
    const [story, responder] = await Promise.all([
      this.deps.models.stories.findById(response.storyId).lean<NotifiedStory>(),
      this.deps.models.users
        .findOne({ _id: response.responder.userId, disabledAt: null }, { email: 1, language: 1 })
        .lean<{ email: string; language?: Language | null }>(),
    ]);
    if (!story || !responder) return;
    await this.deps.mail.enqueue([
      to(
        responder.email,
        `response-rejected:${response._id.toHexString()}:${event.at.getTime()}`,
        responseRejected({
          story,
          reason: response.rejectedReason ?? '',
          storyUrl: await this.storyUrl(story),
          language: languageOf(responder),
        }),
      ),
    ]);
  }

  /** Everyone who responded to the story (enabled accounts) hears of the author's published reply. */
  private async replyEvent(reply: NotifiedReply, event: PendingEvent): Promise<void> {
    if (event.type !== 'published') return this.ignore('replies', event);
    if (reply.status !== 'published') return;
    const story = await this.deps.models.stories.findById(reply.storyId).lean<NotifiedStory>();
    if (!story || story.status !== 'published') return;
    const responderIds = await this.deps.models.responses.distinct('responder.userId', {
      storyId: reply.storyId,
      deletedAt: null,
      hiddenAt: null,
      withheld: null,
    });
    if (responderIds.length === 0) return;
    const responders = await this.deps.models.users
      .find({ _id: { $in: responderIds }, disabledAt: null }, { email: 1, language: 1 })
      .lean<{ _id: Types.ObjectId; email: string; language?: Language | null }[]>();
    const storyUrl = await this.storyUrl(story);
    await this.deps.mail.enqueue(
      responders.map((responder) =>
        to(
          responder.email,
          `reply:${reply._id.toHexString()}:${responder._id.toHexString()}`,
          replyToResponder({ story, reply, storyUrl, language: languageOf(responder) }),
        ),
      ),
    );
  }

  /** An email subscription's confirmation request (each request its own message). */
  private async subscriptionEvent(subscription: SubscriptionRecord, event: PendingEvent): Promise<void> {
    if (event.type !== 'confirm') return this.ignore('subscriptions', event);
    if (subscription.kind !== 'email' || !subscription.email || subscription.confirmedAt) return;
    const subscriptionId = subscription._id.toHexString();
    await this.deps.mail.enqueue([
      to(
        subscription.email,
        `confirm:${subscriptionId}:${event.at.getTime()}`,
        confirmSubscription({
          scopeName: await this.deps.subscriptions.scopeNameOf(subscription),
          confirmUrl: await this.deps.subscriptions.confirmUrl(
            this.deps.config.publicUrl,
            subscriptionId,
            subscription.language,
          ),
          language: languageOf(subscription),
        }),
      ),
    ]);
  }

  /** An event type this notifier does not know (from a newer version?): dropped, with a trace. */
  private ignore(collection: string, event: PendingEvent): void {
    this.deps.logger.warn({ collection, event: event.type }, 'unknown pending event dropped');
  }

  private storyUrl(story: NotifiedStory): Promise<string> {
    return storyLink(story, this.linkDeps());
  }

  private unsubscribeUrl(subscriber: Subscriber): Promise<string> {
    return this.deps.subscriptions.unsubscribeUrl(
      this.deps.config.publicUrl,
      subscriber.subscription._id.toHexString(),
      subscriber.language,
    );
  }

  private subscriptionsUrl(subscriber: Subscriber): Promise<string> {
    return this.deps.subscriptions.subscriptionsUrl(
      this.deps.config.publicUrl,
      subscriber.subscription._id.toHexString(),
      subscriber.language,
    );
  }

  private linkDeps() {
    return { publicUrl: this.deps.config.publicUrl, organisations: this.deps.organisations };
  }
}

/** What a story, subscription or account records, or English when it records none. */
function languageOf(record: { language?: Language | null }): Language {
  return record.language ?? defaultLanguage;
}

function to(address: string, dedupeKey: string, content: EmailMessage): OutgoingMessage {
  return { dedupeKey, to: address, ...content };
}
