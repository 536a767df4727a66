// Computing stored session rows: what the sessions need from the store (a port the Store satisfies
// structurally), and the recompute of a list of sessions of one profile from their 1m bars, a few
// dozen sessions per read so that a year of bars is never in memory at once and the event loop
// gets a turn between chunks.
import type { InstrumentId } from '../../domain/index.js';
import type { BarHistory } from '../live/ports.js';
import { formatDay, type SessionBounds, type SessionClock } from './session-clock.js';
import type { SessionDefinition } from './session-definition.js';
import { computeSessionRows, type SessionRow } from './session-rows.js';

/** The skip reason stored for a session that has no bar (any more): checked, and nothing to show. */
export const NO_BARS = 'no_bars';
/** Sessions per bar read: 30 days of 1m bars is 43,200 bars, a few ms of computing. */
export const SESSIONS_PER_CHUNK = 30;

export interface StoredSessionRecord {
  start: number;
  end: number;
  date: string;
  definitionsVersion: number;
  definition: string;
  skipReason: string | null;
  row: unknown;
}

export interface SessionRowStore extends BarHistory {
  instruments(): Promise<Array<{ id: InstrumentId }>>;
  writeSessionRows(write: {
    instrument: InstrumentId;
    profile: string;
    sessions: readonly StoredSessionRecord[];
  }): Promise<void>;
  readSessionRows(query: {
    instrument: InstrumentId;
    profile: string;
    from?: number;
    to?: number;
  }): Promise<StoredSessionRecord[]>;
  staleSessions(query: {
    instrument: InstrumentId;
    profile: string;
    sessions: ReadonlyArray<{ start: number; end: number }>;
  }): Promise<number[]>;
  deleteSessionRows(profile: string): Promise<number>;
  sessionRowSummary(): Promise<
    Array<{
      instrument: InstrumentId;
      profile: string;
      definitionsVersion: number;
      definition: string;
      sessions: number;
    }>
  >;
}

/** The fields of a profile the rows depend on (not its extension levels, which only the report reads). */
export function definitionFingerprint(definition: SessionDefinition): string {
  const { tz, sessionStart, ibMinutes, minCoverage } = definition;
  return JSON.stringify({ tz, sessionStart, ibMinutes, minCoverage });
}

/** Sessions of `clock` that end at or before `asOf` and start in [from, to). */
export function endedSessions(clock: SessionClock, from: number, to: number, asOf: number): SessionBounds[] {
  const sessions: SessionBounds[] = [];
  let bounds = clock.sessionAt(from);
  if (bounds.start < from) bounds = clock.sessionAt(bounds.end);
  while (bounds.start < to && bounds.end <= asOf) {
    sessions.push(bounds);
    bounds = clock.sessionAt(bounds.end);
  }
  return sessions;
}

export interface RecomputeTarget {
  store: SessionRowStore;
  instrument: InstrumentId;
  profile: string;
  definition: SessionDefinition;
  definitionsVersion: number;
}

/**
 * Recomputes and stores `sessions` (ended ones, ascending) from their bars; returns the rows written
 * that have a row (not skipped). `onChunk` is told the sessions done after each chunk.
 */
export async function recomputeSessions(
  target: RecomputeTarget,
  sessions: readonly SessionBounds[],
  onChunk: (done: number) => void = () => {},
): Promise<SessionRow[]> {
  const { store, instrument, profile, definition } = target;
  const fingerprint = definitionFingerprint(definition);
  const written: SessionRow[] = [];
  // The bar that announced the change may still be in the store's write buffer.
  await store.flush();
  for (let i = 0; i < sessions.length; i += SESSIONS_PER_CHUNK) {
    const chunk = sessions.slice(i, i + SESSIONS_PER_CHUNK);
    const from = chunk[0].start;
    const to = chunk[chunk.length - 1].end;
    const bars = await store.readBars({ instrument, timeframe: '1m', from, to });
    // Every session of the chunk has ended, so nothing comes back provisional.
    const computed = computeSessionRows(bars, definition, to);
    const rows = new Map(computed.sessions.map((row) => [row.date, row]));
    const skipped = new Map(computed.skipped.map((skip) => [skip.date, skip.reason]));
    const records = chunk.map((bounds): StoredSessionRecord => {
      const date = formatDay(bounds.day);
      const row = rows.get(date) ?? null;
      if (row) written.push(row);
      return {
        start: bounds.start,
        end: bounds.end,
        date,
        definitionsVersion: target.definitionsVersion,
        definition: fingerprint,
        skipReason: row ? null : (skipped.get(date) ?? NO_BARS),
        row,
      };
    });
    await store.writeSessionRows({ instrument, profile, sessions: records });
    onChunk(Math.min(i + SESSIONS_PER_CHUNK, sessions.length));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return written;
}
