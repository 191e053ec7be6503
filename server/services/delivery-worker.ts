import type { Logger } from '../platform/log.js';
// Blanks addresses: an SMTP server's refusal, or any error, may quote one back.
import { errorText } from './mail/worker.js';

export interface WorkerOptions {
  pollMs: number;
  workerId: string;
}

/** What a loop delivers from: one due item per call (false when none was due), and where it logs. */
export interface DeliverySource {
  /** Claims, sends and records one due item for `workerId`; resolves false when nothing was due. */
  deliverOne(workerId: string): Promise<boolean>;
  logger: Logger;
  /** Names the loop in its log lines: `mail`, `webhook`. */
  name: string;
}

/**
 * The delivery loop of an outbox (email, webhooks): claim → send → record, again at once while items
 * are due; otherwise wait for `pollMs` or until `wake()` (an enqueue in this process).
 */
export class DeliveryWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeSleeper: (() => void) | undefined;
  private wokenWhileBusy = false;

  constructor(
    private readonly source: DeliverySource,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming; resolves once the send in flight (if any) is recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  wake(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.wokenWhileBusy = true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wokenWhileBusy = false;
      let delivered = false;
      try {
        delivered = await this.source.deliverOne(this.options.workerId);
      } catch (error) {
        // The store is unreachable or similar: the claim (if any) runs out and the item is retried.
        this.source.logger.error(
          { error: errorText(error) },
          `${this.source.name} delivery loop failed; retrying`,
        );
      }
      if (!delivered && this.running && !this.wokenWhileBusy) await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeSleeper = done;
    });
  }
}
