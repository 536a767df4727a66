// The rows of a file as one series of bars: times strictly ascending (a repeated time is an error
// unless the import keeps the first or the last row of it), each on the start of a bar of the
// timeframe (UTC), the timeframe given or inferred from the spacing of the first rows: the most
// common step, which must be one of the supported timeframes (gaps such as weekends do not change
// the most common step). Counts the bars of each coarser timeframe the rows make.
import { TIMEFRAME_MS, TIMEFRAMES, bucketStart, type Timeframe } from '../domain/index.js';
import type { DuplicatePolicy } from './ohlcv-csv-options.js';
import type { CsvProblem } from './ohlcv-csv-problems.js';
import type { CsvBarRow } from './ohlcv-csv-row.js';

/** Rows looked at to infer the timeframe; they are held until it is known. */
export const INFERENCE_ROWS = 1_000;

export interface SequenceSummary {
  timeframe: Timeframe | null;
  /** Bars kept (one per time). */
  rows: number;
  /** Rows dropped for repeating a time (onDuplicate first|last). */
  duplicates: number;
  first: number | null;
  last: number | null;
  /** Bars per timeframe: the file's and every coarser one derived from it. */
  bars: Partial<Record<Timeframe, number>>;
}

/** `90_000` → `1m30s`: a spacing as a person reads it. */
export function formatSpacing(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join('');
}

/** The most common step between ascending times (the smaller on a tie), or a problem. */
export function inferTimeframe(starts: readonly number[]): Timeframe | CsvProblem {
  const counts = new Map<number, number>();
  for (let i = 1; i < starts.length; i++) {
    const step = starts[i] - starts[i - 1];
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const entry of counts) {
    if (best === null || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  }
  const allowed = TIMEFRAMES.join(', ');
  if (best === null) {
    return {
      line: 0,
      column: null,
      value: null,
      message:
        'cannot infer the timeframe: the file has fewer than two distinct times; ' + `give the timeframe (${allowed})`,
    };
  }
  const timeframe = TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === best[0]);
  if (timeframe !== undefined) return timeframe;
  return {
    line: 0,
    column: null,
    value: null,
    message:
      `the most common spacing between rows is ${formatSpacing(best[0])} (${best[1]} times in the first ` +
      `${starts.length} rows), not a supported timeframe (${allowed}); give the timeframe`,
  };
}

export class CsvBarSequence {
  private timeframe: Timeframe | null;
  private readonly held: CsvBarRow[] = [];
  private inferring: boolean;
  private previous: CsvBarRow | null = null;
  private pending: CsvBarRow | null = null;
  private rows = 0;
  private rejectedRows = 0;
  private duplicates = 0;
  private first: number | null = null;
  private last: number | null = null;
  private readonly coarser: Timeframe[] = [];
  private readonly lastBucket = new Map<Timeframe, number>();
  private readonly bucketCounts = new Map<Timeframe, number>();

  constructor(
    timeframe: Timeframe | null,
    private readonly onDuplicate: DuplicatePolicy,
    /** The time column as the header names it, for messages. */
    private readonly timeColumn: string,
    private readonly problem: (problem: CsvProblem) => void,
    /** Each bar once it is final, in ascending time. */
    private readonly emit: (row: CsvBarRow) => void,
  ) {
    this.timeframe = timeframe;
    this.inferring = timeframe === null;
    if (timeframe !== null) this.setCoarser(timeframe);
  }

  /** A row that failed its own checks: it is not in the series, and it may have skewed the spacing. */
  rejected(): void {
    this.rejectedRows++;
  }

  push(row: CsvBarRow): void {
    if (this.inferring) {
      this.held.push(row);
      if (this.held.length >= INFERENCE_ROWS) this.stopInferring();
      return;
    }
    this.check(row);
  }

  /** Call once every row is pushed. */
  end(): SequenceSummary {
    if (this.inferring) this.stopInferring();
    if (this.pending !== null) this.release(this.pending);
    this.pending = null;
    const bars: Partial<Record<Timeframe, number>> = {};
    if (this.timeframe !== null && this.rows > 0) {
      bars[this.timeframe] = this.rows;
      for (const tf of this.coarser) bars[tf] = this.bucketCounts.get(tf) ?? 0;
    }
    return {
      timeframe: this.timeframe,
      rows: this.rows,
      duplicates: this.duplicates,
      first: this.first,
      last: this.last,
      bars,
    };
  }

  get knownTimeframe(): Timeframe | null {
    return this.inferring ? null : this.timeframe;
  }

  private stopInferring(): void {
    this.inferring = false;
    // Out-of-order rows are reported by check(); the spacing is read from the rows as sorted.
    const inferred = inferTimeframe(this.held.map((row) => row.start).sort((a, b) => a - b));
    if (typeof inferred === 'string') {
      this.timeframe = inferred;
      this.setCoarser(inferred);
    } else if (this.held.length > 0 && this.rejectedRows === 0) {
      // With rows rejected, the spacing of those left says little: their problems are the answer.
      this.problem(inferred);
    }
    for (const row of this.held) this.check(row);
    this.held.length = 0;
  }

  private setCoarser(timeframe: Timeframe): void {
    for (const tf of TIMEFRAMES) if (TIMEFRAME_MS[tf] > TIMEFRAME_MS[timeframe]) this.coarser.push(tf);
  }

  private check(row: CsvBarRow): void {
    const { timeframe, previous } = this;
    if (timeframe !== null && row.start % TIMEFRAME_MS[timeframe] !== 0) {
      this.problem({
        line: row.line,
        column: this.timeColumn,
        value: row.time,
        message: `is not the start of a ${timeframe} bar (UTC): ${new Date(row.start).toISOString()}`,
      });
    }
    if (previous !== null && row.start < previous.start) {
      this.problem({
        line: row.line,
        column: this.timeColumn,
        value: row.time,
        message: `is before the time of line ${previous.line} (${JSON.stringify(previous.time)}): times must ascend`,
      });
      return;
    }
    this.previous = row;
    if (this.pending !== null && row.start === this.pending.start) {
      if (this.onDuplicate === 'error') {
        this.problem({
          line: row.line,
          column: this.timeColumn,
          value: row.time,
          message: `repeats the time of line ${this.pending.line} (keep one with onDuplicate first or last)`,
        });
        return;
      }
      this.duplicates++;
      if (this.onDuplicate === 'last') this.pending = row;
      return;
    }
    if (this.pending !== null) this.release(this.pending);
    this.pending = row;
  }

  private release(row: CsvBarRow): void {
    this.rows++;
    this.first ??= row.start;
    this.last = row.start;
    for (const tf of this.coarser) {
      const bucket = bucketStart(row.start, tf);
      if (this.lastBucket.get(tf) !== bucket) {
        this.lastBucket.set(tf, bucket);
        this.bucketCounts.set(tf, (this.bucketCounts.get(tf) ?? 0) + 1);
      }
    }
    this.emit(row);
  }
}
