import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../service-deps.js';
import { defaultRetryDelaysMs } from '../outbox-claim.js';
import { Outbox, type OutgoingMessage } from './outbox.js';
import { createMailTransport, type MailTransport } from './transport.js';
import { DeliveryWorker } from '../delivery-worker.js';
import { deliverOne, type DeliveryDeps } from './worker.js';

export { renderEmail, type EmailAction, type EmailContent, type RenderedEmail } from './render.js';
export { unsubscribeHeaders } from './headers.js';
export type { OutgoingMessage } from './outbox.js';

export interface MailServiceDeps extends ServiceDeps {
  /** The clock deciding what is due; tests move it instead of waiting out backoffs. */
  now?: () => Date;
  /** Waits between attempts while delivery fails (the last one repeats); all positive. */
  retryDelaysMs?: readonly number[];
}

/**
 * Email: every message is written to the outbox first (`enqueue`), then delivered by a worker over
 * SMTP (`SMTP_URL`) or, without it, as .eml files in `mailDir`.
 */
export class MailService {
  private readonly outbox: Outbox;
  private readonly delivery: DeliveryDeps;
  private transport: MailTransport | undefined;
  private worker: DeliveryWorker | undefined;

  constructor(private readonly deps: MailServiceDeps) {
    const retryDelaysMs = deps.retryDelaysMs ?? defaultRetryDelaysMs;
    if (retryDelaysMs.length === 0 || retryDelaysMs.some((delay) => !(delay > 0))) {
      throw new TypeError('retryDelaysMs must be a non-empty list of positive delays');
    }
    this.outbox = new Outbox(deps.models, new URL(deps.config.publicUrl).hostname);
    const now = deps.now ?? (() => new Date());
    this.delivery = {
      outbox: this.outbox,
      logger: deps.logger,
      now,
      retryDelaysMs,
      // Created on first use: a process that only enqueues never opens a transport.
      transport: () => this.transportInUse(),
    };
  }

  /**
   * Queues messages (a message whose dedupeKey is already queued or sent is skipped) and wakes this
   * process's worker. Resolves once they are safely in the store.
   */
  async enqueue(messages: OutgoingMessage[]): Promise<void> {
    for (const message of messages) assertComplete(message);
    const sendable = messages.filter((message) => {
      if (isOneAddress(message.to)) return true;
      // Refusing the whole batch would hold up every other recipient's mail for good; the key says which.
      this.deps.logger.warn({ dedupeKey: message.dedupeKey }, 'mail not queued: not an email address');
      return false;
    });
    await this.outbox.enqueue(sendable, this.delivery.now());
    this.worker?.wake();
  }

  /** Starts delivering in the background until `stopWorker()`. */
  startWorker(options: { pollMs?: number; workerId?: string } = {}): void {
    if (this.worker) return;
    const delivery = this.delivery;
    const source = {
      deliverOne: (id: string) => deliverOne(delivery, id),
      logger: delivery.logger,
      name: 'mail',
    };
    this.worker = new DeliveryWorker(source, {
      pollMs: options.pollMs ?? 1000,
      workerId: options.workerId ?? newWorkerId(),
    });
    this.worker.start();
  }

  /** Stops claiming new messages; resolves once the send in flight (if any) is recorded. */
  async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.stop();
    this.transport?.close();
    this.transport = undefined;
  }

  /** Delivers (or attempts) every message due now, one after another; resolves with how many it tried. */
  async drain(): Promise<number> {
    const workerId = newWorkerId();
    let attempted = 0;
    while (await deliverOne(this.delivery, workerId)) attempted += 1;
    return attempted;
  }

  private transportInUse(): MailTransport {
    this.transport ??= createMailTransport({
      smtpUrl: this.deps.config.smtpUrl,
      mailDir: this.deps.config.mailDir,
      mailFrom: this.deps.config.mailFrom,
      logger: this.deps.logger,
    });
    return this.transport;
  }
}

function newWorkerId(): string {
  return `mail-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A caller's bug, caught before anything is stored: every message needs a key, a subject and content. */
function assertComplete(message: OutgoingMessage): void {
  for (const field of ['dedupeKey', 'to', 'subject', 'text', 'html'] as const) {
    if (typeof message[field] !== 'string' || message[field].trim() === '') {
      throw new TypeError(`an outgoing message needs a non-empty ${field}`);
    }
  }
}

/** One plain address (no display name, no list): what the author or subscriber gave us. */
function isOneAddress(to: string): boolean {
  return /^[^@\s<>,;"]+@[^@\s<>,;"]+\.[^@\s<>,;"]+$/.test(to);
}
