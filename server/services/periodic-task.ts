/**
 * Background work that runs now, then again `pollMs` after each run ends, until `stop()`. Runs never
 * overlap, a failed run is reported and tried again at the next poll, and `stop()` waits for the run
 * in progress so the store is not closed under it.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  start(pollMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.work().catch(this.onFailure);
      void this.running.then(() => {
        if (this.timer) this.timer = setTimeout(tick, pollMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
