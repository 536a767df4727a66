// The storage contract every backend (embedded DuckDB, later PostgreSQL) implements. Writes are
// buffered and flushed in batches; reads see everything flushed.
import type { Bar, InstrumentId, InstrumentMeta, Tick, Timeframe } from '../domain/index.js';
import type { CopySummary, FileTarget, StoredTableQuery } from './duckdb/table-copy.js';

export type { CopySummary, FileFormat, FileTarget, StoredTableQuery } from './duckdb/table-copy.js';

export interface TickQuery {
  instrument: InstrumentId;
  /** Inclusive lower bound on `ts`, epoch ms. */
  from?: number;
  /** Exclusive upper bound on `ts`, epoch ms. */
  to?: number;
  /** Maximum rows, earliest first. */
  limit?: number;
}

export interface BarQuery {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Inclusive lower bound on `start`, epoch ms. */
  from?: number;
  /** Exclusive upper bound on `start`, epoch ms. */
  to?: number;
  /** Maximum rows. Without `from`, the latest `limit` bars are returned; rows are always ascending. */
  limit?: number;
}

export interface StoredInstrument {
  id: InstrumentId;
  ticks: number;
  firstTs: number | null;
  lastTs: number | null;
  lastTradeId: number | null;
}

/** A half-open time range [from, to), epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** What is stored of one instrument and timeframe (GET /api/v1/coverage). */
export interface BarCoverage {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Start of the first and last stored bar; null when none is stored. */
  first: number | null;
  last: number | null;
  count: number;
  /** Bars a gap-free range from `first` to `last` would hold. */
  expected: number;
  /** Buckets without a bar between `first` and `last` (expected - count). */
  missingBars: number;
}

/** One run of missing buckets, [from, to). */
export interface BarGap extends TimeRange {
  missingBars: number;
  /** Buckets of the run the exchange has no data for; equal to missingBars when nothing can fill it. */
  noDataBars: number;
}

export interface BarCoverageDetail extends BarCoverage {
  /** Runs of buckets without a bar between `first` and `last`. */
  gapCount: number;
  /** Of the missing buckets, those the exchange was asked for and has no data for (see markNoKlineData). */
  noDataBars: number;
  /** The largest `maxGaps` gaps (ties: the earliest), in time order. */
  gaps: BarGap[];
}

/** A range of buckets whose missing bars the exchange has no klines with trades for. */
export interface NoKlineDataRange extends TimeRange {
  instrument: InstrumentId;
  timeframe: Timeframe;
}

export interface StoreStats {
  pendingTicks: number;
  pendingBars: number;
  flushes: number;
  writtenTicks: number;
  writtenBars: number;
  /** Size of the database file in bytes; null for `:memory:`. */
  fileBytes: number | null;
  /** Unwritten rows (ticks + bars) at which `hasRoom` turns false. */
  maxPendingRows: number;
  /** Epoch ms the oldest unwritten row was buffered (an upper bound on its age); null when none waits. */
  oldestPendingAt: number | null;
  /** Flushes that failed since the store opened. */
  failedFlushes: number;
  /** Epoch ms the current run of failed flushes started; null while writes succeed. */
  failingSince: number | null;
  /** The most recent write error, kept after recovery; null when there was none. */
  lastError: string | null;
  /** Times the database was reopened after DuckDB invalidated it (e.g. a checkpoint on a full disk). */
  reopens: number;
}

/**
 * The fields of one bar in a staged import batch, in this order: a batch is a Float64Array of
 * rows × IMPORT_BAR_FIELDS.length values (one copy per batch to the store worker, no objects).
 */
export const IMPORT_BAR_FIELDS = [
  'start',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'quoteVolume',
  'trades',
  'buyVolume',
] as const;

export interface BarImportPlan {
  instrument: InstrumentId;
  /** Timeframe of the staged bars. */
  timeframe: Timeframe;
  /** Coarser timeframes rebuilt from the stored bars of `timeframe` over the imported range, at commit. */
  derive: readonly Timeframe[];
}

/** Trades of one instrument in columns (typed arrays, so they cross threads and reach the appender unboxed). */
export interface TickColumns {
  id: Float64Array;
  /** Epoch ms, fractional for µs. */
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  /** 1 when the buyer was the maker. */
  buyerMaker: Uint8Array;
  /** Epoch ms the trade was received (recorded captures), NaN when not known; absent: none known. */
  receivedAt?: Float64Array;
}

/**
 * A bulk import of one instrument's history (a dump file): ticks and bars are staged apart from the
 * stored data and become visible together at `commit`, in one transaction, or never (`abort`), so a file
 * that fails half-way stores nothing. Ticks must be new (de-duplicated by the caller).
 */
export interface TickImport {
  /**
   * Stages rows `0 … count-1` of the columns (copied: the caller may reuse them at once); resolves when the
   * store can take more (a backend may write the previous batch meanwhile).
   */
  appendTicks(columns: TickColumns, count: number): Promise<void>;
  /** Stages bars; a bar with the key of a stored one replaces it at commit. */
  upsertBars(bars: readonly Bar[]): void;
  /** Stores everything staged in one transaction; returns the ticks and bars written. */
  commit(): Promise<{ ticks: number; bars: number }>;
  /** Drops everything staged. */
  abort(): Promise<void>;
}

/** One session of a profile as stored: its bounds, the definitions it was computed with, and its row. */
export interface StoredSession {
  /** Epoch ms UTC of the session's start (the key with instrument and profile) and end (exclusive). */
  start: number;
  end: number;
  /** Local date the session starts on, YYYY-MM-DD. */
  date: string;
  /** Version of the session definitions the row was computed with. */
  definitionsVersion: number;
  /** The profile's definition at that time, as its owner serialised it (a changed profile is recomputed). */
  definition: string;
  /** Why the session has no row (the owner's words, e.g. `coverage`); null when `row` is there. */
  skipReason: string | null;
  /** The session's row, a JSON document owned by src/analytics/sessions; null when skipped. */
  row: unknown;
}

export interface SessionRowsWrite {
  instrument: InstrumentId;
  profile: string;
  /** Each replaces the stored session with the same start; the checksum of its 1m bars is taken now. */
  sessions: readonly StoredSession[];
}

export interface SessionRowsQuery {
  instrument: InstrumentId;
  profile: string;
  /** Sessions starting at or after, epoch ms. */
  from?: number;
  /** Sessions starting before, epoch ms. */
  to?: number;
}

/** Stored rows of one (instrument, profile, definitions version, definition). */
export interface SessionRowsSummary {
  instrument: InstrumentId;
  profile: string;
  definitionsVersion: number;
  definition: string;
  sessions: number;
}

export interface TickImportOptions {
  /**
   * Ticks written at once while the caller goes on (DuckDB: 491,520). Smaller suits a job whose ticks come
   * slower than a file's (replay): its last batch, written after the caller is done, is then shorter.
   */
  batchRows?: number;
}

export interface Store {
  /** Opens the database and applies pending migrations. */
  open(): Promise<void>;
  /**
   * Buffers ticks; a buffered tick is written within 250 ms (or at `flush`). Duplicate (instrument, id) are ignored.
   */
  appendTicks(ticks: readonly Tick[]): void;
  /** Buffers bars; a bar with the same (instrument, timeframe, start) as a stored one replaces it. */
  upsertBars(bars: readonly Bar[]): void;
  /** Writes everything buffered. */
  flush(): Promise<void>;
  readTicks(query: TickQuery): Promise<Tick[]>;
  readBars(query: BarQuery): Promise<Bar[]>;
  /**
   * The bars that the stored ticks aggregate to, as the bar builder makes them (open and close by
   * (ts, id); sums may differ from the builder's in the last bits), ascending; buckets without
   * ticks give no bar. `from` and `to` are rounded out to whole buckets. Used to repair bars.
   */
  barsFromTicks(query: BarQuery): Promise<Bar[]>;
  /**
   * Writes the stored ticks or bars of a range to a CSV or Parquet file without loading them into
   * memory; the file appears only when complete. Reads what is flushed (call `flush` first).
   */
  copyToFile(query: StoredTableQuery, target: FileTarget): Promise<CopySummary>;
  /** Highest stored trade id of an instrument, null when none. */
  lastTradeId(instrument: InstrumentId): Promise<number | null>;
  instruments(): Promise<StoredInstrument[]>;
  /** Every stored instrument and timeframe (optionally one timeframe), by instrument, then timeframe size. */
  barCoverage(query?: { timeframe?: Timeframe }): Promise<BarCoverage[]>;
  /** One instrument and timeframe with its gaps counted and the largest `maxGaps` of them listed (SQL). */
  barCoverageDetail(instrument: InstrumentId, timeframe: Timeframe, maxGaps: number): Promise<BarCoverageDetail>;
  /** Every run of missing buckets between the first and last stored bar, ascending (flushed bars only). */
  barGaps(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]>;
  /** Records ranges the exchange has no data for; they must not overlap stored ones (written in one statement). */
  markNoKlineData(ranges: readonly NoKlineDataRange[]): Promise<void>;
  /** The recorded no-data ranges of one instrument and timeframe, ascending. */
  noKlineDataRanges(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]>;
  /** Replaces the stored metadata of these instruments (tick size, status, …). */
  saveInstrumentMeta(metas: readonly InstrumentMeta[]): Promise<void>;
  /** The stored metadata of every instrument that has some. */
  instrumentMeta(): Promise<InstrumentMeta[]>;
  /** Small persistent key/value settings (watch list, pairs, rules), JSON values. */
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * Starts an atomic bar import and returns its handle. Staged bars are invisible to every reader
   * until `commitBarImport` writes them, and the bars derived from them, in one transaction;
   * `abortBarImport` (or a failed commit) leaves the stored data as it was.
   */
  beginBarImport(plan: BarImportPlan): Promise<string>;
  /** Stages a batch (see IMPORT_BAR_FIELDS); starts strictly ascending and unique across the import. */
  stageImportBars(handle: string, rows: Float64Array): Promise<void>;
  commitBarImport(handle: string): Promise<void>;
  /** Drops what was staged; a handle that is unknown (already ended) is ignored. */
  abortBarImport(handle: string): Promise<void>;
  /** Stores session rows (src/analytics/sessions), each with a checksum of its 1m bars, in one statement. */
  writeSessionRows(write: SessionRowsWrite): Promise<void>;
  /** Stored sessions of a profile, ascending by start. */
  readSessionRows(query: SessionRowsQuery): Promise<StoredSession[]>;
  /**
   * Starts of the sessions among `sessions` whose 1m bars changed since their row was stored (a
   * different checksum), or that have bars and no stored row.
   */
  staleSessions(query: {
    instrument: InstrumentId;
    profile: string;
    sessions: ReadonlyArray<{ start: number; end: number }>;
  }): Promise<number[]>;
  /** What is stored, per instrument, profile, definitions version and definition. */
  sessionRowSummary(): Promise<SessionRowsSummary[]>;
  /** Removes the stored sessions of a profile (all instruments); returns how many. */
  deleteSessionRows(profile: string): Promise<number>;
  stats(): StoreStats;
  /**
   * False while the unwritten rows have reached `maxPendingRows` (writes are failing): callers
   * stop taking new data, so memory stays bounded, until the store writes again.
   */
  hasRoom(): boolean;
  /** Starts a bulk import (see TickImport); backends without one are fed through appendTicks/upsertBars. */
  beginTickImport?(instrument: InstrumentId, options?: TickImportOptions): Promise<TickImport>;
  /** Flushes and closes. */
  close(): Promise<void>;
}
