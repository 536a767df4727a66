// Writes buffered ticks in two steps. Staging (synchronous, on the JS thread) appends segments
// to a temporary table holding plain numbers only: an instrument code packed with the
// buyer-maker flag, epoch-ms doubles instead of timestamps. Moving (asynchronous, inside the
// flush transaction, on DuckDB's threads) resolves names and converts timestamps with one
// INSERT … SELECT. Staged rows stay in the temporary table until a move commits, so a failed
// move loses nothing, and staging can run ahead of a flush to keep the JS buffers small.
import {
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBDoubleVector,
  type DuckDBIntegerVector,
} from '@duckdb/node-api';
import { SEGMENT_ROWS, type TickSegment } from './tick-buffer.js';

/**
 * Segments committed to staging at once. Below the appender's own flush threshold (100 vectors),
 * so a group is committed entirely or not at all.
 */
export const MAX_SEGMENTS_PER_STAGE = 64;

const STAGING_COLUMNS = [INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];

const CREATE_STAGING = [
  // received_at is staged as NaN rather than NULL: a NULL sends every later write to that
  // vector through a slow validity-mask path.
  `CREATE TEMP TABLE tick_staging (tag INTEGER, id DOUBLE, ts DOUBLE, price DOUBLE, qty DOUBLE, received_at DOUBLE)`,
  `CREATE TEMP TABLE staged_instruments (code INTEGER PRIMARY KEY, instrument VARCHAR NOT NULL)`,
];

const MOVE_STAGED_TICKS = `INSERT INTO ticks
  SELECT i.instrument, s.id::BIGINT, make_timestamp(round(s.ts * 1000)::BIGINT), s.price, s.qty, (s.tag & 1) = 1,
    CASE WHEN isnan(s.received_at) THEN NULL ELSE make_timestamp(round(s.received_at * 1000)::BIGINT) END
  FROM temp.tick_staging s LEFT JOIN temp.staged_instruments i ON i.code = s.tag >> 1`;
// LEFT JOIN: a code missing from staged_instruments (a bug) fails the NOT NULL on ticks.instrument
// instead of dropping its ticks silently.

/** Adds the staged ticks to each instrument's summary row (migration 3); same transaction as the move. */
const SUMMARISE_STAGED_TICKS = `INSERT INTO instrument_summary
  SELECT i.instrument, count(*), make_timestamp(round(min(s.ts) * 1000)::BIGINT),
    make_timestamp(round(max(s.ts) * 1000)::BIGINT), max(s.id)::BIGINT, false
  FROM temp.tick_staging s JOIN temp.staged_instruments i ON i.code = s.tag >> 1
  GROUP BY i.instrument
  ON CONFLICT (instrument) DO UPDATE SET
    ticks = instrument_summary.ticks + excluded.ticks,
    first_ts = least(coalesce(instrument_summary.first_ts, excluded.first_ts), excluded.first_ts),
    last_ts = greatest(coalesce(instrument_summary.last_ts, excluded.last_ts), excluded.last_ts),
    last_trade_id =
      greatest(coalesce(instrument_summary.last_trade_id, excluded.last_trade_id), excluded.last_trade_id)`;

export class TickWriter {
  private appender: DuckDBAppender | null = null;
  /** Codes below this are in staged_instruments. */
  private registeredCodes = 0;
  private staged = 0;
  private readonly chunk = DuckDBDataChunk.create(STAGING_COLUMNS, SEGMENT_ROWS);

  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(connection: DuckDBConnection): Promise<TickWriter> {
    for (const statement of CREATE_STAGING) await connection.run(statement);
    const writer = new TickWriter(connection);
    await writer.ensureAppender();
    return writer;
  }

  /** Ticks staged and not yet moved into the ticks table. */
  get stagedRows(): number {
    return this.staged;
  }

  /** False after a staging failure until `ensureAppender` has replaced the appender. */
  get canStage(): boolean {
    return this.appender !== null;
  }

  get registeredCount(): number {
    return this.registeredCodes;
  }

  async ensureAppender(): Promise<void> {
    this.appender ??= await this.connection.createAppender('tick_staging', 'main', 'temp');
  }

  /**
   * Appends up to MAX_SEGMENTS_PER_STAGE segments to staging and commits them there; all or
   * nothing. Only call while no statement runs on the connection (i.e. not during a move).
   */
  stage(segments: readonly TickSegment[]): void {
    const appender = this.appender;
    if (appender === null) throw new Error('tick staging appender is closed after an earlier failure');
    if (segments.length > MAX_SEGMENTS_PER_STAGE)
      throw new RangeError(`stage at most ${MAX_SEGMENTS_PER_STAGE} segments at once`);
    let rows = 0;
    try {
      for (const segment of segments) {
        if (segment.length === 0) continue;
        this.fillChunk(segment);
        appender.appendDataChunk(this.chunk);
        rows += segment.length;
      }
      appender.flushSync();
    } catch (error) {
      this.appender = null;
      discard(appender);
      throw error;
    }
    this.staged += rows;
  }

  /** Makes instrument codes resolvable in SQL (`instruments[code]`); call outside a transaction. */
  async registerInstruments(instruments: readonly string[]): Promise<void> {
    const codeCount = instruments.length;
    if (codeCount <= this.registeredCodes) return;
    const values: string[] = [];
    const params: (number | string)[] = [];
    for (let code = this.registeredCodes; code < codeCount; code++) {
      values.push(`($${params.length + 1}, $${params.length + 2})`);
      params.push(code, instruments[code]);
    }
    await this.connection.run(`INSERT INTO temp.staged_instruments VALUES ${values.join(', ')}`, params);
    this.registeredCodes = codeCount;
  }

  /** Moves every staged tick into ticks, inside the caller's transaction; returns how many. */
  async moveStaged(): Promise<number> {
    if (this.staged === 0) return 0;
    await this.connection.run(MOVE_STAGED_TICKS);
    await this.connection.run(SUMMARISE_STAGED_TICKS);
    await this.connection.run('DELETE FROM temp.tick_staging');
    return this.staged;
  }

  /** Records that the transaction holding a move of `rows` ticks committed. */
  moveCommitted(rows: number): void {
    this.staged -= rows;
  }

  close(): void {
    if (this.appender !== null) discard(this.appender);
    this.appender = null;
  }

  private fillChunk(segment: TickSegment): void {
    const chunk = this.chunk;
    const rows = segment.length;
    // Setting the row count re-creates the vector views, so only do it when it changes.
    if (chunk.rowCount !== rows) chunk.rowCount = rows;
    const tag = chunk.getColumnVector(0) as DuckDBIntegerVector;
    const id = chunk.getColumnVector(1) as DuckDBDoubleVector;
    const ts = chunk.getColumnVector(2) as DuckDBDoubleVector;
    const price = chunk.getColumnVector(3) as DuckDBDoubleVector;
    const qty = chunk.getColumnVector(4) as DuckDBDoubleVector;
    const receivedAt = chunk.getColumnVector(5) as DuckDBDoubleVector;
    for (let row = 0; row < rows; row++) {
      tag.setItem(row, segment.tag[row]);
      id.setItem(row, segment.id[row]);
      ts.setItem(row, segment.ts[row]);
      price.setItem(row, segment.price[row]);
      qty.setItem(row, segment.qty[row]);
      receivedAt.setItem(row, segment.receivedAt[row]);
    }
    tag.flush();
    id.flush();
    ts.flush();
    price.flush();
    qty.flush();
    receivedAt.flush();
  }
}

/** Closes an appender without writing what it holds. */
export function discard(appender: DuckDBAppender): void {
  try {
    appender.clear();
    appender.closeSync();
  } catch {
    // The appender is already unusable; the caller reports the original error.
  }
}
