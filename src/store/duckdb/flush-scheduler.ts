// When buffered rows get written: at most `intervalMs` after the first row buffered since the
// last flush started, or at once when asked. Flushes run one at a time; asking while one is
// waiting to start joins it instead of queueing another.

export class FlushScheduler {
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private waiting: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    /** Writes everything buffered; rejects if it could not (and keeps the rows for next time). */
    private readonly writeBuffered: () => Promise<void>,
  ) {}

  /** True while a flush is queued and has not yet taken the buffered rows. */
  get isWaiting(): boolean {
    return this.waiting !== null;
  }

  /** Called after rows were buffered: makes sure a flush will happen within `delayMs` (default the interval). */
  arm(delayMs = this.intervalMs): void {
    if (this.timer !== null || this.waiting !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // The failure is logged by writeBuffered and retried on the next flush.
      this.flush().catch(() => {});
    }, delayMs);
    // A pending timer must not keep the process alive; close() is what guarantees the write.
    this.timer.unref();
  }

  /** Resolves when everything buffered before the call is written. */
  flush(): Promise<void> {
    if (this.waiting !== null) return this.waiting;
    const flush = this.tail.then(() => {
      this.waiting = null;
      this.disarm();
      return this.writeBuffered();
    });
    this.waiting = flush;
    this.tail = flush.catch(() => {});
    return flush;
  }

  disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
