import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const policy = { initialMs: 500, maxMs: 15_000, factor: 2 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt and caps it', () => {
    expect(backoffDelayMs(1, policy, () => 1)).toBe(500);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(2_000);
    expect(backoffDelayMs(20, policy, () => 1)).toBe(15_000);
  });

  it('never waits less than half the ceiling', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(1_000);
  });
});
