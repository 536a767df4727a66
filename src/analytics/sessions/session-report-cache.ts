// Reports of the usual ranges (all stored sessions, the last 30, 90 and 365) per (instrument,
// profile), built once from the stored rows when they change and then answered from memory with
// an ETag that changes with them; other weekday filters over those rows are computed from memory.
import type { InstrumentId } from '../../domain/index.js';
import { buildSessionReport, type SessionReport } from './session-report.js';
import type { SessionRow } from './session-rows.js';

export const CACHED_RANGES = ['all', '30', '90', '365'] as const;
export type CachedRange = (typeof CACHED_RANGES)[number];

export interface CachedReport {
  /** Strong validator of this report: changes whenever the rows behind it change. */
  etag: string;
  /** Start of the first and end of the last session counted (0 when none). */
  from: number;
  to: number;
  sessions: number;
  report: SessionReport;
}

interface Entry {
  rows: SessionRow[];
  generation: number;
  reports: Map<CachedRange, CachedReport>;
}

export class SessionReportCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  /** Distinguishes this process's tags from an earlier run's, whose generations started at 0 too. */
  private readonly runId: string;

  constructor(
    private readonly definitionsVersion: number,
    now: number = Date.now(),
  ) {
    this.runId = now.toString(36);
  }

  /** Replaces the rows of (instrument, profile), ascending by start, and precomputes their reports. */
  put(instrument: InstrumentId, profile: string, rows: SessionRow[], levels: readonly number[]): void {
    const generation = ++this.generation;
    const reports = new Map<CachedRange, CachedReport>();
    for (const range of CACHED_RANGES) {
      const counted = range === 'all' ? rows : rows.slice(-Number(range));
      reports.set(range, {
        etag: `"sessions-v${this.definitionsVersion}-${this.runId}-${generation}-${range}"`,
        from: counted[0]?.start ?? 0,
        to: counted.at(-1)?.end ?? 0,
        sessions: counted.length,
        report: buildSessionReport(counted, levels),
      });
    }
    this.entries.set(key(instrument, profile), { rows, generation, reports });
  }

  /** Forgets (instrument, profile), or every instrument of `profile` when no instrument is given. */
  drop(profile: string, instrument?: InstrumentId): void {
    if (instrument !== undefined) {
      this.entries.delete(key(instrument, profile));
      return;
    }
    for (const name of [...this.entries.keys()]) if (name.endsWith(`|${profile}`)) this.entries.delete(name);
  }

  has(instrument: InstrumentId, profile: string): boolean {
    return this.entries.has(key(instrument, profile));
  }

  get(instrument: InstrumentId, profile: string, range: CachedRange): CachedReport | undefined {
    return this.entries.get(key(instrument, profile))?.reports.get(range);
  }

  /** The report of `range` counting only `weekdays`, from the rows in memory (not kept). */
  filtered(
    instrument: InstrumentId,
    profile: string,
    range: CachedRange,
    weekdays: readonly number[],
    levels: readonly number[],
  ): CachedReport | undefined {
    const entry = this.entries.get(key(instrument, profile));
    if (!entry) return undefined;
    const inRange = range === 'all' ? entry.rows : entry.rows.slice(-Number(range));
    const counted = inRange.filter((row) => weekdays.includes(row.weekday));
    return {
      etag: `"sessions-v${this.definitionsVersion}-${this.runId}-${entry.generation}-${range}-w${weekdays.join('')}"`,
      from: inRange[0]?.start ?? 0,
      to: inRange.at(-1)?.end ?? 0,
      sessions: counted.length,
      report: buildSessionReport(counted, levels),
    };
  }
}

function key(instrument: InstrumentId, profile: string): string {
  return `${instrument}|${profile}`;
}
