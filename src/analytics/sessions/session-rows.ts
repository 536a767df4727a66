// Per-session rows from 1-minute bars: the Initial Balance, its breaks (which side, when, first,
// false), extensions in IB ranges, the day type and when the session made its high and low. One
// pass over the bars of each session; the rules are those of docs/sessions.md (v1 definitions).
import { formatDay, isoWeekday, type SessionBounds, SessionClock } from './session-clock.js';
import type { SessionDefinition } from './session-definition.js';

const MINUTE_MS = 60_000;

/** The fields of a 1-minute bar the sessions need; `start` is the bar's open time, epoch ms. */
export interface SessionBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export type BreakSide = 'up' | 'down' | 'both' | 'none';
export type DayType = 'inside' | 'up' | 'down' | 'both';

export interface SessionRow {
  /** Local date the session starts on, YYYY-MM-DD. */
  date: string;
  /** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: number;
  end: number;
  /** Bars over the minutes of the session (1 = no minute missing). */
  coverage: number;
  open: number;
  high: number;
  low: number;
  close: number;
  ibHigh: number;
  ibLow: number;
  ibRange: number;
  breakUp: boolean;
  breakDown: boolean;
  breakUpMinute: number | null;
  breakDownMinute: number | null;
  firstBreak: BreakSide;
  falseBreakUp: boolean;
  falseBreakDown: boolean;
  extUp: number | null;
  extDown: number | null;
  rangeRatio: number | null;
  dayType: DayType;
  highMinute: number;
  lowMinute: number;
}

export type SkipReason = 'ib_incomplete' | 'coverage';

export interface SkippedSession {
  date: string;
  reason: SkipReason;
}

/** The session still open at `asOf`: the same fields over the bars so far. */
export interface ProvisionalSession extends SessionRow {
  /** Bars of the IB so far; the IB is final once this equals ibMinutes. */
  ibBars: number;
  /** Minutes from the session start to `asOf`. */
  elapsedMinutes: number;
}

export interface SessionRows {
  sessions: SessionRow[];
  skipped: SkippedSession[];
  /** The session that has not ended at `asOf`, when it has a bar; it is in neither list above. */
  provisional: ProvisionalSession | null;
}

export class SessionBarsError extends Error {
  override name = 'SessionBarsError';
}

/**
 * Rows of every session that has a bar, in date order. `bars` must be ascending by start with no
 * repeated start. A session whose end is after `asOf` is still open and comes back as provisional.
 */
export function computeSessionRows(
  bars: readonly SessionBar[],
  definition: SessionDefinition,
  asOf: number = Number.POSITIVE_INFINITY,
): SessionRows {
  requireAscending(bars);
  const clock = new SessionClock(definition.tz, definition.sessionStart);
  const result: SessionRows = { sessions: [], skipped: [], provisional: null };
  let first = 0;
  while (first < bars.length) {
    const bounds = clock.sessionAt(bars[first].start);
    let last = first + 1;
    while (last < bars.length && bars[last].start < bounds.end) last++;
    const row = sessionRow(bars, first, last, bounds, definition.ibMinutes);
    const date = formatDay(bounds.day);
    if (bounds.end > asOf) {
      if (row)
        result.provisional = { ...row.row, ibBars: row.ibBars, elapsedMinutes: (asOf - bounds.start) / MINUTE_MS };
    } else if (row === null || row.ibBars < definition.ibMinutes) {
      result.skipped.push({ date, reason: 'ib_incomplete' });
    } else if (row.row.coverage < definition.minCoverage) {
      result.skipped.push({ date, reason: 'coverage' });
    } else {
      result.sessions.push(row.row);
    }
    first = last;
  }
  return result;
}

/** One session from bars[first, last), all inside `bounds`; null when none of its bars is in the IB. */
function sessionRow(
  bars: readonly SessionBar[],
  first: number,
  last: number,
  bounds: SessionBounds,
  ibMinutes: number,
): { row: SessionRow; ibBars: number } | null {
  const { start, end } = bounds;
  const ibEnd = start + ibMinutes * MINUTE_MS;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let highAt = start;
  let lowAt = start;
  let ibHigh = Number.NEGATIVE_INFINITY;
  let ibLow = Number.POSITIVE_INFINITY;
  let restHigh = Number.NEGATIVE_INFINITY;
  let restLow = Number.POSITIVE_INFINITY;
  let ibBars = 0;
  let breakUpAt = -1;
  let breakDownAt = -1;
  // Bars are ascending, so every IB bar comes before the first rest bar and the IB is final by then.
  for (let i = first; i < last; i++) {
    const bar = bars[i];
    if (bar.high > high) {
      high = bar.high;
      highAt = bar.start;
    }
    if (bar.low < low) {
      low = bar.low;
      lowAt = bar.start;
    }
    if (bar.start < ibEnd) {
      ibBars++;
      if (bar.high > ibHigh) ibHigh = bar.high;
      if (bar.low < ibLow) ibLow = bar.low;
      continue;
    }
    if (ibBars === 0) return null;
    if (bar.high > restHigh) restHigh = bar.high;
    if (bar.low < restLow) restLow = bar.low;
    if (breakUpAt < 0 && bar.high > ibHigh) breakUpAt = bar.start;
    if (breakDownAt < 0 && bar.low < ibLow) breakDownAt = bar.start;
  }
  if (ibBars === 0) return null;

  const ibRange = ibHigh - ibLow;
  const close = bars[last - 1].close;
  const breakUp = breakUpAt >= 0;
  const breakDown = breakDownAt >= 0;
  // Without rest bars nothing went beyond the IB: an extension of 0, not an unknown one.
  const hasRest = last - first > ibBars;
  const extension = (beyond: number): number | null =>
    ibRange > 0 ? (hasRest ? Math.max(0, beyond) / ibRange : 0) : null;
  const row: SessionRow = {
    date: formatDay(bounds.day),
    weekday: isoWeekday(bounds.day),
    start,
    end,
    coverage: (last - first) / ((end - start) / MINUTE_MS),
    open: bars[first].open,
    high,
    low,
    close,
    ibHigh,
    ibLow,
    ibRange,
    breakUp,
    breakDown,
    breakUpMinute: breakUp ? (breakUpAt - start) / MINUTE_MS : null,
    breakDownMinute: breakDown ? (breakDownAt - start) / MINUTE_MS : null,
    firstBreak: firstBreakSide(breakUpAt, breakDownAt),
    falseBreakUp: breakUp && close <= ibHigh,
    falseBreakDown: breakDown && close >= ibLow,
    extUp: extension(restHigh - ibHigh),
    extDown: extension(ibLow - restLow),
    rangeRatio: ibRange > 0 ? (high - low) / ibRange : null,
    dayType: breakUp ? (breakDown ? 'both' : 'up') : breakDown ? 'down' : 'inside',
    highMinute: (highAt - start) / MINUTE_MS,
    lowMinute: (lowAt - start) / MINUTE_MS,
  };
  return { row, ibBars };
}

function requireAscending(bars: readonly SessionBar[]): void {
  for (let i = 1; i < bars.length; i++) {
    if (!(bars[i].start > bars[i - 1].start)) {
      throw new SessionBarsError(
        `bars must be ascending by start without repeats: bar ${i} starts at ${bars[i].start}, ` +
          `bar ${i - 1} at ${bars[i - 1].start}`,
      );
    }
  }
}

function firstBreakSide(breakUpAt: number, breakDownAt: number): BreakSide {
  if (breakUpAt < 0 && breakDownAt < 0) return 'none';
  if (breakUpAt === breakDownAt) return 'both';
  if (breakDownAt < 0 || (breakUpAt >= 0 && breakUpAt < breakDownAt)) return 'up';
  return 'down';
}
