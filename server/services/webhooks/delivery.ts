import type { Models } from '../../models/index.js';
import type { StoredWebhookEndpoint } from '../../mappers/webhook.js';
import type { Logger } from '../../platform/log.js';
import { giveUpAfterMs } from '../outbox-claim.js';
import type { WebhookOutbox } from './outbox.js';
import { signedHeaders } from './signature.js';
import { postWebhook, type TransportOptions } from './transport.js';

export interface WebhookDeliveryDeps {
  outbox: WebhookOutbox;
  models: Pick<Models, 'webhookEndpoints' | 'webhookDeliveries'>;
  logger: Logger;
  /** The clock deciding what is due and when to give up. */
  now: () => Date;
  retryDelaysMs: readonly number[];
  transport: TransportOptions;
}

/**
 * Delivers one due webhook for `workerId`: claim, sign, send, record. Returns false when nothing was
 * due. Exactly once but for one window: a receiver that got the delivery while this process died
 * before `markSent` gets it again once the claim runs out, with the same `webhook-id`, so it can drop
 * the copy.
 */
export async function deliverOneWebhook(deps: WebhookDeliveryDeps, workerId: string): Promise<boolean> {
  const delivery = await deps.outbox.claim(workerId, deps.now());
  if (!delivery) return false;
  const endpoint = await deps.models.webhookEndpoints
    .findById(delivery.endpointId)
    .lean<StoredWebhookEndpoint>();
  if (!endpoint) {
    // Removed while this was queued: nobody to tell.
    await deps.models.webhookDeliveries.deleteOne({ _id: delivery._id });
    return true;
  }
  const outcome = await postWebhook(
    {
      url: endpoint.url,
      // The wall clock, not `now`: receivers refuse a timestamp far from their own clock.
      headers: signedHeaders(endpoint.secret, delivery.messageId, delivery.payload, new Date()),
      body: delivery.payload,
    },
    deps.transport,
  );
  const now = deps.now();
  const attempts = delivery.attempts + 1;
  // Never the URL (it may carry a token in its query) or the body: ids, the event and the outcome.
  const fields = {
    webhookDeliveryId: delivery._id.toHexString(),
    webhookId: delivery.messageId,
    eventType: delivery.eventType,
    attempts,
    statusCode: outcome.statusCode,
  };
  if (outcome.delivered) {
    await deps.outbox.markSent(delivery, outcome.statusCode ?? 200, now);
    deps.logger.info(fields, 'webhook delivered');
    return true;
  }
  const giveUp = now.getTime() - delivery.retryingSince.getTime() >= giveUpAfterMs;
  const retryDelayMs = deps.retryDelaysMs[Math.min(attempts, deps.retryDelaysMs.length) - 1] ?? 0;
  const error = outcome.error ?? 'failed';
  await deps.outbox.markAttemptFailed(delivery, workerId, {
    statusCode: outcome.statusCode,
    error,
    now,
    retryDelayMs,
    giveUp,
  });
  if (giveUp) deps.logger.error({ ...fields, error }, 'webhook undeliverable for a day: given up');
  else {
    deps.logger.warn(
      { ...fields, error, retryAt: new Date(now.getTime() + retryDelayMs) },
      'webhook not delivered: will retry',
    );
  }
  return true;
}
