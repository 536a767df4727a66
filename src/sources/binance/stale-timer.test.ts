import { describe, expect, it } from 'vitest';
import { StaleTimer } from './stale-timer.js';

const options = { minMs: 1_000, maxMs: 60_000, multiplier: 10 };

function feed(timer: StaleTimer, stream: string, gapMs: number, count: number, start = 0): number {
  let now = start;
  for (let i = 0; i < count; i++, now += gapMs) timer.note(stream, now);
  return now;
}

describe('StaleTimer', () => {
  it('waits the maximum before it has seen a rate', () => {
    const timer = new StaleTimer(options);
    expect(timer.timeoutMs(['btcusdt@trade'])).toBe(60_000);
    timer.note('btcusdt@trade', 0);
    expect(timer.timeoutMs(['btcusdt@trade'])).toBe(60_000);
  });

  it('gives a busy stream a short timeout and a quiet one a long one', () => {
    const timer = new StaleTimer(options);
    feed(timer, 'busy@trade', 200, 100);
    feed(timer, 'quiet@trade', 3_000, 100);
    expect(timer.timeoutMs(['busy@trade'])).toBe(2_000);
    expect(timer.timeoutMs(['quiet@trade'])).toBe(30_000);
  });

  it('combines the streams of a connection: their flows add up', () => {
    const timer = new StaleTimer(options);
    feed(timer, 'a@trade', 4_000, 100);
    feed(timer, 'b@trade', 4_000, 100);
    expect(timer.timeoutMs(['a@trade', 'b@trade'])).toBe(20_000);
  });

  it('tells when a stream last had a message, for health to measure its silence', () => {
    const timer = new StaleTimer(options);
    expect(timer.lastMessageAt('s@trade')).toBeNull();
    feed(timer, 's@trade', 100, 5, 1_000);
    expect(timer.lastMessageAt('s@trade')).toBe(1_400);
    expect(timer.meanGapMs('s@trade')).toBe(100);
  });

  it('stays within the bounds', () => {
    const timer = new StaleTimer(options);
    feed(timer, 'hot@trade', 1, 100);
    feed(timer, 'dead@trade', 100_000, 10);
    expect(timer.timeoutMs(['hot@trade'])).toBe(1_000);
    expect(timer.timeoutMs(['dead@trade'])).toBe(60_000);
  });

  it('follows a change of pace gradually', () => {
    const timer = new StaleTimer(options);
    const end = feed(timer, 's@trade', 100, 200);
    const before = timer.timeoutMs(['s@trade']);
    feed(timer, 's@trade', 1_000, 20, end + 1_000);
    const after = timer.timeoutMs(['s@trade']);
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(10_000);
  });
});
