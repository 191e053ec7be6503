import { createHash } from 'node:crypto';
import { nextDueClaim } from '../outbox-claim.js';
import { onlyDuplicateKeyErrors } from '../../models/duplicate-key.js';
import type { Models } from '../../models/index.js';
import type { OutboxMessage } from '../../models/outbox-message.js';

/** An email to send. `text` and `html` usually come from `renderEmail`. */
export interface OutgoingMessage {
  /**
   * What the message is for, e.g. `alert:<storyId>:<subscriptionId>`. Queuing the same key again does
   * nothing, so whoever enqueues can simply redo its work after a crash.
   */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. `unsubscribeHeaders(url)`. */
  headers?: Record<string, string>;
}

/** A message as the worker holds it once claimed. */
export type ClaimedMessage = OutboxMessage & { _id: unknown; createdAt?: Date };

/** The hash that names a message everywhere (Message-ID, .eml file name): the same key, the same hash. */
export function dedupeHash(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32);
}

/** A Message-ID that stays the same however many times the message is (re)sent. */
export function messageIdFor(dedupeKey: string, domain: string): string {
  return `<${dedupeHash(dedupeKey)}@${domain}>`;
}

/** The outbox collection's operations: queue, claim, and record how a send went. */
export class Outbox {
  constructor(
    private readonly models: Pick<Models, 'outboxMessages'>,
    private readonly messageIdDomain: string,
  ) {}

  /** Queues each message unless one with its dedupe key is already queued (or sent). */
  async enqueue(messages: OutgoingMessage[], now: Date): Promise<void> {
    if (messages.length === 0) return;
    const documents = messages.map((message) => ({
      dedupeKey: message.dedupeKey,
      messageId: messageIdFor(message.dedupeKey, this.messageIdDomain),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers ?? {},
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
    }));
    try {
      await this.models.outboxMessages.insertMany(documents, { ordered: false });
    } catch (error) {
      // Unordered: every new message is inserted; only the duplicate keys fail, and that is the point.
      if (!onlyDuplicateKeyErrors(error)) throw error;
    }
  }

  /**
   * Claims the next due message for `workerId`, atomically: the store hands a document to exactly one
   * findOneAndUpdate, so two workers (in one process or two instances) never hold the same message. A
   * claim abandoned by a dead worker is due again once its lease runs out.
   */
  async claim(workerId: string, now: Date): Promise<ClaimedMessage | null> {
    return (await this.models.outboxMessages
      .findOneAndUpdate(...nextDueClaim(workerId, now))
      .lean()) as ClaimedMessage | null;
  }

  /**
   * Records a delivery. Not conditional on still holding the claim: the message did go out, whoever
   * holds it now.
   */
  async markSent(message: ClaimedMessage, now: Date): Promise<void> {
    await this.models.outboxMessages.updateOne(
      { _id: message._id },
      {
        $set: { status: 'sent', sentAt: now, claimedBy: null, claimedUntil: null },
        $inc: { attempts: 1 },
      },
    );
  }

  /**
   * Records a failed attempt: due again after `retryDelayMs`, or `failed` when `giveUp`. Only while this
   * worker still holds the claim, so a slow worker never overwrites a newer attempt's outcome.
   */
  async markAttemptFailed(
    message: ClaimedMessage,
    workerId: string,
    outcome: { error: string; now: Date; retryDelayMs: number; giveUp: boolean },
  ): Promise<void> {
    await this.models.outboxMessages.updateOne(
      { _id: message._id, status: 'sending', claimedBy: workerId },
      {
        $set: {
          status: outcome.giveUp ? 'failed' : 'pending',
          nextAttemptAt: new Date(outcome.now.getTime() + outcome.retryDelayMs),
          lastError: outcome.error,
          claimedBy: null,
          claimedUntil: null,
        },
        $inc: { attempts: 1 },
      },
    );
  }
}
