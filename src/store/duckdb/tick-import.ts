// The bulk import of one instrument's history (Store.beginTickImport): ticks are appended, column by
// column from typed arrays, to a temporary table of a connection of its own, and the bars are held
// until commit, which moves both into ticks and bars (and the instrument's summary row) in one
// transaction. Nothing is visible before that, so a file that fails half-way stores nothing, and
// the live write path (its buffers, its flushes on the other connection) is not involved at all.
// The move runs unprepared: a prepared INSERT … SELECT from an appender-filled temporary table in
// the same transaction has been seen to corrupt VARCHARs longer than 12 bytes, and the staging
// table holds no VARCHAR (the instrument is a literal of the statement).
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
  'CREATE TEMP TABLE import_ticks (id DOUBLE, ts DOUBLE, price DOUBLE, qty DOUBLE, buyer_maker UTINYINT)';

function moveStatements(instrument: InstrumentId): string[] {
  const name = `'${instrument.replaceAll("'", "''")}'`;
  return [
    `INSERT INTO ticks
      SELECT ${name}, id::BIGINT, make_timestamp(round(ts * 1000)::BIGINT), price, qty, buyer_maker = 1, NULL
      FROM temp.import_ticks`,
    `INSERT INTO instrument_summary
      SELECT ${name}, count(*), make_timestamp(round(min(ts) * 1000)::BIGINT),
        make_timestamp(round(max(ts) * 1000)::BIGINT), max(id)::BIGINT, false
      FROM temp.import_ticks HAVING count(*) > 0
      ON CONFLICT (instrument) DO UPDATE SET
        ticks = instrument_summary.ticks + excluded.ticks,
        first_ts = least(coalesce(instrument_summary.first_ts, excluded.first_ts), excluded.first_ts),
        last_ts = greatest(coalesce(instrument_summary.last_ts, excluded.last_ts), excluded.last_ts),
        last_trade_id =
          greatest(coalesce(instrument_summary.last_trade_id, excluded.last_trade_id), excluded.last_trade_id)`,
  ];
}

export interface TickImportHooks {
  /** Called after the commit with the highest tick id stored, so the live write path's marks know it. */
  onCommitted?: (instrument: InstrumentId, maxId: number) => void;
}

export class DuckDbTickImport implements TickImport {
  private readonly chunk = DuckDBDataChunk.create([DOUBLE, DOUBLE, DOUBLE, DOUBLE, UTINYINT], SEGMENT_ROWS);
  private readonly bars = new Map<string, Bar>();
  private ticks = 0;
  private maxId = Number.NEGATIVE_INFINITY;
  private state: 'open' | 'done' = 'open';

  private constructor(
    private readonly instrument: InstrumentId,
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly hooks: TickImportHooks,
  ) {}

  static async begin(instance: DuckDBInstance, instrument: InstrumentId, hooks: TickImportHooks = {}) {
    const connection = await instance.connect();
    try {
      await connection.run(CREATE_STAGING);
      const appender = await connection.createAppender('import_ticks', 'main', 'temp');
      return new DuckDbTickImport(instrument, connection, appender, hooks);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
  }

  appendTicks(columns: TickColumns, count: number): void {
    this.assertOpen('append ticks');
    const chunk = this.chunk;
    for (let from = 0; from < count; from += SEGMENT_ROWS) {
      const to = Math.min(count, from + SEGMENT_ROWS);
      // Setting the row count re-creates the vector views, so only when it changes.
      if (chunk.rowCount !== to - from) chunk.rowCount = to - from;
      copyInto(chunk.getColumnVector(0) as DuckDBDoubleVector, columns.id, from, to);
      copyInto(chunk.getColumnVector(1) as DuckDBDoubleVector, columns.ts, from, to);
      copyInto(chunk.getColumnVector(2) as DuckDBDoubleVector, columns.price, from, to);
      copyInto(chunk.getColumnVector(3) as DuckDBDoubleVector, columns.qty, from, to);
      copyInto(chunk.getColumnVector(4) as DuckDBUTinyIntVector, columns.buyerMaker, from, to);
      this.appender.appendDataChunk(chunk);
    }
    for (let i = 0; i < count; i++) if (columns.id[i] > this.maxId) this.maxId = columns.id[i];
    this.ticks += count;
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
    this.state = 'done';
    const { connection } = this;
    try {
      this.appender.closeSync();
      await connection.run('BEGIN TRANSACTION');
      try {
        if (this.ticks > 0) for (const statement of moveStatements(this.instrument)) await connection.run(statement);
        if (this.bars.size > 0) await (await BarWriter.create(connection)).write([...this.bars.values()]);
        await connection.run('COMMIT');
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      connection.closeSync();
    }
    if (this.ticks > 0) this.hooks.onCommitted?.(this.instrument, this.maxId);
    return { ticks: this.ticks, bars: this.bars.size };
  }

  async abort(): Promise<void> {
    if (this.state === 'done') return;
    this.state = 'done';
    discard(this.appender);
    // The temporary table goes with its connection.
    this.connection.closeSync();
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
