// Client-side guards for Binance's WebSocket limits: messages sent per second on a connection
// (pongs and control messages count) and connection attempts per window and IP. Both are sliding
// windows, as the server counts, and keep a safety margin below the documented numbers.
import { sleep } from './backoff.js';

/** A sliding-window counter: at most `max` events in any `windowMs`. */
export class SlidingWindowLimiter {
  private readonly events: number[] = [];

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(max >= 1)) throw new RangeError(`limiter max must be at least 1, got ${max}`);
  }

  /** Milliseconds until one more event fits (0 when it fits now). */
  delayMs(): number {
    const now = this.now();
    this.expire(now);
    if (this.events.length < this.max) return 0;
    return this.events[0] + this.windowMs - now + 1;
  }

  /** Records an event if it fits now; false otherwise. */
  tryTake(): boolean {
    if (this.delayMs() > 0) return false;
    this.events.push(this.now());
    return true;
  }

  /** Waits until an event fits, then records it. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const delay = this.delayMs();
      if (delay === 0) {
        this.events.push(this.now());
        return;
      }
      await sleep(delay, signal);
    }
  }

  /** Events recorded in the current window. */
  count(): number {
    this.expire(this.now());
    return this.events.length;
  }

  private expire(now: number): void {
    while (this.events.length > 0 && this.events[0] <= now - this.windowMs) this.events.shift();
  }
}

/**
 * Outgoing messages per connection: one below the documented per-second limit, over a window a
 * little longer than a second, so clock jitter between us and the server never trips it.
 */
export function messageRateLimiter(messagesPerSecond: number, now?: () => number): SlidingWindowLimiter {
  return new SlidingWindowLimiter(Math.max(1, messagesPerSecond - 1), 1_100, now);
}

/** Connection attempts per IP: 90% of the documented budget, shared by every connection of a host. */
export function connectionAttemptLimiter(attempts: number, windowMs: number, now?: () => number): SlidingWindowLimiter {
  return new SlidingWindowLimiter(Math.max(1, Math.floor(attempts * 0.9)), windowMs, now);
}
