import { describe, expect, it } from 'vitest';
import type { SessionReport, SessionReportGroup } from '../api/sessions-api.ts';
import { heatOpacity, hourHeatmap } from './session-heatmap.ts';

function group(high: number[]): SessionReportGroup {
  return {
    n: high.reduce((a, b) => a + b, 0),
    pBreakUp: null,
    pBreakDown: null,
    pBoth: null,
    pInside: null,
    pFalseBreakUp: null,
    pFalseBreakDown: null,
    pExtUp: {},
    pExtDown: {},
    meanRangeRatio: null,
    medianRangeRatio: null,
    highHourHist: high,
    lowHourHist: high.map(() => 0),
    firstBreakHourHist: high.map(() => 0),
  };
}

describe('hour heatmap', () => {
  it('lays the weekdays out Monday first, zero for a weekday without sessions', () => {
    const hours = (at: number, count: number) => Array.from({ length: 25 }, (_, h) => (h === at ? count : 0));
    const report: SessionReport = {
      all: group(hours(3, 5).map((c, h) => c + (h === 24 ? 1 : 0))),
      byWeekday: { '2': group(hours(3, 5)), '7': group(hours(24, 1)) },
    };
    const map = hourHeatmap(report, 'highHourHist');
    expect(map.hours).toBe(25);
    expect(map.max).toBe(5);
    expect(map.rows.map((row) => row.total)).toEqual([0, 5, 0, 0, 0, 0, 1]);
    expect(map.rows[1]).toMatchObject({ weekday: 2, name: 'Tuesday' });
    expect(map.rows[1].counts[3]).toBe(5);
    expect(map.rows[6].counts[24]).toBe(1);
  });

  it('shades a cell by its share of the fullest one and leaves empty cells clear', () => {
    expect(heatOpacity(0, 5)).toBe(0);
    expect(heatOpacity(5, 5)).toBeCloseTo(0.9);
    expect(heatOpacity(1, 0)).toBe(0);
    expect(heatOpacity(2, 4)).toBeLessThan(heatOpacity(3, 4));
  });
});
