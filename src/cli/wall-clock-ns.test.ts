import { describe, expect, it } from 'vitest';
import { wallClockNs } from './wall-clock-ns.js';

describe('wallClockNs', () => {
  it('starts at the wall clock and advances by the monotonic counter, nanosecond for nanosecond', () => {
    let monotonic = 5_000_000_123n;
    const clock = wallClockNs(
      () => 1_700_000_000_000,
      () => monotonic,
    );
    expect(clock()).toBe(1_700_000_000_000_000_000n);
    monotonic += 1_234n;
    expect(clock()).toBe(1_700_000_000_000_001_234n);
  });

  it('does not follow the wall clock when it is set back', () => {
    let wall = 1_700_000_000_000;
    let monotonic = 0n;
    const clock = wallClockNs(
      () => wall,
      () => monotonic,
    );
    wall -= 60_000;
    monotonic += 10n;
    expect(clock()).toBe(1_700_000_000_000_000_010n);
  });

  it('gives 19-digit stamps that never decrease and are not whole milliseconds', () => {
    const clock = wallClockNs();
    const stamps = Array.from({ length: 1_000 }, () => clock());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! >= stamps[i - 1]!).toBe(true);
    expect(String(stamps[0]).length).toBe(19);
    expect(stamps.some((stamp) => stamp % 1_000_000n !== 0n)).toBe(true);
  });
});
