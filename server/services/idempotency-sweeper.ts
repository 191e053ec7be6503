import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import { PeriodicTask } from './periodic-task.js';

const defaultPollMs = 60 * 60 * 1000;

/**
 * Takes Idempotency-Key stamps off stories, replies and responses once their 24 hours are over: the
 * sealed first answer (a story's author key, encrypted) is not kept longer than it is needed, and the
 * key may be used again. Only the stamp goes; `updatedAt` is left alone, so feeds and caches see no
 * change. Safe on several instances at once (each sweep is idempotent).
 */
export class IdempotencySweeper {
  private readonly task = new PeriodicTask(
    () => this.sweep(),
    (error: unknown) =>
      this.deps.logger.error({ err: error }, 'idempotency sweep failed; retrying at the next poll'),
  );

  constructor(private readonly deps: { logger: Logger; models: Models }) {}

  /** Removes every stamp past its `replayUntil`; answers how many documents lost theirs. */
  async sweep(now = new Date()): Promise<number> {
    const { stories, replies, responses } = this.deps.models;
    const expired = { 'idempotency.replayUntil': { $lte: now } };
    const unset = { $unset: { idempotency: 1 } };
    const results = await Promise.all([
      stories.updateMany(expired, unset, { timestamps: false }),
      replies.updateMany(expired, unset, { timestamps: false }),
      responses.updateMany(expired, unset, { timestamps: false }),
    ]);
    return results.reduce((sum, result) => sum + result.modifiedCount, 0);
  }

  /** Sweeps now, then every `pollMs` (an hour) until `stop()`. */
  start(options: { pollMs?: number } = {}): void {
    this.task.start(options.pollMs ?? defaultPollMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
