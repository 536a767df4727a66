// The report over session rows: how often the IB breaks (up, down, both, neither), how often a
// break is false, how far breaks extend (hit rate per level), the range in IB ranges, and in which
// hour of the session the high, the low and the first break came; overall and per ISO weekday.
import type { SessionRow } from './session-rows.js';

export interface SessionReportGroup {
  n: number;
  /** Fractions of n; null when n is 0. */
  pBreakUp: number | null;
  pBreakDown: number | null;
  pBoth: number | null;
  pInside: number | null;
  /** Of the sessions that broke up, the fraction that closed back at or below the IB high. */
  pFalseBreakUp: number | null;
  pFalseBreakDown: number | null;
  /** Per level (written as given, '0.5', '1'), of the sessions that broke up, those that reached it. */
  pExtUp: Record<string, number | null>;
  pExtDown: Record<string, number | null>;
  meanRangeRatio: number | null;
  medianRangeRatio: number | null;
  /** Sessions per hour of the session (0 = first hour) in which the high was made. */
  highHourHist: number[];
  lowHourHist: number[];
  /** Sessions per hour of the session of their first break, over sessions that broke. */
  firstBreakHourHist: number[];
}

export interface SessionReport {
  all: SessionReportGroup;
  /** Keyed by ISO weekday '1' (Monday) … '7' (Sunday); a weekday without sessions is absent. */
  byWeekday: Record<string, SessionReportGroup>;
}

const HOUR_MS = 3_600_000;
const HOURS_IN_A_DAY = 24;

/** The report of `rows` (evaluated sessions) for the extension `levels` in IB ranges. */
export function buildSessionReport(rows: readonly SessionRow[], levels: readonly number[]): SessionReport {
  // One length for every histogram of the report, so that weekdays line up: 25 when a 25-hour
  // (clocks set back) session is among the rows, otherwise the longest session's hours.
  let hours = 0;
  for (const row of rows) hours = Math.max(hours, Math.ceil((row.end - row.start) / HOUR_MS));
  if (rows.length === 0) hours = HOURS_IN_A_DAY;
  const byWeekday: Record<string, SessionReportGroup> = {};
  for (let weekday = 1; weekday <= 7; weekday++) {
    const group = rows.filter((row) => row.weekday === weekday);
    if (group.length > 0) byWeekday[String(weekday)] = reportGroup(group, levels, hours);
  }
  return { all: reportGroup(rows, levels, hours), byWeekday };
}

function fraction(count: number, of: number): number | null {
  return of > 0 ? count / of : null;
}

function reportGroup(rows: readonly SessionRow[], levels: readonly number[], hours: number): SessionReportGroup {
  const n = rows.length;
  let breakUp = 0;
  let breakDown = 0;
  let both = 0;
  let falseUp = 0;
  let falseDown = 0;
  const extUpHits = levels.map(() => 0);
  const extDownHits = levels.map(() => 0);
  const ratios: number[] = [];
  const highHourHist = new Array<number>(hours).fill(0);
  const lowHourHist = new Array<number>(hours).fill(0);
  const firstBreakHourHist = new Array<number>(hours).fill(0);
  for (const row of rows) {
    if (row.breakUp) {
      breakUp++;
      if (row.falseBreakUp) falseUp++;
      countReached(row.extUp, levels, extUpHits);
    }
    if (row.breakDown) {
      breakDown++;
      if (row.falseBreakDown) falseDown++;
      countReached(row.extDown, levels, extDownHits);
    }
    if (row.breakUp && row.breakDown) both++;
    if (row.rangeRatio !== null) ratios.push(row.rangeRatio);
    highHourHist[Math.floor(row.highMinute / 60)]++;
    lowHourHist[Math.floor(row.lowMinute / 60)]++;
    const firstBreakMinute = Math.min(row.breakUpMinute ?? Infinity, row.breakDownMinute ?? Infinity);
    if (Number.isFinite(firstBreakMinute)) firstBreakHourHist[Math.floor(firstBreakMinute / 60)]++;
  }
  const inside = rows.filter((row) => !row.breakUp && !row.breakDown).length;
  const pExtUp: Record<string, number | null> = {};
  const pExtDown: Record<string, number | null> = {};
  levels.forEach((level, i) => {
    pExtUp[String(level)] = fraction(extUpHits[i], breakUp);
    pExtDown[String(level)] = fraction(extDownHits[i], breakDown);
  });
  return {
    n,
    pBreakUp: fraction(breakUp, n),
    pBreakDown: fraction(breakDown, n),
    pBoth: fraction(both, n),
    pInside: fraction(inside, n),
    pFalseBreakUp: fraction(falseUp, breakUp),
    pFalseBreakDown: fraction(falseDown, breakDown),
    pExtUp,
    pExtDown,
    meanRangeRatio: ratios.length > 0 ? ratios.reduce((sum, r) => sum + r, 0) / ratios.length : null,
    medianRangeRatio: median(ratios),
    highHourHist,
    lowHourHist,
    firstBreakHourHist,
  };
}

/** A flat IB has no extension (null), which reaches no level. */
function countReached(extension: number | null, levels: readonly number[], hits: number[]): void {
  if (extension === null) return;
  for (let i = 0; i < levels.length; i++) if (extension >= levels[i]) hits[i]++;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
