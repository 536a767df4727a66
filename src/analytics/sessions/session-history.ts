// Session statistics of one instrument from its stored 1-minute bars: the range is cut to whole
// sessions (those starting in [from, to)), the bars are read through the BarHistory port, and the
// live open bar, when given, joins the still-open session as provisional.
import type { Bar, InstrumentId } from '../../domain/index.js';
import type { BarHistory } from '../live/ports.js';
import { SessionClock } from './session-clock.js';
import type { SessionDefinition } from './session-definition.js';
import { buildSessionReport, type SessionReport } from './session-report.js';
import type { SessionRowStore } from './session-recompute.js';
import { computeSessionRows, type SessionRow, type SessionRows, type SkippedSession } from './session-rows.js';

const DAY_MS = 86_400_000;
/** Without `from`, the sessions of the last year. */
export const DEFAULT_SESSION_RANGE_DAYS = 365;
/** About three years of 1m bars (1.6 M rows) is the most one request reads into memory. */
export const MAX_SESSION_RANGE_DAYS = 1100;

export interface SessionQuery {
  instrument: InstrumentId;
  definition: SessionDefinition;
  /** Sessions starting at or after this instant; default `to` minus a year. */
  from?: number;
  /** Sessions starting before this instant; default `asOf`. */
  to?: number;
  /** The present: a session that has not ended by then is provisional. */
  asOf: number;
  /** Only these ISO weekdays (1 = Monday) count in the report; all when absent. */
  weekdays?: readonly number[];
}

export interface SessionStatistics extends SessionRows {
  /** Start of the first session the range holds (epoch ms). */
  from: number;
  /** End of the last session the range holds (epoch ms). */
  to: number;
  /** Bars read. */
  bars: number;
  report: SessionReport;
}

export class SessionRangeError extends Error {
  override name = 'SessionRangeError';
  constructor(
    readonly field: 'from' | 'to',
    readonly value: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whole sessions of [from, to): from the first session starting at or after `from`, to the end of the last. */
export function sessionSpan(definition: SessionDefinition, from: number, to: number): { from: number; to: number } {
  if (!(from < to)) {
    throw new SessionRangeError('from', from, `from (${iso(from)}) must be before to (${iso(to)})`);
  }
  if (to - from > MAX_SESSION_RANGE_DAYS * DAY_MS) {
    throw new SessionRangeError(
      'from',
      from,
      `from (${iso(from)}) to to (${iso(to)}) is more than ${MAX_SESSION_RANGE_DAYS} days; ask for a shorter range`,
    );
  }
  const clock = new SessionClock(definition.tz, definition.sessionStart);
  const first = clock.sessionAt(from);
  return { from: first.start === from ? from : first.end, to: clock.sessionAt(to - 1).end };
}

export async function loadSessionStatistics(
  history: BarHistory,
  query: SessionQuery,
  openBar?: Bar,
): Promise<SessionStatistics> {
  const to = query.to ?? query.asOf;
  const span = sessionSpan(query.definition, query.from ?? to - DEFAULT_SESSION_RANGE_DAYS * DAY_MS, to);
  const bars = await readSessionBars(history, query.instrument, span, openBar);
  const rows = computeSessionRows(bars, query.definition, query.asOf);
  const weekdays = query.weekdays;
  const counted = weekdays ? rows.sessions.filter((row) => weekdays.includes(row.weekday)) : rows.sessions;
  return {
    ...rows,
    from: span.from,
    to: span.to,
    bars: bars.length,
    report: buildSessionReport(counted, query.definition.extensionLevels),
  };
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

/** The stored 1m bars of [from, to), with the open bar after them when it falls inside and is newer. */
async function readSessionBars(
  history: BarHistory,
  instrument: InstrumentId,
  range: { from: number; to: number },
  openBar?: Bar,
): Promise<Bar[]> {
  await history.flush();
  const bars: Bar[] = await history.readBars({ instrument, timeframe: '1m', from: range.from, to: range.to });
  const last = bars.at(-1);
  if (openBar && openBar.start >= range.from && openBar.start < range.to && (!last || openBar.start > last.start)) {
    bars.push(openBar);
  }
  return bars;
}

/**
 * The same answer as loadSessionStatistics, from the stored rows of the range (kept current by the
 * SessionKeeper) and the bars of the open session only: a year is a few hundred rows instead of
 * half a million bars.
 */
export async function loadStoredSessionStatistics(
  store: SessionRowStore,
  profile: string,
  query: SessionQuery,
  openBar?: Bar,
): Promise<SessionStatistics> {
  const to = query.to ?? query.asOf;
  const span = sessionSpan(query.definition, query.from ?? to - DEFAULT_SESSION_RANGE_DAYS * DAY_MS, to);
  const stored = await store.readSessionRows({ instrument: query.instrument, profile, from: span.from, to: span.to });
  const sessions: SessionRow[] = [];
  const skipped: SkippedSession[] = [];
  let bars = 0;
  for (const session of stored) {
    if (session.end > query.asOf) continue;
    const row = session.row as SessionRow | null;
    if (row) {
      sessions.push(row);
      bars += Math.round((row.coverage * (row.end - row.start)) / 60_000);
    } else if (session.skipReason === 'ib_incomplete' || session.skipReason === 'coverage') {
      skipped.push({ date: session.date, reason: session.skipReason });
    }
  }
  let provisional: SessionRows['provisional'] = null;
  const open = new SessionClock(query.definition.tz, query.definition.sessionStart).sessionAt(query.asOf);
  if (open.start >= span.from && open.start < span.to) {
    const openBars = await readSessionBars(store, query.instrument, { from: open.start, to: open.end }, openBar);
    bars += openBars.length;
    provisional = computeSessionRows(openBars, query.definition, query.asOf).provisional;
  }
  const weekdays = query.weekdays;
  const counted = weekdays ? sessions.filter((row) => weekdays.includes(row.weekday)) : sessions;
  return {
    sessions,
    skipped,
    provisional,
    from: span.from,
    to: span.to,
    bars,
    report: buildSessionReport(counted, query.definition.extensionLevels),
  };
}
