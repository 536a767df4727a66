import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { connectionAttemptLimiter, messageRateLimiter, SlidingWindowLimiter } from './rate-limits.js';

describe('SlidingWindowLimiter', () => {
  it('allows max events in any window and says how long until the next fits', () => {
    let now = 1_000;
    const limiter = new SlidingWindowLimiter(2, 1_000, () => now);
    expect(limiter.tryTake()).toBe(true);
    now = 1_400;
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.delayMs()).toBe(601);
    now = 2_001;
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
  });

  it('keeps a margin below the documented WebSocket limits', () => {
    expect(messageRateLimiter(5).max).toBe(4);
    expect(messageRateLimiter(5).windowMs).toBeGreaterThan(1_000);
    expect(connectionAttemptLimiter(300, 300_000).max).toBe(270);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay, caps at the maximum and keeps at least half of it', () => {
    const policy = { initialMs: 100, maxMs: 1_000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
  });
});
