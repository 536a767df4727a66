// Writes a batch of bar upserts: the appender fills a temporary staging table, then one
// INSERT OR REPLACE moves it into bars, so a late tick's amended bar replaces the stored one.
// The batch holds one version per key (see BarBuffer), as DuckDB refuses to touch a key twice
// in one statement. Flushes mark an instrument's summary row as having bars only until one
// commit has done so: that statement was a quarter of a live flush's time.
import {
  DOUBLE,
  DuckDBDataChunk,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBDoubleVector,
  type DuckDBVarCharVector,
} from '@duckdb/node-api';
import type { Bar } from '../../domain/index.js';
import { SEGMENT_ROWS } from './tick-buffer.js';
import { discard } from './tick-writer.js';

const NUMBER_FIELDS = [
  'start',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'quoteVolume',
  'trades',
  'buyVolume',
  'vwap',
] as const;
const STAGING_COLUMNS = [VARCHAR, VARCHAR, ...NUMBER_FIELDS.map(() => DOUBLE)];

const CREATE_STAGING = `CREATE TEMP TABLE bar_staging (
  instrument VARCHAR, timeframe VARCHAR, start DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE,
  volume DOUBLE, quote_volume DOUBLE, trades DOUBLE, buy_volume DOUBLE, vwap DOUBLE
)`;

const MOVE_STAGED_BARS = `INSERT OR REPLACE INTO bars
  SELECT instrument, timeframe, make_timestamp(round(start * 1000)::BIGINT), open, high, low, close,
    volume, quote_volume, trades::BIGINT, buy_volume, vwap
  FROM temp.bar_staging`;

/** Marks each instrument with bars in its summary row (migration 3); same transaction as the upsert. */
const SUMMARISE_STAGED_BARS = `INSERT INTO instrument_summary
  SELECT DISTINCT instrument, 0, NULL, NULL, NULL, true FROM temp.bar_staging
  ON CONFLICT (instrument) DO UPDATE SET has_bars = true`;

export class BarWriter {
  /** Instruments whose summary row a committed write has marked as having bars. */
  private readonly marked = new Set<string>();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(connection: DuckDBConnection): Promise<BarWriter> {
    await connection.run(CREATE_STAGING);
    return new BarWriter(connection);
  }

  /**
   * Upserts the batch into bars; runs inside the caller's transaction. Returns the instruments
   * it marked in the summary: pass them to `committed` once the transaction has committed.
   */
  async write(batch: readonly Bar[]): Promise<string[]> {
    if (batch.length === 0) return [];
    const appender = await this.connection.createAppender('bar_staging', 'main', 'temp');
    try {
      const chunk = DuckDBDataChunk.create(STAGING_COLUMNS);
      for (let first = 0; first < batch.length; first += SEGMENT_ROWS) {
        fillChunk(chunk, batch, first, Math.min(batch.length, first + SEGMENT_ROWS));
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    } catch (error) {
      discard(appender);
      throw error;
    }
    await this.connection.run(MOVE_STAGED_BARS);
    const unmarked = [...new Set(batch.map((bar) => bar.instrument))].filter(
      (instrument) => !this.marked.has(instrument),
    );
    if (unmarked.length > 0) await this.connection.run(SUMMARISE_STAGED_BARS);
    await this.connection.run('DELETE FROM temp.bar_staging');
    return unmarked;
  }

  committed(marked: readonly string[]): void {
    for (const instrument of marked) this.marked.add(instrument);
  }
}

function fillChunk(chunk: DuckDBDataChunk, bars: readonly Bar[], first: number, end: number): void {
  const rows = end - first;
  if (chunk.rowCount !== rows) chunk.rowCount = rows;
  const instrument = chunk.getColumnVector(0) as DuckDBVarCharVector;
  const timeframe = chunk.getColumnVector(1) as DuckDBVarCharVector;
  for (let row = 0; row < rows; row++) {
    instrument.setItem(row, bars[first + row].instrument);
    timeframe.setItem(row, bars[first + row].timeframe);
  }
  instrument.flush();
  timeframe.flush();
  NUMBER_FIELDS.forEach((field, index) => {
    const vector = chunk.getColumnVector(2 + index) as DuckDBDoubleVector;
    for (let row = 0; row < rows; row++) vector.setItem(row, bars[first + row][field]);
    vector.flush();
  });
}
