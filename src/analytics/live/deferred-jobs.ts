// Work kept off the ingestion path: a queue of pairs whose deferred job (heavy tests, Theil-Sen
// points) is due, run one per event-loop turn with setImmediate so that I/O — trades arriving,
// sockets draining — gets in between. A pair asked for again while it waits is queued once: when
// closes come faster than the tests run, the tests run on the newest close only. A turn that has
// just produced updates to deliver lets them go out first: the job waits a turn (a few at most).

export interface DeferredJob {
  runJob(): void;
}

/** Turns a job may wait behind fresh updates before it runs anyway. */
const MAX_DEFERRALS = 8;

export class DeferredJobs<T extends DeferredJob> {
  private readonly queue = new Set<T>();
  private immediate: NodeJS.Immediate | undefined;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;
  private deferrals = 0;
  /** Jobs run so far (for status and tests). */
  runs = 0;

  /**
   * @param yieldToUpdates true when the current turn produced updates that are about to be sent;
   *   the next job then waits a turn so that it does not delay them.
   */
  constructor(
    private readonly onError: (error: unknown, job: T) => void = () => {},
    private readonly yieldToUpdates: () => boolean = () => false,
  ) {}

  request(job: T): void {
    if (this.stopped) return;
    this.queue.add(job);
    this.immediate ??= setImmediate(this.runNext);
  }

  /** Drops a job that is no longer wanted (a removed pair). */
  cancel(job: T): void {
    this.queue.delete(job);
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Resolves once nothing is queued. */
  idle(): Promise<void> {
    if (this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.queue.clear();
    this.settle();
  }

  private readonly runNext = (): void => {
    this.immediate = undefined;
    if (this.yieldToUpdates() && this.deferrals < MAX_DEFERRALS && this.queue.size > 0) {
      this.deferrals++;
      this.immediate = setImmediate(this.runNext);
      return;
    }
    this.deferrals = 0;
    const next = this.queue.values().next();
    if (!next.done) {
      this.queue.delete(next.value);
      try {
        this.runs++;
        next.value.runJob();
      } catch (error) {
        this.onError(error, next.value);
      }
    }
    if (this.queue.size > 0) this.immediate = setImmediate(this.runNext);
    else this.settle();
  };

  private settle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
