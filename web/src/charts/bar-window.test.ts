import { describe, expect, it } from 'vitest';
import {
  afterAppend,
  isLive,
  liveWindow,
  lowerBoundByStart,
  slideBack,
  slideForward,
  windowPolicyFor,
} from './bar-window.ts';

const policy = { size: 100, step: 40, slack: 10 };

describe('bar window', () => {
  it('holds the newest bars when the series is long, and everything when it is short', () => {
    expect(liveWindow(1_000, policy)).toEqual({ start: 900, end: 1_000 });
    expect(liveWindow(30, policy)).toEqual({ start: 0, end: 30 });
  });

  it('slides into the past a step at a time, leaving the live edge', () => {
    const back = slideBack({ start: 900, end: 1_000 }, 1_000, policy)!;
    expect(back).toEqual({ start: 860, end: 960 });
    expect(isLive(back, 1_000)).toBe(false);
    expect(slideBack({ start: 10, end: 110 }, 1_000, policy)).toEqual({ start: 0, end: 100 });
    expect(slideBack({ start: 0, end: 100 }, 1_000, policy)).toBeNull();
  });

  it('slides back to the present and becomes live again', () => {
    expect(slideForward({ start: 860, end: 960 }, 1_000, policy)).toEqual({ start: 900, end: 1_000 });
    expect(slideForward({ start: 900, end: 1_000 }, 1_000, policy)).toBeNull();
  });

  it('grows a live window with appended bars and trims it after the slack', () => {
    expect(afterAppend({ start: 900, end: 1_000 }, 1_000, 1_005, policy)).toEqual({
      window: { start: 900, end: 1_005 },
      trimmed: false,
    });
    expect(afterAppend({ start: 900, end: 1_010 }, 1_010, 1_011, policy)).toEqual({
      window: { start: 911, end: 1_011 },
      trimmed: true,
    });
    // A window looking at the past does not move.
    expect(afterAppend({ start: 100, end: 200 }, 1_000, 1_001, policy)).toEqual({
      window: { start: 100, end: 200 },
      trimmed: false,
    });
  });

  it('finds bars by start time', () => {
    const bars = [0, 60, 120].map((start) => ({ start }));
    expect(lowerBoundByStart(bars, 60)).toBe(1);
    expect(lowerBoundByStart(bars, 61)).toBe(2);
    expect(lowerBoundByStart(bars, 999)).toBe(3);
  });

  it('sizes the window to hold more bars than fit on the chart at its narrowest spacing', () => {
    expect(windowPolicyFor(1_400, 0.75)).toEqual({ size: 2_800, step: 1_400, slack: 467 });
    expect(windowPolicyFor(3_800, 0.75).size).toBe(7_600);
    expect(windowPolicyFor(200, 0.75).size).toBe(1_500);
  });
});
