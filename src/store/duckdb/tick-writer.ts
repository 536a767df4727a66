// Writes a batch of buffered ticks. The appender fills a temporary staging table with plain
// numbers only (an instrument code instead of its name, packed with the buyer-maker flag;
// epoch-ms doubles instead of timestamps), because the appender runs on the JS thread while an INSERT … SELECT runs on
// DuckDB's threads: the name lookup and the timestamp conversion are done there, in SQL.
import {
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBDoubleVector,
  type DuckDBIntegerVector,
} from '@duckdb/node-api';
import { SEGMENT_ROWS, type TickBatch, type TickSegment } from './tick-buffer.js';
import type { TradeIdMarks } from './trade-id-marks.js';

const STAGING_COLUMNS = [INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];

const CREATE_STAGING = [
  `CREATE TEMP TABLE tick_staging (
    tag INTEGER, id DOUBLE, ts DOUBLE, price DOUBLE, qty DOUBLE, received_at DOUBLE
  )`,
  `CREATE TEMP TABLE staged_instruments (code INTEGER PRIMARY KEY, instrument VARCHAR NOT NULL)`,
];

// received_at is staged as NaN rather than NULL: a NULL makes every later write to that vector
// go through a slow validity-mask path.
const MOVE_STAGED_TICKS = `INSERT INTO ticks
  SELECT i.instrument, s.id::BIGINT, make_timestamp(round(s.ts * 1000)::BIGINT), s.price, s.qty, (s.tag & 1) = 1,
    CASE WHEN isnan(s.received_at) THEN NULL ELSE make_timestamp(round(s.received_at * 1000)::BIGINT) END
  FROM temp.tick_staging s JOIN temp.staged_instruments i ON i.code = s.tag >> 1`;

/** Chunks appended between yields to the event loop, so a large flush never stalls it for long. */
const CHUNKS_PER_SLICE = 16;

export class TickWriter {
  /** Codes below this are in staged_instruments. */
  private registeredCodes = 0;
  private readonly chunk = DuckDBDataChunk.create(STAGING_COLUMNS, SEGMENT_ROWS);

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly marks: TradeIdMarks,
  ) {}

  static async create(connection: DuckDBConnection, marks: TradeIdMarks): Promise<TickWriter> {
    for (const statement of CREATE_STAGING) await connection.run(statement);
    return new TickWriter(connection, marks);
  }

  get registeredCount(): number {
    return this.registeredCodes;
  }

  /** Makes every instrument code handed out so far resolvable in SQL; call outside a transaction. */
  async registerInstruments(codeCount: number): Promise<void> {
    if (codeCount <= this.registeredCodes) return;
    const values: string[] = [];
    const params: (number | string)[] = [];
    for (let code = this.registeredCodes; code < codeCount; code++) {
      values.push(`($${params.length + 1}, $${params.length + 2})`);
      params.push(code, this.marks.byCodeOf(code).instrument);
    }
    await this.connection.run(`INSERT INTO temp.staged_instruments VALUES ${values.join(', ')}`, params);
    this.registeredCodes = codeCount;
  }

  /** Appends the batch to ticks; runs inside the caller's transaction. */
  async write(batch: TickBatch): Promise<void> {
    if (batch.length === 0) return;
    const appender = await this.connection.createAppender('tick_staging', 'main', 'temp');
    try {
      let sliceChunks = 0;
      for (const segment of batch.segments) {
        if (segment.length === 0) continue;
        this.fillChunk(segment);
        appender.appendDataChunk(this.chunk);
        if (++sliceChunks === CHUNKS_PER_SLICE) {
          sliceChunks = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      appender.closeSync();
    } catch (error) {
      discard(appender);
      throw error;
    }
    await this.connection.run(MOVE_STAGED_TICKS);
    await this.connection.run('DELETE FROM temp.tick_staging');
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

/** Closes an appender without writing what it holds; the transaction rollback covers the rest. */
export function discard(appender: DuckDBAppender): void {
  try {
    appender.clear();
    appender.closeSync();
  } catch {
    // The appender is already unusable; the caller reports the original error.
  }
}
