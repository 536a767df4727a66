// Which sessions the Sessions view shows: all stored ones, the last 30/90/365, or a custom range of
// dates, with the profile, the instrument and the selected session, all kept in the address bar.
import type { SessionRow } from '../api/sessions-api.ts';
import type { RouteParams } from './route.ts';

export const SESSION_RANGES = ['all', '30', '90', '365', 'custom'] as const;
export type SessionRange = (typeof SESSION_RANGES)[number];

export const SESSION_RANGE_LABELS: Readonly<Record<SessionRange, string>> = {
  all: 'All',
  '30': 'Last 30',
  '90': 'Last 90',
  '365': 'Last 365',
  custom: 'Custom',
};

const DAY_MS = 86_400_000;
/** The most the server reads in one request (MAX_SESSION_RANGE_DAYS): "all" is that much before the newest bar. */
export const ALL_SESSIONS_DAYS = 1100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SessionSelection {
  instrument: string | null;
  profile: string;
  range: SessionRange;
  /** Custom range, `YYYY-MM-DD` (UTC dates), `to` exclusive. */
  from: string | null;
  to: string | null;
  /** Local date of the selected session. */
  session: string | null;
}

export function parseSessionParams(params: RouteParams): SessionSelection {
  const range = (SESSION_RANGES as readonly string[]).includes(params.range ?? '')
    ? (params.range as SessionRange)
    : 'all';
  const date = (value: string | undefined) => (value && DATE.test(value) ? value : null);
  return {
    instrument: params.instrument ?? null,
    profile: params.profile ?? 'utc',
    range,
    from: date(params.from),
    to: date(params.to),
    session: date(params.session),
  };
}

/** Epoch ms of a `YYYY-MM-DD` UTC date, or null when it is not a real date. */
export function utcDateMs(date: string | null): number | null {
  if (!date || !DATE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(date) ? ms : null;
}

export type SpanQuery = { from?: number; to?: number } | { problem: string };

/**
 * The first request of a range. Ranges counted in sessions end at the instrument's newest bar
 * (imported history can be years old), and are cut to their last N sessions afterwards
 * (lastSessionsFrom), since only the rows say where the N-th last session starts.
 */
export function spanQuery(selection: SessionSelection, newestBarStart: number | null): SpanQuery {
  if (selection.range === 'custom') {
    const from = utcDateMs(selection.from);
    const to = utcDateMs(selection.to);
    if (from === null) return { problem: `from must be a date YYYY-MM-DD, got "${selection.from ?? ''}"` };
    if (to === null) return { problem: `to must be a date YYYY-MM-DD, got "${selection.to ?? ''}"` };
    if (!(from < to)) return { problem: `from (${selection.from}) must be before to (${selection.to})` };
    if (to - from > ALL_SESSIONS_DAYS * DAY_MS)
      return { problem: `a custom range spans at most ${ALL_SESSIONS_DAYS} days` };
    return { from, to };
  }
  if (newestBarStart === null) return {};
  const to = newestBarStart + 60_000;
  return { from: to - ALL_SESSIONS_DAYS * DAY_MS, to };
}

/** Start of the N-th last session of `rows`, or null when the rows hold N sessions or fewer. */
export function lastSessionsFrom(rows: readonly SessionRow[], range: SessionRange): number | null {
  if (range === 'all' || range === 'custom') return null;
  const count = Number(range);
  return rows.length > count ? rows[rows.length - count].start : null;
}
