import { describe, expect, it } from 'vitest';
import type { SessionDefinition } from './session-definition.js';
import { buildSessionReport } from './session-report.js';
import { computeSessionRows, type SessionBar, SessionBarsError } from './session-rows.js';

const MINUTE = 60_000;
const DAY0 = Date.parse('2024-01-01T00:00:00Z'); // a Monday
const UTC: SessionDefinition = {
  tz: 'UTC',
  sessionStart: '00:00',
  ibMinutes: 60,
  minCoverage: 1,
  extensionLevels: [0.5, 1, 2],
};

/** A full UTC day of flat bars at 100 with a 99–101 IB, then `shape` applied per minute. */
function day(startMs: number, shape: (minute: number, bar: SessionBar) => void = () => {}): SessionBar[] {
  const bars: SessionBar[] = [];
  for (let minute = 0; minute < 1440; minute++) {
    const bar = { start: startMs + minute * MINUTE, open: 100, high: 100, low: 100, close: 100 };
    if (minute === 10) bar.high = 101;
    if (minute === 20) bar.low = 99;
    shape(minute, bar);
    bars.push(bar);
  }
  return bars;
}

describe('session rows', () => {
  it('an inside day: no break, extensions 0, range ratio 1', () => {
    const { sessions } = computeSessionRows(day(DAY0), UTC);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      date: '2024-01-01',
      weekday: 1,
      ibHigh: 101,
      ibLow: 99,
      ibRange: 2,
      breakUp: false,
      breakDown: false,
      firstBreak: 'none',
      dayType: 'inside',
      extUp: 0,
      extDown: 0,
      rangeRatio: 1,
      highMinute: 10,
      lowMinute: 20,
    });
  });

  it('a bar that breaks both sides first makes firstBreak both; closing back inside makes both breaks false', () => {
    const bars = day(DAY0, (minute, bar) => {
      if (minute === 100) Object.assign(bar, { high: 103, low: 96 });
    });
    const [row] = computeSessionRows(bars, UTC).sessions;
    expect(row).toMatchObject({
      breakUpMinute: 100,
      breakDownMinute: 100,
      firstBreak: 'both',
      dayType: 'both',
      falseBreakUp: true,
      falseBreakDown: true,
      extUp: 1,
      extDown: 1.5,
      rangeRatio: 3.5,
      highMinute: 100,
      lowMinute: 100,
    });
  });

  it('a break that holds to the close is not false, and the first of equal highs is the high minute', () => {
    const bars = day(DAY0, (minute, bar) => {
      if (minute >= 300) Object.assign(bar, { high: 102, close: 102, open: 102, low: 102 });
    });
    const [row] = computeSessionRows(bars, UTC).sessions;
    expect(row).toMatchObject({ breakUp: true, breakUpMinute: 300, falseBreakUp: false, highMinute: 300 });
    expect(row.firstBreak).toBe('up');
  });

  it('a flat IB has null extensions and range ratio but still breaks', () => {
    const bars = day(DAY0, (minute, bar) => {
      if (minute < 60) Object.assign(bar, { high: 100, low: 100 });
      if (minute === 70) bar.low = 99.5;
    });
    const [row] = computeSessionRows(bars, UTC).sessions;
    expect(row).toMatchObject({ ibRange: 0, breakDown: true, extUp: null, extDown: null, rangeRatio: null });
    const report = buildSessionReport([row], UTC.extensionLevels);
    expect(report.all.pExtDown).toEqual({ '0.5': 0, '1': 0, '2': 0 });
    expect(report.all.meanRangeRatio).toBeNull();
  });

  it('skips a session missing an IB minute as ib_incomplete and one missing a later minute as coverage', () => {
    const missingIb = day(DAY0).filter((_, minute) => minute !== 30);
    const missingLater = day(DAY0 + 86_400_000).filter((_, minute) => minute !== 900);
    const result = computeSessionRows([...missingIb, ...missingLater], UTC);
    expect(result.sessions).toEqual([]);
    expect(result.skipped).toEqual([
      { date: '2024-01-01', reason: 'ib_incomplete' },
      { date: '2024-01-02', reason: 'coverage' },
    ]);
    const lenient = computeSessionRows(missingLater, { ...UTC, minCoverage: 0.99 });
    expect(lenient.sessions.map((s) => s.coverage)).toEqual([1439 / 1440]);
  });

  it('lists no row for a session without bars', () => {
    const bars = [...day(DAY0), ...day(DAY0 + 2 * 86_400_000)];
    const result = computeSessionRows(bars, UTC);
    expect(result.sessions.map((s) => s.date)).toEqual(['2024-01-01', '2024-01-03']);
    expect(result.skipped).toEqual([]);
  });

  it('an IB-only session (low coverage allowed) has no break and extensions of 0', () => {
    const bars = day(DAY0).slice(0, 60);
    const [row] = computeSessionRows(bars, { ...UTC, minCoverage: 0.01 }).sessions;
    expect(row).toMatchObject({ breakUp: false, breakDown: false, extUp: 0, extDown: 0, dayType: 'inside' });
  });

  it('serves the session not yet ended at asOf as provisional, with the IB so far', () => {
    const bars = [...day(DAY0), ...day(DAY0 + 86_400_000).slice(0, 45)];
    const asOf = DAY0 + 86_400_000 + 45 * MINUTE;
    const result = computeSessionRows(bars, UTC, asOf);
    expect(result.sessions.map((s) => s.date)).toEqual(['2024-01-01']);
    expect(result.provisional).toMatchObject({ date: '2024-01-02', ibBars: 45, elapsedMinutes: 45, ibHigh: 101 });
    expect(result.skipped).toEqual([]);
  });

  it('refuses bars out of order or repeated, naming the bar', () => {
    const bars = day(DAY0).slice(0, 3);
    expect(() => computeSessionRows([bars[0], bars[2], bars[1]], UTC)).toThrow(SessionBarsError);
    expect(() => computeSessionRows([bars[0], bars[0]], UTC)).toThrow(/bar 1 starts at/);
  });

  it('builds 23-hour sessions on the clocks-forward day in New York', () => {
    const ny: SessionDefinition = { ...UTC, tz: 'America/New_York', sessionStart: '00:00' };
    const start = Date.parse('2024-03-10T05:00:00Z');
    const bars = day(start).slice(0, 23 * 60);
    const result = computeSessionRows(bars, ny);
    expect(result.sessions.map((s) => [s.date, s.coverage, (s.end - s.start) / 3_600_000])).toEqual([
      ['2024-03-10', 1, 23],
    ]);
  });
});

describe('session report', () => {
  it('counts per weekday, splits probabilities of breaks and gives hour histograms', () => {
    const monday = day(DAY0, (minute, bar) => {
      if (minute === 125) bar.high = 104; // up 1.5 IB ranges, in hour 2
    });
    const tuesday = day(DAY0 + 86_400_000);
    const { sessions } = computeSessionRows([...monday, ...tuesday], UTC);
    const report = buildSessionReport(sessions, UTC.extensionLevels);
    expect(report.all).toMatchObject({ n: 2, pBreakUp: 0.5, pBreakDown: 0, pBoth: 0, pInside: 0.5 });
    expect(report.all.pExtUp).toEqual({ '0.5': 1, '1': 1, '2': 0 });
    expect(report.all.pExtDown).toEqual({ '0.5': null, '1': null, '2': null });
    expect(report.all.pFalseBreakUp).toBe(1);
    expect(report.all.pFalseBreakDown).toBeNull();
    expect(report.all.firstBreakHourHist[2]).toBe(1);
    expect(report.all.highHourHist).toHaveLength(24);
    expect(report.all.medianRangeRatio).toBe((2.5 + 1) / 2);
    expect(Object.keys(report.byWeekday)).toEqual(['1', '2']);
    expect(report.byWeekday['1'].n).toBe(1);
  });

  it('gives 25 hours of histogram when a 25-hour session is in the rows, for every weekday', () => {
    const london: SessionDefinition = { ...UTC, tz: 'Europe/London', sessionStart: '08:00', minCoverage: 0.5 };
    const bars = [...day(Date.parse('2023-10-27T07:00:00Z')), ...day(Date.parse('2023-10-28T07:00:00Z'))];
    const { sessions } = computeSessionRows(bars, london);
    const report = buildSessionReport(sessions, london.extensionLevels);
    expect(sessions.map((s) => s.date)).toEqual(['2023-10-27', '2023-10-28']);
    expect(report.all.highHourHist).toHaveLength(25);
    expect(report.byWeekday['5'].lowHourHist).toHaveLength(25);
  });

  it('an empty report has n 0, null probabilities and 24 empty hours', () => {
    const report = buildSessionReport([], [1]);
    expect(report.all).toMatchObject({ n: 0, pBreakUp: null, pInside: null, meanRangeRatio: null });
    expect(report.all.highHourHist).toEqual(new Array(24).fill(0));
    expect(report.byWeekday).toEqual({});
  });
});
