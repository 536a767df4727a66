// The wire types of the history endpoints the Data view reads: stored coverage, the daily sync,
// CSV imports and their progress on the `imports` channel. The imports' come type-only from the
// server's schemas (src/server/wire-types.ts); coverage and sync are written from the API contract
// of issue 17 until their routes' schemas are on main, and then come from there too.
import type { ImportQuery } from '../../../src/server/wire-types.ts';
import type { InstrumentId, Timeframe } from './types.ts';

export type {
  CsvProblem,
  ImportMessage,
  ImportProgress,
  ImportQuery,
  ImportRecord,
} from '../../../src/server/wire-types.ts';

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

export type OnDuplicate = NonNullable<ImportQuery['onDuplicate']>;

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
