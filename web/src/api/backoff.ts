// Reconnect delays: exponential with full jitter so that many dashboards do not reconnect in
// lockstep after a server restart.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 15_000, factor: 2 };

/** Delay before reconnect attempt `attempt` (1-based); `random` is injectable for tests. */
export function backoffDelayMs(attempt: number, policy = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
  // Half fixed, half jitter: never reconnect instantly, never wait longer than the ceiling.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
