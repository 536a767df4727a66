// Capped exponential backoff with jitter, and an abortable sleep, shared by the REST client and
// the stream connections so that many clients retrying at once spread out instead of stampeding.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (0-based): initialMs·2^attempt capped at maxMs, then drawn
 * uniformly from the upper half of that ("equal jitter"), so it never collapses to zero.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return capped / 2 + (capped / 2) * random();
}

export class AbortedError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortedError';
  }
}

/** Resolves after `ms`, or rejects with AbortedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
