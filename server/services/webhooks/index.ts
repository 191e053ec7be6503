import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { SignedInUser } from '../../auth/principal.js';
import { DomainError } from '../../domain/errors.js';
import { isObjectId } from '../../domain/object-id.js';
import {
  changeMarkedPayload,
  responsePublishedPayload,
  storyGonePayload,
  storyPublishedPayload,
  toCreatedWebhookEndpoint,
  toWebhookDelivery,
  toWebhookEndpoint,
  type CreatedWebhookEndpoint,
  type StoredWebhookDelivery,
  type StoredWebhookEndpoint,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookPayload,
} from '../../mappers/webhook.js';
import {
  publicResponseProjection,
  toThreadResponse,
  type ChangeMarker,
  type PublicResponseFields,
} from '../../mappers/response.js';
import { publicStoryProjection, toPublicStory, type PublicStoryFields } from '../../mappers/story.js';
import type { WebhookEventType } from '../../models/webhook-endpoint.js';
import type {
  NewWebhookEndpoint,
  WebhookDeliveryQuery,
  WebhookEndpointChange,
} from '../../schemas/webhook.js';
import { DeliveryWorker } from '../delivery-worker.js';
import type { OrganisationService } from '../organisations.js';
import { afterPosition, decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { ServiceDeps } from '../service-deps.js';
import { storyLink, type LinkedStory } from '../story-links.js';
import { AddressPolicy } from './address-policy.js';
import { deliverOneWebhook } from './delivery.js';
import { checkEndpointUrl } from './endpoint-url.js';
import { defaultRetryDelaysMs } from '../outbox-claim.js';
import { WebhookOutbox, type WebhookEvent } from './outbox.js';
import { newWebhookSecret } from './signature.js';
import type { TransportOptions } from './transport.js';

export interface WebhookServiceDeps extends ServiceDeps {
  organisations: Pick<OrganisationService, 'byIds' | 'allowingOrigins'>;
}

/** Deliveries listed per page. */
const pageSize = 50;

/**
 * Timeouts well inside the claim lease (60 s): an attempt is over, one way or the other, long before
 * another worker could take the delivery over and send it a second time.
 */
export const defaultTimeouts = { connectTimeoutMs: 5_000, totalTimeoutMs: 10_000, maxRedirects: 3 };

/**
 * Webhooks: admins register endpoints; the notifier hands over events (story published, withdrawn or
 * erased, response published, change marked) in the same crash-safe pass as email; each is queued per
 * endpoint in the webhook outbox and delivered, signed the Standard Webhooks way, by a worker that
 * checks every address it connects to.
 */
export class WebhookService {
  /** The clock deciding what is due; tests move it instead of waiting out backoffs. */
  now: () => Date = () => new Date();
  /** Waits between failed attempts (the last repeats). Tests shorten them. */
  retryDelaysMs: readonly number[] = defaultRetryDelaysMs;
  /** Per attempt; tests shorten them to test a slow receiver quickly. */
  timeouts: Omit<TransportOptions, 'policy'> = { ...defaultTimeouts };
  private readonly outbox: WebhookOutbox;
  private worker: DeliveryWorker | undefined;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.outbox = new WebhookOutbox(deps.models);
  }

  /** Read at each use: tests change the config of a running app. */
  private policy(): AddressPolicy {
    return new AddressPolicy(this.deps.config.webhooksAllowPrivate);
  }

  // --- Endpoints (admins) ---

  /** @throws `invalid` naming `url` when it is not an https URL on a public address. */
  async register(input: NewWebhookEndpoint, by: SignedInUser): Promise<CreatedWebhookEndpoint> {
    const url = checkEndpointUrl(input.url, this.policy());
    const now = this.now();
    const created = await this.deps.models.webhookEndpoints.create({
      url,
      secret: input.secret ?? newWebhookSecret(),
      events: input.events,
      description: input.description?.trim() ?? '',
      createdBy: { id: by.id, name: by.name },
      createdAt: now,
      updatedAt: now,
    });
    this.deps.logger.info(
      { webhookEndpointId: created._id.toHexString(), by: by.id },
      'webhook endpoint registered',
    );
    return toCreatedWebhookEndpoint(created.toObject() as StoredWebhookEndpoint);
  }

  async list(): Promise<WebhookEndpointView[]> {
    const endpoints = await this.deps.models.webhookEndpoints
      .find()
      .sort({ createdAt: 1 })
      .lean<StoredWebhookEndpoint[]>();
    return endpoints.map(toWebhookEndpoint);
  }

  /** @throws `not-found`; `invalid` naming `url` as `register` does. */
  async update(id: string, change: WebhookEndpointChange): Promise<WebhookEndpointView> {
    const set: Record<string, unknown> = {};
    if (change.url !== undefined) set.url = checkEndpointUrl(change.url, this.policy());
    if (change.events !== undefined) set.events = change.events;
    if (change.description !== undefined) set.description = change.description.trim();
    const updated = isObjectId(id)
      ? await this.deps.models.webhookEndpoints
          .findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
          .lean<StoredWebhookEndpoint>()
      : null;
    if (!updated) throw endpointNotFound();
    return toWebhookEndpoint(updated);
  }

  /** Removes the endpoint and its deliveries (pending ones are not sent). @throws `not-found`. */
  async remove(id: string): Promise<void> {
    const { deletedCount } = isObjectId(id)
      ? await this.deps.models.webhookEndpoints.deleteOne({ _id: id })
      : { deletedCount: 0 };
    if (deletedCount !== 1) throw endpointNotFound();
    await this.deps.models.webhookDeliveries.deleteMany({ endpointId: new Types.ObjectId(id) });
  }

  /** An endpoint's deliveries, newest first, optionally of one status. @throws `not-found`. */
  async deliveries(endpointId: string, query: WebhookDeliveryQuery): Promise<Page<WebhookDeliveryView>> {
    await this.findEndpoint(endpointId);
    const conditions: object[] = [{ endpointId: new Types.ObjectId(endpointId) }];
    if (query.status === 'pending') conditions.push({ status: { $in: ['pending', 'sending'] } });
    else if (query.status) conditions.push({ status: query.status });
    if (query.cursor) conditions.push(afterPosition('createdAt', decodeCursor(query.cursor)));
    const found = await this.deps.models.webhookDeliveries
      .find({ $and: conditions })
      .sort({ createdAt: -1, _id: -1 })
      .limit(pageSize + 1)
      .lean<StoredWebhookDelivery[]>();
    const items = found.slice(0, pageSize);
    const last = items.at(-1);
    return {
      items: items.map(toWebhookDelivery),
      next: found.length > pageSize && last ? encodeCursor({ at: last.createdAt, id: last._id }) : null,
    };
  }

  /**
   * Sends a delivery again (same `webhook-id`, same body, a fresh day of retries), now.
   * @throws `not-found`; `conflict` while an attempt is in flight.
   */
  async redeliver(endpointId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.findEndpoint(endpointId);
    const filter = isObjectId(deliveryId)
      ? { _id: new Types.ObjectId(deliveryId), endpointId: new Types.ObjectId(endpointId) }
      : null;
    if (!filter) throw deliveryNotFound();
    const now = this.now();
    const updated = await this.deps.models.webhookDeliveries
      .findOneAndUpdate(
        { ...filter, status: { $ne: 'sending' } },
        {
          $set: {
            status: 'pending',
            nextAttemptAt: now,
            retryingSince: now,
            claimedBy: null,
            claimedUntil: null,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<StoredWebhookDelivery>();
    if (!updated) {
      if (await this.deps.models.webhookDeliveries.exists(filter)) {
        throw DomainError.conflict('This delivery is being attempted right now. Try again in a moment.');
      }
      throw deliveryNotFound();
    }
    this.worker?.wake();
    return toWebhookDelivery(updated);
  }

  private async findEndpoint(id: string): Promise<StoredWebhookEndpoint> {
    const endpoint = isObjectId(id)
      ? await this.deps.models.webhookEndpoints.findById(id).lean<StoredWebhookEndpoint>()
      : null;
    if (!endpoint) throw endpointNotFound();
    return endpoint;
  }

  // --- Events (the notifier) ---

  /** A story was published (again after a hold: `at` tells the publications apart). */
  async storyPublished(story: LinkedStory & { _id: Types.ObjectId }, at: Date): Promise<void> {
    if (!(await this.anyEndpointFor('story.published'))) return;
    const fields = await this.deps.models.stories
      .findById(story._id, publicStoryProjection)
      .lean<PublicStoryFields>();
    if (!fields) return;
    const services = await this.deps.organisations.byIds(fields.services);
    const url = await storyLink(story, this.linkDeps());
    const id = story._id.toHexString();
    await this.enqueue({
      type: 'story.published',
      key: `${id}:${at.getTime()}`,
      about: [id],
      payload: storyPublishedPayload(toPublicStory(fields, services), url, at),
    });
  }

  /** A published story left public view: withdrawn by its author, or erased at their request. */
  async storyGone(
    storyId: Types.ObjectId,
    type: 'story.withdrawn' | 'story.erased',
    at: Date,
  ): Promise<void> {
    const id = storyId.toHexString();
    await this.enqueue({
      type,
      key: `${id}:${at.getTime()}`,
      about: [id],
      payload: storyGonePayload(type, id, at),
    });
  }

  /** A response was published: `response.published`, and `change.marked` when it says a change is planned or made. */
  async responsePublished(
    story: LinkedStory & { _id: Types.ObjectId },
    responseId: Types.ObjectId,
    at: Date,
  ) {
    const found = await this.publicResponse(story, responseId);
    if (!found) return;
    const { storyRef, response } = found;
    await this.enqueue({
      type: 'response.published',
      key: response.id,
      about: [storyRef.id, response.id],
      payload: responsePublishedPayload(storyRef, response, at),
    });
    if (response.change) await this.enqueueChange(storyRef, response, response.change, at);
  }

  /** A responder marked (or changed) their response's change marker. */
  async changeMarked(story: LinkedStory & { _id: Types.ObjectId }, responseId: Types.ObjectId, at: Date) {
    const found = await this.publicResponse(story, responseId);
    if (!found?.response.change) return;
    await this.enqueueChange(found.storyRef, found.response, found.response.change, at);
  }

  /**
   * Keyed by the marker's value, not the moment: a response published with a marker and edited to the
   * same one before the notifier's pass is one `change.marked`, not two.
   */
  private enqueueChange(
    storyRef: { id: string; url: string },
    response: ReturnType<typeof toThreadResponse>,
    change: ChangeMarker,
    at: Date,
  ): Promise<void> {
    return this.enqueue({
      type: 'change.marked',
      key: `${response.id}:${change}`,
      about: [storyRef.id, response.id],
      payload: changeMarkedPayload(storyRef, response, change, at),
    });
  }

  private async publicResponse(story: LinkedStory & { _id: Types.ObjectId }, responseId: Types.ObjectId) {
    const response = await this.deps.models.responses
      .findOne({ _id: responseId, deletedAt: null, hiddenAt: null, withheld: null }, publicResponseProjection)
      .lean<PublicResponseFields>();
    if (!response) return undefined;
    const storyRef = { id: story._id.toHexString(), url: await storyLink(story, this.linkDeps()) };
    return { storyRef, response: toThreadResponse(response) };
  }

  private async anyEndpointFor(type: WebhookEventType): Promise<boolean> {
    return (await this.deps.models.webhookEndpoints.exists({ events: type })) !== null;
  }

  private async enqueue(event: Omit<WebhookEvent, 'payload'> & { payload: WebhookPayload }): Promise<void> {
    const queued = await this.outbox.enqueue(
      { ...event, payload: JSON.stringify(event.payload) },
      this.now(),
    );
    if (queued > 0) this.worker?.wake();
  }

  private linkDeps() {
    return { publicUrl: this.deps.config.publicUrl, organisations: this.deps.organisations };
  }

  // --- Delivery ---

  /** Starts delivering in the background until `stopWorker()`. */
  startWorker(options: { pollMs?: number; workerId?: string } = {}): void {
    if (this.worker) return;
    const source = {
      deliverOne: (id: string) => this.deliverOne(id),
      logger: this.deps.logger,
      name: 'webhook',
    };
    this.worker = new DeliveryWorker(source, {
      pollMs: options.pollMs ?? 1000,
      workerId: options.workerId ?? newWorkerId(),
    });
    this.worker.start();
  }

  /** Stops claiming; resolves once the attempt in flight (if any) is recorded. */
  async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.stop();
  }

  /** Attempts every delivery due now, one after another; resolves with how many it attempted. */
  async drain(): Promise<number> {
    const workerId = newWorkerId();
    let attempted = 0;
    while (await this.deliverOne(workerId)) attempted += 1;
    return attempted;
  }

  /** Claims, sends and records one due delivery (see delivery.ts); resolves false when none was due. */
  deliverOne(workerId: string): Promise<boolean> {
    return deliverOneWebhook(
      {
        outbox: this.outbox,
        models: this.deps.models,
        logger: this.deps.logger,
        now: this.now,
        retryDelaysMs: this.retryDelaysMs,
        transport: { ...this.timeouts, policy: this.policy() },
      },
      workerId,
    );
  }
}

function newWorkerId(): string {
  return `webhook-${process.pid}-${randomBytes(4).toString('hex')}`;
}

function endpointNotFound(): DomainError {
  return DomainError.notFound('There is no webhook endpoint with this id.');
}

function deliveryNotFound(): DomainError {
  return DomainError.notFound('This endpoint has no delivery with this id.');
}
