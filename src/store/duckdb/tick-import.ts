// The bulk import of one instrument's history (Store.beginTickImport), in one transaction on a
// connection of its own: ticks are copied, column by column from typed arrays, into a temporary
// table, moved into ticks by one INSERT … SELECT per batch while the caller parses the next batch
// (DuckDB works on its threads while JS parses), and the bars, held until commit, are upserted last.
// Nothing is visible before COMMIT, so a file that fails half-way stores nothing, the temporary
// table stays one batch small however big the file, and the live write path (its buffers, its
// flushes on the other connection) is not involved at all. Statements run unprepared: a prepared
// INSERT … SELECT from an appender-filled temporary table in the same transaction has been seen to
// corrupt VARCHARs longer than 12 bytes (and the staging table holds no VARCHAR: the instrument is a
// literal of the statement).
import {
  DOUBLE,
  DuckDBDataChunk,
  UTINYINT,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBDoubleVector,
  type DuckDBInstance,
  type DuckDBUTinyIntVector,
} from '@duckdb/node-api';
import type { Bar, InstrumentId } from '../../domain/index.js';
import type { TickColumns, TickImport } from '../store.js';
import { BarWriter } from './bar-writer.js';
import { SEGMENT_ROWS } from './tick-buffer.js';
import { discard } from './tick-writer.js';

const CREATE_STAGING =
  'CREATE TEMP TABLE import_ticks ' +
  '(id DOUBLE, ts DOUBLE, price DOUBLE, qty DOUBLE, buyer_maker UTINYINT, received_at DOUBLE)';

/** Ticks copied to the temporary table and moved at once. */
export const BATCH_ROWS = 4 * 122_880;

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function moveStatement(instrument: InstrumentId): string {
  return `INSERT INTO ticks
    SELECT ${sqlString(instrument)}, id::BIGINT, make_timestamp(round(ts * 1000)::BIGINT), price, qty, buyer_maker = 1,
      CASE WHEN isnan(received_at) THEN NULL ELSE make_timestamp(round(received_at * 1000)::BIGINT) END
    FROM temp.import_ticks`;
}

function summaryStatement(instrument: InstrumentId, s: { ticks: number; minTs: number; maxTs: number; maxId: number }) {
  const micros = (ms: number) => `make_timestamp(${Math.round(ms * 1000)})`;
  return `INSERT INTO instrument_summary
      VALUES (${sqlString(instrument)}, ${s.ticks}, ${micros(s.minTs)}, ${micros(s.maxTs)}, ${s.maxId}, false)
      ON CONFLICT (instrument) DO UPDATE SET
        ticks = instrument_summary.ticks + excluded.ticks,
        first_ts = least(coalesce(instrument_summary.first_ts, excluded.first_ts), excluded.first_ts),
        last_ts = greatest(coalesce(instrument_summary.last_ts, excluded.last_ts), excluded.last_ts),
        last_trade_id =
          greatest(coalesce(instrument_summary.last_trade_id, excluded.last_trade_id), excluded.last_trade_id)`;
}

export interface TickImportHooks {
  /** Called after the commit with the highest tick id stored, so the live write path's marks know it. */
  onCommitted?: (instrument: InstrumentId, maxId: number) => void;
  /** Ticks moved at once (default BATCH_ROWS); see TickImportOptions. */
  batchRows?: number;
}

export class DuckDbTickImport implements TickImport {
  private readonly chunk = DuckDBDataChunk.create([DOUBLE, DOUBLE, DOUBLE, DOUBLE, UTINYINT, DOUBLE], SEGMENT_ROWS);
  private readonly batchRows: number;
  private readonly batch: Required<TickColumns>;
  private batchLength = 0;
  private readonly bars = new Map<string, Bar>();
  private readonly summary = {
    ticks: 0,
    minTs: Number.POSITIVE_INFINITY,
    maxTs: Number.NEGATIVE_INFINITY,
    maxId: Number.NEGATIVE_INFINITY,
  };
  /** The move of the previous batch, running on DuckDB's threads; its failure is kept for the next await. */
  private moving: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private state: 'open' | 'done' = 'open';
  private closed = false;

  private constructor(
    private readonly instrument: InstrumentId,
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly hooks: TickImportHooks,
  ) {
    const rows = (this.batchRows = hooks.batchRows ?? BATCH_ROWS);
    this.batch = {
      id: new Float64Array(rows),
      ts: new Float64Array(rows),
      price: new Float64Array(rows),
      qty: new Float64Array(rows),
      buyerMaker: new Uint8Array(rows),
      receivedAt: new Float64Array(rows),
    };
  }

  static async begin(instance: DuckDBInstance, instrument: InstrumentId, hooks: TickImportHooks = {}) {
    const connection = await instance.connect();
    try {
      await connection.run(CREATE_STAGING);
      await connection.run('BEGIN TRANSACTION');
      const appender = await connection.createAppender('import_ticks', 'main', 'temp');
      return new DuckDbTickImport(instrument, connection, appender, hooks);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
  }

  async appendTicks(columns: TickColumns, count: number): Promise<void> {
    this.assertOpen('append ticks');
    const summary = this.summary;
    for (let i = 0; i < count; i++) {
      const ts = columns.ts[i];
      if (ts < summary.minTs) summary.minTs = ts;
      if (ts > summary.maxTs) summary.maxTs = ts;
      if (columns.id[i] > summary.maxId) summary.maxId = columns.id[i];
    }
    summary.ticks += count;
    for (let from = 0; from < count; ) {
      const take = Math.min(count - from, this.batchRows - this.batchLength);
      const batch = this.batch;
      const at = this.batchLength;
      batch.id.set(columns.id.subarray(from, from + take), at);
      batch.ts.set(columns.ts.subarray(from, from + take), at);
      batch.price.set(columns.price.subarray(from, from + take), at);
      batch.qty.set(columns.qty.subarray(from, from + take), at);
      batch.buyerMaker.set(columns.buyerMaker.subarray(from, from + take), at);
      if (columns.receivedAt) batch.receivedAt.set(columns.receivedAt.subarray(from, from + take), at);
      else batch.receivedAt.fill(Number.NaN, at, at + take);
      this.batchLength += take;
      from += take;
      if (this.batchLength === this.batchRows) await this.moveBatch();
    }
  }

  upsertBars(bars: readonly Bar[]): void {
    this.assertOpen('upsert bars');
    for (const bar of bars) {
      if (bar.instrument !== this.instrument) {
        throw new RangeError(`a bulk import of ${this.instrument} cannot store a bar of ${bar.instrument}`);
      }
      // One version per key: DuckDB refuses to touch a key twice in one statement.
      this.bars.set(`${bar.timeframe}|${bar.start}`, bar);
    }
  }

  async commit(): Promise<{ ticks: number; bars: number }> {
    this.assertOpen('commit');
    const { connection, summary } = this;
    try {
      await this.moveBatch();
      await this.settled();
      this.state = 'done';
      this.appender.closeSync();
      if (summary.ticks > 0) await connection.run(summaryStatement(this.instrument, summary));
      if (this.bars.size > 0) await (await BarWriter.create(connection)).write([...this.bars.values()]);
      await connection.run('COMMIT');
    } catch (error) {
      await this.abort();
      throw error;
    }
    this.closed = true;
    connection.closeSync();
    if (summary.ticks > 0) this.hooks.onCommitted?.(this.instrument, summary.maxId);
    return { ticks: summary.ticks, bars: this.bars.size };
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state = 'done';
    await this.moving;
    discard(this.appender);
    await this.connection.run('ROLLBACK').catch(() => {});
    // The temporary table goes with its connection.
    this.connection.closeSync();
  }

  /** Copies the batch into the temporary table and starts moving it into ticks, once the previous move is done. */
  private async moveBatch(): Promise<void> {
    await this.settled();
    const count = this.batchLength;
    if (count === 0) return;
    const chunk = this.chunk;
    const batch = this.batch;
    for (let from = 0; from < count; from += SEGMENT_ROWS) {
      const to = Math.min(count, from + SEGMENT_ROWS);
      // Setting the row count re-creates the vector views, so only when it changes.
      if (chunk.rowCount !== to - from) chunk.rowCount = to - from;
      copyInto(chunk.getColumnVector(0) as DuckDBDoubleVector, batch.id, from, to);
      copyInto(chunk.getColumnVector(1) as DuckDBDoubleVector, batch.ts, from, to);
      copyInto(chunk.getColumnVector(2) as DuckDBDoubleVector, batch.price, from, to);
      copyInto(chunk.getColumnVector(3) as DuckDBDoubleVector, batch.qty, from, to);
      copyInto(chunk.getColumnVector(4) as DuckDBUTinyIntVector, batch.buyerMaker, from, to);
      copyInto(chunk.getColumnVector(5) as DuckDBDoubleVector, batch.receivedAt, from, to);
      this.appender.appendDataChunk(chunk);
    }
    this.appender.flushSync();
    this.batchLength = 0;
    const connection = this.connection;
    this.moving = (async () => {
      await connection.run(moveStatement(this.instrument));
      await connection.run('DELETE FROM temp.import_ticks');
    })().catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Waits for the running move; rethrows its failure. */
  private async settled(): Promise<void> {
    await this.moving;
    if (this.failure !== null) throw this.failure;
  }

  private assertOpen(operation: string): void {
    if (this.state !== 'open') throw new Error(`cannot ${operation}: the import of ${this.instrument} has ended`);
  }
}

/**
 * Copies `values[from, to)` into the vector. The vector's own item array (not public in the typings, so
 * checked here) takes a typed-array copy; without one, item by item.
 */
function copyInto(
  vector: DuckDBDoubleVector | DuckDBUTinyIntVector,
  values: Float64Array | Uint8Array,
  from: number,
  to: number,
): void {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof values.constructor && (items as Float64Array | Uint8Array).length === to - from) {
    // A fresh chunk's validity mask is absent (every row valid), so writing the items is enough.
    (items as Float64Array | Uint8Array).set(values.subarray(from, to));
  } else {
    for (let i = from; i < to; i++) vector.setItem(i - from, values[i]);
  }
  vector.flush();
}
