// The wire types of the history endpoints the Data view reads: stored coverage, the daily sync,
// CSV imports and their progress on the `imports` channel. Written from the API contract of
// issue 17 while the routes were being built; they move to src/server/wire-types.ts (imported
// type-only, like types.ts does) once the routes' schemas are there.
import type { InstrumentId, Timeframe } from './types.ts';

/** GET /coverage: what the store holds for one instrument and timeframe. */
export interface CoverageSummary {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Start of the first and last stored bar, epoch ms; null when none is stored. */
  first: number | null;
  last: number | null;
  count: number;
  /** Bars a gap-free range from first to last would hold. */
  expected: number;
  /** Runs of missing bars between first and last. */
  gapCount: number;
  /** Of the missing bars, those the exchange has no data for (the sync will not ask again). */
  noDataBars?: number;
}

export interface CoverageGap {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  missingBars?: number;
  /** Buckets of the gap the exchange has no data for: equal to missingBars when nothing can fill it. */
  noDataBars?: number;
}

/** GET /coverage?instrument=&timeframe=: the summary with its gaps. */
export interface CoverageDetail extends CoverageSummary {
  /** The largest gaps, in time order; gapCount says how many there are in all. */
  gaps: CoverageGap[];
}

export interface SyncRun {
  id: string | number;
  startedAt: number;
  finishedAt: number | null;
  trigger: string;
  instruments: number;
  barsWritten: number;
  rangesRequested: number;
  emptyRanges: number;
  errors: Array<{ instrument?: string; timeframe?: string; message: string }>;
}

/** GET /sync: the schedule and the newest runs. */
export interface SyncStatus {
  /** Cron expression (UTC); null when scheduled runs are off. */
  schedule: string | null;
  nextRunAt: number | null;
  running: boolean;
  runs: SyncRun[];
}

export type OnDuplicate = 'error' | 'first' | 'last';

export interface ImportRequest {
  file: File;
  instrument: InstrumentId;
  /** Omitted: the server infers it from the spacing of the timestamps. */
  timeframe?: Timeframe;
  map?: string;
  timeFormat?: string;
  delimiter?: string;
  onDuplicate?: OnDuplicate;
  dryRun: boolean;
}

/** An import (or the check of one, dryRun) as POST /imports answers it. */
export interface ImportResult {
  id: string;
  instrument: InstrumentId;
  timeframe: Timeframe;
  rows: number;
  first: number | null;
  last: number | null;
}

export interface ImportProblem {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** A progress message of the `imports` channel. */
export interface ImportProgress {
  type: 'import';
  id: string;
  instrument: InstrumentId;
  state: string;
  bytes: number;
  rows: number;
}

export function isImportProgress(data: unknown): data is ImportProgress {
  const message = data as Partial<ImportProgress> | null;
  return typeof message === 'object' && message !== null && message.type === 'import';
}
