// Atomic bar imports. Each import has its own connection and a temporary staging table on it, so
// staging a large file never holds the live writer's connection, and nothing staged is visible
// until one transaction moves the bars into `bars`, rebuilds the coarser timeframes over the
// imported range from the stored bars (so bars already stored beside the range are kept in the
// coarser buckets they share with it) and marks the instrument as having bars. A failure at any
// step rolls back and leaves the stored data as it was.
import {
  DOUBLE,
  DuckDBDataChunk,
  type DuckDBConnection,
  type DuckDBDoubleVector,
  type DuckDBInstance,
} from '@duckdb/node-api';
import { TIMEFRAME_MS, bucketStart, type Timeframe } from '../../domain/index.js';
import { IMPORT_BAR_FIELDS, type BarImportPlan } from '../store.js';
import { SEGMENT_ROWS } from './tick-buffer.js';
import { discard } from './tick-writer.js';

const WIDTH = IMPORT_BAR_FIELDS.length;
const STAGING_COLUMNS = IMPORT_BAR_FIELDS.map(() => DOUBLE);

const CREATE_STAGING = `CREATE TEMP TABLE import_staging (
  start DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, quote_volume DOUBLE,
  trades DOUBLE, buy_volume DOUBLE
)`;

const MOVE_STAGED = `INSERT OR REPLACE INTO bars
  SELECT $instrument, $timeframe, make_timestamp(round(start * 1000)::BIGINT), open, high, low, close, volume,
    quote_volume, trades::BIGINT, buy_volume, CASE WHEN volume > 0 THEN quote_volume / volume ELSE close END
  FROM temp.import_staging`;

// Buckets are [start, start + size) on the epoch, as bucketStart makes them; open and close are
// the first and last bar's, as a pandas resample takes them.
const DERIVE = `INSERT OR REPLACE INTO bars
  SELECT $instrument, $coarse, make_timestamp(bucket * 1000), arg_min(open, start), max(high), min(low),
    arg_max(close, start), sum(volume), sum(quote_volume), sum(trades), sum(buy_volume),
    CASE WHEN sum(volume) > 0 THEN sum(quote_volume) / sum(volume) ELSE arg_max(close, start) END
  FROM (
    SELECT *, (floor(epoch_ms(start) / $size) * $size)::BIGINT AS bucket FROM bars
    WHERE instrument = $instrument AND timeframe = $timeframe
      AND start >= make_timestamp(($from * 1000)::BIGINT) AND start < make_timestamp(($to * 1000)::BIGINT)
  )
  GROUP BY bucket`;

const MARK_SUMMARY = `INSERT INTO instrument_summary VALUES ($instrument, 0, NULL, NULL, NULL, true)
  ON CONFLICT (instrument) DO UPDATE SET has_bars = true`;

interface OpenImport {
  plan: BarImportPlan;
  connection: DuckDBConnection;
  chunk: DuckDBDataChunk;
  /** Start of the last staged bar: every batch must continue after it. */
  lastStart: number;
}

export class UnknownBarImportError extends Error {
  constructor(handle: string) {
    super(`no bar import "${handle}" is open (it was committed, aborted, or the store was reopened)`);
    this.name = 'UnknownBarImportError';
  }
}

export class BarImports {
  private readonly open = new Map<string, OpenImport>();
  private nextId = 1;

  constructor(private readonly instance: DuckDBInstance) {}

  async begin(plan: BarImportPlan): Promise<string> {
    for (const coarse of plan.derive) {
      if (TIMEFRAME_MS[coarse] <= TIMEFRAME_MS[plan.timeframe] || TIMEFRAME_MS[coarse] % TIMEFRAME_MS[plan.timeframe]) {
        throw new RangeError(`cannot derive ${coarse} bars from ${plan.timeframe} bars: not a coarser multiple`);
      }
    }
    const connection = await this.instance.connect();
    try {
      await connection.run(CREATE_STAGING);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
    const handle = `bar-import-${this.nextId++}`;
    const chunk = DuckDBDataChunk.create(STAGING_COLUMNS);
    this.open.set(handle, { plan, connection, chunk, lastStart: Number.NEGATIVE_INFINITY });
    return handle;
  }

  async stage(handle: string, rows: Float64Array): Promise<void> {
    const entry = this.get(handle);
    if (rows.length % WIDTH !== 0) throw new RangeError(`a staged batch holds rows of ${WIDTH} values`);
    const count = rows.length / WIDTH;
    for (let row = 0; row < count; row++) {
      const start = rows[row * WIDTH];
      if (!(start > entry.lastStart)) {
        throw new RangeError(`staged bar starts must be strictly ascending: ${start} after ${entry.lastStart}`);
      }
      entry.lastStart = start;
    }
    const appender = await entry.connection.createAppender('import_staging', 'main', 'temp');
    try {
      for (let first = 0; first < count; first += SEGMENT_ROWS) {
        fillChunk(entry.chunk, rows, first, Math.min(count, first + SEGMENT_ROWS));
        appender.appendDataChunk(entry.chunk);
      }
      appender.closeSync();
    } catch (error) {
      discard(appender);
      throw error;
    }
  }

  async commit(handle: string): Promise<void> {
    const { plan, connection } = this.get(handle);
    this.open.delete(handle);
    try {
      const range = await connection.runAndReadAll('SELECT min(start), max(start) FROM temp.import_staging');
      const [first, last] = range.getRows()[0] as [number | null, number | null];
      if (first === null || last === null) return;
      const { instrument, timeframe } = plan;
      await connection.run('BEGIN TRANSACTION');
      try {
        await connection.run(MOVE_STAGED, { instrument, timeframe });
        for (const coarse of plan.derive) await connection.run(DERIVE, deriveParams(plan, coarse, first, last));
        await connection.run(MARK_SUMMARY, { instrument });
        await connection.run('COMMIT');
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      connection.closeSync();
    }
  }

  async abort(handle: string): Promise<void> {
    const entry = this.open.get(handle);
    if (entry === undefined) return;
    this.open.delete(handle);
    entry.connection.closeSync();
  }

  /** Drops every open import (the store is closing). */
  abortAll(): void {
    for (const entry of this.open.values()) entry.connection.closeSync();
    this.open.clear();
  }

  private get(handle: string): OpenImport {
    const entry = this.open.get(handle);
    if (entry === undefined) throw new UnknownBarImportError(handle);
    return entry;
  }
}

function deriveParams(plan: BarImportPlan, coarse: Timeframe, first: number, last: number) {
  const size = TIMEFRAME_MS[coarse];
  return {
    instrument: plan.instrument,
    timeframe: plan.timeframe,
    coarse,
    size,
    from: bucketStart(first, coarse),
    to: bucketStart(last, coarse) + size,
  };
}

function fillChunk(chunk: DuckDBDataChunk, rows: Float64Array, first: number, end: number): void {
  const count = end - first;
  if (chunk.rowCount !== count) chunk.rowCount = count;
  for (let field = 0; field < WIDTH; field++) {
    const vector = chunk.getColumnVector(field) as DuckDBDoubleVector;
    for (let row = 0; row < count; row++) vector.setItem(row, rows[(first + row) * WIDTH + field]);
    vector.flush();
  }
}
