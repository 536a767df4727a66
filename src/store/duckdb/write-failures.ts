// The state of the store's writes as health reports it: whether flushes fail and since when, the
// last error, and how long to wait before the next retry. A full disk fails every flush for as
// long as it lasts (75 s in issue #15 gave 300 error lines); the log gets one line when a run of
// failures starts and one when writing resumes, and retries back off so that a dead disk is not
// hammered four times a second.

/** First retry delay after a failed flush, doubled after each further failure up to the cap. */
export const FIRST_RETRY_MS = 250;
export const MAX_RETRY_MS = 5_000;

export interface WriteFailureSnapshot {
  /** Failed flushes since the store opened. */
  failedFlushes: number;
  /** Epoch ms of the first failure of the current run; null while writes succeed. */
  failingSince: number | null;
  /** Message of the most recent failure; kept after recovery so health can say what happened. */
  lastError: string | null;
}

export type FailureTransition = 'started' | 'continues';

export class WriteFailures {
  private failedCount = 0;
  private consecutive = 0;
  private since: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  get failing(): boolean {
    return this.since !== null;
  }

  /** Records a failed flush; 'started' for the first of a run (the one worth a log line). */
  failed(error: unknown): FailureTransition {
    this.failedCount++;
    this.consecutive++;
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.since !== null) return 'continues';
    this.since = this.now();
    return 'started';
  }

  /** Records a flush that wrote; returns the run of failures it ended, null when there was none. */
  succeeded(): { failures: number; sinceMs: number } | null {
    if (this.since === null) return null;
    const ended = { failures: this.consecutive, sinceMs: this.now() - this.since };
    this.since = null;
    this.consecutive = 0;
    return ended;
  }

  /** Delay before the next retry: FIRST_RETRY_MS doubled per consecutive failure, at most MAX_RETRY_MS. */
  retryDelayMs(): number {
    if (this.consecutive === 0) return FIRST_RETRY_MS;
    return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.consecutive - 1, 10));
  }

  snapshot(): WriteFailureSnapshot {
    return { failedFlushes: this.failedCount, failingSince: this.since, lastError: this.lastError };
  }
}

/**
 * True for an error after which DuckDB refuses every statement until the database is closed and
 * opened again ("database has been invalidated because of a previous fatal error"), e.g. a
 * checkpoint that could not write the file on a full disk.
 */
export function isDatabaseInvalidated(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /invalidated|FATAL Error/i.test(message);
}
