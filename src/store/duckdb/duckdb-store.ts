// The embedded store: one DuckDB database (a file, or `:memory:`) behind the Store contract.
// Writes are buffered in memory and flushed in batches through the appender; reads go to a
// second connection so they never wait behind a flush.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Bar, InstrumentId, Tick } from '../../domain/index.js';
import type { BarQuery, Store, StoredInstrument, StoreStats, TickQuery } from '../store.js';
import { BarBuffer } from './bar-buffer.js';
import { BarWriter } from './bar-writer.js';
import { FlushScheduler } from './flush-scheduler.js';
import { silentLogger, type StoreLogger } from './logger.js';
import { applyMigrations } from './migrations.js';
import { barRangeQuery, tickRangeQuery } from './read-queries.js';
import { barsFromColumns, ticksFromColumns } from './row-mapping.js';
import { TickBuffer } from './tick-buffer.js';
import { TickWriter } from './tick-writer.js';
import { acceptTradeId, TradeIdMarks, type TradeIdMark } from './trade-id-marks.js';

export const MEMORY_PATH = ':memory:';

export interface DuckDbStoreOptions {
  /** Database file (its directory is created if missing) or `:memory:`. */
  path: string;
  /** pino-compatible; failed flushes and dropped ticks are reported here. */
  logger?: StoreLogger;
  /** Longest time a buffered row waits before it is written, ms. Default 250. */
  flushIntervalMs?: number;
  /** Buffered ticks that trigger a flush before the interval is up. Default 50,000. */
  maxPendingTicks?: number;
  /** Buffered bars that trigger a flush before the interval is up. Default 5,000. */
  maxPendingBars?: number;
}

export class StoreClosedError extends Error {
  constructor(operation: string) {
    super(`cannot ${operation}: the store is not open (call open() first, and nothing after close())`);
    this.name = 'StoreClosedError';
  }
}

interface Connections {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  reader: DuckDBConnection;
  ticks: TickWriter;
  bars: BarWriter;
}

/** Beyond TIMESTAMP's range once converted to µs; also catches absurd values early. */
const MAX_ABS_TS_MS = 9e15;

export class DuckDbStore implements Store {
  readonly path: string;
  private readonly logger: StoreLogger;
  private readonly maxPendingTicks: number;
  private readonly maxPendingBars: number;
  private readonly scheduler: FlushScheduler;
  private readonly marks: TradeIdMarks;
  private readonly tickBuffer = new TickBuffer();
  private readonly barBuffer = new BarBuffer();
  private db: Connections | null = null;
  private state: 'new' | 'open' | 'closed' = 'new';
  private inFlightTicks = 0;
  private inFlightBars = 0;
  private flushes = 0;
  private writtenTicks = 0;
  private writtenBars = 0;
  private readonly reads = new Set<Promise<unknown>>();
  // The instrument of the previous tick: trades arrive in runs, so this skips most map lookups.
  private lastMark: TradeIdMark | null = null;

  constructor(options: DuckDbStoreOptions) {
    this.path = options.path;
    this.logger = options.logger ?? silentLogger;
    this.maxPendingTicks = options.maxPendingTicks ?? 50_000;
    this.maxPendingBars = options.maxPendingBars ?? 5_000;
    this.scheduler = new FlushScheduler(options.flushIntervalMs ?? 250, () => this.writeBuffered());
    this.marks = new TradeIdMarks((instrument) => this.queryLastTradeId(instrument));
  }

  async open(): Promise<void> {
    if (this.state !== 'new') throw new Error(`store ${this.path} was already opened`);
    if (this.path !== MEMORY_PATH) mkdirSync(dirname(this.path), { recursive: true });
    const instance = await DuckDBInstance.create(this.path);
    try {
      const writer = await instance.connect();
      const reader = await instance.connect();
      const applied = await applyMigrations(writer);
      if (applied.length > 0) this.logger.info({ path: this.path, versions: applied }, 'store migrations applied');
      this.db = { instance, writer, reader, ticks: await TickWriter.create(writer, this.marks), bars: await BarWriter.create(writer) };
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    this.state = 'open';
  }

  appendTicks(ticks: readonly Tick[]): void {
    this.assertOpen('append ticks');
    const buffer = this.tickBuffer;
    let mark = this.lastMark;
    let invalid: Tick | null = null;
    let invalidCount = 0;
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i];
      // A row the database would refuse must not enter the buffer: it would fail every flush.
      if (!Number.isSafeInteger(tick.id) || !(Math.abs(tick.ts) < MAX_ABS_TS_MS) || typeof tick.instrument !== 'string') {
        invalid ??= tick;
        invalidCount++;
        continue;
      }
      if (mark === null || mark.instrument !== tick.instrument) mark = this.marks.get(tick.instrument);
      if (acceptTradeId(mark, tick.id)) buffer.push(tick, mark.code);
    }
    this.lastMark = mark;
    if (invalid !== null) {
      this.logger.warn({ count: invalidCount, example: invalid }, 'dropped ticks without an instrument, with a non-integer id or an invalid ts');
    }
    if (buffer.length === 0) return;
    if (buffer.length >= this.maxPendingTicks) this.flushSoon();
    else this.scheduler.arm();
  }

  upsertBars(bars: readonly Bar[]): void {
    this.assertOpen('upsert bars');
    for (const bar of bars) {
      if (
        !(Math.abs(bar.start) < MAX_ABS_TS_MS) ||
        !Number.isSafeInteger(bar.trades) ||
        typeof bar.instrument !== 'string' ||
        typeof bar.timeframe !== 'string'
      ) {
        this.logger.warn({ bar }, 'dropped a bar the database would refuse (start, trades, instrument or timeframe invalid)');
        continue;
      }
      this.barBuffer.upsert(bar);
    }
    if (this.barBuffer.length === 0) return;
    if (this.barBuffer.length >= this.maxPendingBars) this.flushSoon();
    else this.scheduler.arm();
  }

  flush(): Promise<void> {
    if (this.state === 'new') return Promise.reject(new StoreClosedError('flush'));
    return this.scheduler.flush();
  }

  readTicks(query: TickQuery): Promise<Tick[]> {
    return this.onReader('read ticks', async (reader) => {
      const { sql, params } = tickRangeQuery(query);
      const result = await reader.runAndReadAll(sql, params);
      return ticksFromColumns(query.instrument, result.getColumns());
    });
  }

  readBars(query: BarQuery): Promise<Bar[]> {
    return this.onReader('read bars', async (reader) => {
      const { sql, params } = barRangeQuery(query);
      const result = await reader.runAndReadAll(sql, params);
      return barsFromColumns(query.instrument, query.timeframe, result.getColumns());
    });
  }

  async lastTradeId(instrument: InstrumentId): Promise<number | null> {
    this.assertOpen('read the last trade id');
    const mark = this.marks.get(instrument);
    await this.marks.load(mark);
    return mark.storedLastId;
  }

  instruments(): Promise<StoredInstrument[]> {
    return this.onReader('list instruments', async (reader) => {
      const result = await reader.runAndReadAll(`
        WITH tick_summary AS (
          SELECT instrument, count(*)::DOUBLE AS ticks, epoch_us(min(ts))::DOUBLE / 1000 AS first_ts,
            epoch_us(max(ts))::DOUBLE / 1000 AS last_ts, max(id)::DOUBLE AS last_trade_id
          FROM ticks GROUP BY instrument
        ), bar_instruments AS (SELECT DISTINCT instrument FROM bars)
        SELECT coalesce(t.instrument, b.instrument) AS id, coalesce(t.ticks, 0), t.first_ts, t.last_ts, t.last_trade_id
        FROM tick_summary t FULL OUTER JOIN bar_instruments b ON b.instrument = t.instrument
        ORDER BY id`);
      return result.getRows().map(([id, ticks, firstTs, lastTs, lastTradeId]) => ({
        id: id as string,
        ticks: ticks as number,
        firstTs: firstTs as number | null,
        lastTs: lastTs as number | null,
        lastTradeId: lastTradeId as number | null,
      }));
    });
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return this.onReader('read a setting', async (reader) => {
      const result = await reader.runAndReadAll('SELECT value::VARCHAR FROM settings WHERE key = $key', { key });
      const value = result.getRows()[0]?.[0];
      return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
    });
  }

  /** Stores `value` as JSON; `undefined` removes the key. */
  setSetting(key: string, value: unknown): Promise<void> {
    return this.onReader('write a setting', async (reader) => {
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) {
        await reader.run('DELETE FROM settings WHERE key = $key', { key });
      } else {
        await reader.run('INSERT OR REPLACE INTO settings (key, value) VALUES ($key, $value::JSON)', { key, value: json });
      }
    });
  }

  stats(): StoreStats {
    return {
      pendingTicks: this.tickBuffer.length + this.inFlightTicks,
      pendingBars: this.barBuffer.length + this.inFlightBars,
      flushes: this.flushes,
      writtenTicks: this.writtenTicks,
      writtenBars: this.writtenBars,
      fileBytes: this.path === MEMORY_PATH ? null : fileSize(this.path) + fileSize(`${this.path}.wal`),
    };
  }

  /**
   * Flushes, then closes. If the final flush fails the database is closed anyway (holding the
   * file lock would only block a restart) and the error is rethrown: the unwritten rows are lost.
   */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    let flushError: unknown = null;
    try {
      await this.scheduler.flush();
    } catch (error) {
      flushError = error;
      this.logger.error(
        { err: error, pendingTicks: this.tickBuffer.length, pendingBars: this.barBuffer.length },
        'store closed with unwritten rows',
      );
    }
    this.state = 'closed';
    this.scheduler.disarm();
    await Promise.allSettled(this.reads);
    const db = this.db;
    this.db = null;
    if (db !== null) {
      if (this.path !== MEMORY_PATH) {
        // Closing checkpoints the WAL into the file synchronously, on the JS thread; an explicit
        // CHECKPOINT does the same work on DuckDB's threads first.
        await db.writer.run('CHECKPOINT').catch((error: unknown) => this.logger.warn({ err: error }, 'store checkpoint before close failed'));
      }
      db.reader.closeSync();
      db.writer.closeSync();
      db.instance.closeSync();
    }
    if (flushError !== null) throw flushError;
  }

  private flushSoon(): void {
    if (this.scheduler.isWaiting) return;
    // Failures are logged by writeBuffered and retried on the next flush.
    this.scheduler.flush().catch(() => {});
  }

  /** One flush: takes everything buffered and writes it in a single transaction. */
  private async writeBuffered(): Promise<void> {
    const db = this.db;
    if (db === null) return;
    try {
      await this.prepareInstruments(db.ticks);
    } catch (error) {
      this.reportFailedFlush(error, this.tickBuffer.length, this.barBuffer.length);
      throw error;
    }
    if (this.tickBuffer.length === 0 && this.barBuffer.length === 0) return;

    const ticks = this.tickBuffer.take();
    const bars = this.barBuffer.take();
    const stored = this.marks.snapshotLastIds();
    this.inFlightTicks = ticks.length;
    this.inFlightBars = bars.length;
    try {
      await db.writer.run('BEGIN TRANSACTION');
      try {
        await db.ticks.write(ticks);
        await db.bars.write(bars);
        await db.writer.run('COMMIT');
      } catch (error) {
        await db.writer.run('ROLLBACK').catch(() => {});
        throw error;
      }
    } catch (error) {
      this.tickBuffer.restore(ticks);
      this.barBuffer.restore(bars);
      this.reportFailedFlush(error, ticks.length, bars.length);
      throw error;
    } finally {
      this.inFlightTicks = 0;
      this.inFlightBars = 0;
    }
    this.marks.markStored(stored);
    this.tickBuffer.recycle(ticks);
    this.flushes++;
    this.writtenTicks += ticks.length;
    this.writtenBars += bars.length;
  }

  /**
   * Loads the stored trade-id mark and registers the code of every instrument in the buffer.
   * Loops because ticks of a new instrument can arrive while it waits; returns only when the
   * buffer can be taken as is, in the same synchronous step.
   */
  private async prepareInstruments(writer: TickWriter): Promise<void> {
    for (;;) {
      await this.marks.loadAll();
      // A mark that just loaded may reveal buffered ticks that an earlier run already stored.
      for (const [code, maxId] of this.marks.takeStale()) this.tickBuffer.dropUpTo(code, maxId);
      await writer.registerInstruments(this.marks.count);
      if (this.marks.allLoaded && !this.marks.hasStale && writer.registeredCount === this.marks.count) return;
    }
  }

  private reportFailedFlush(error: unknown, ticks: number, bars: number): void {
    this.logger.error({ err: error, ticks, bars }, 'store flush failed; the rows stay buffered and are retried');
    if (this.state === 'open') this.scheduler.arm();
  }

  private queryLastTradeId(instrument: InstrumentId): Promise<number | null> {
    return this.onReader('read the last trade id', async (reader) => {
      const result = await reader.runAndReadAll('SELECT max(id)::DOUBLE FROM ticks WHERE instrument = $instrument', {
        instrument,
      });
      return (result.getRows()[0]?.[0] as number | null) ?? null;
    });
  }

  private onReader<T>(operation: string, run: (reader: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.state !== 'open' || this.db === null) return Promise.reject(new StoreClosedError(operation));
    const pending = run(this.db.reader);
    this.reads.add(pending);
    const forget = (): void => {
      this.reads.delete(pending);
    };
    pending.then(forget, forget);
    return pending;
  }

  private assertOpen(operation: string): void {
    if (this.state !== 'open') throw new StoreClosedError(operation);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
