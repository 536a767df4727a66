// The embedded store: one DuckDB database (a file, or `:memory:`) behind the Store contract.
// Writes go through the BufferedWriter on one connection; reads use a second connection so
// they never wait behind a flush.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Bar, InstrumentId, Tick } from '../../domain/index.js';
import type { BarImportPlan, BarQuery, Store, StoredInstrument, StoreStats, TickQuery } from '../store.js';
import * as alertTables from './alert-tables.js';
import type { AlertEventFilter, AlertEventRow, AlertRuleRow } from './alert-tables.js';
import { BarImports } from './bar-import.js';
import { BarWriter } from './bar-writer.js';
import { BufferedWriter } from './buffered-writer.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { applyMigrations } from './migrations.js';
import { barRangeQuery, barsFromTicksQuery, tickRangeQuery } from './read-queries.js';
import { duckDbInstanceOptions, type DuckDbResourceLimits } from './resource-limits.js';
import { barsFromColumns, ticksFromColumns } from './row-mapping.js';
import { TickWriter } from './tick-writer.js';

export const MEMORY_PATH = ':memory:';

export interface DuckDbStoreOptions extends DuckDbResourceLimits {
  /** Database file (its directory is created if missing) or `:memory:`. */
  path: string;
  /** pino-compatible; failed flushes and dropped rows are reported here. */
  logger?: Logger;
  /** Longest time a buffered row waits before it is written, ms. Default 250. */
  flushIntervalMs?: number;
  /** Pending ticks that trigger a flush before the interval is up. Default 50,000. */
  maxPendingTicks?: number;
  /** Pending bars that trigger a flush before the interval is up. Default 5,000. */
  maxPendingBars?: number;
}

export class StoreClosedError extends Error {
  constructor(operation: string) {
    super(`cannot ${operation}: the store is not open (call open() first, and nothing after close())`);
    this.name = 'StoreClosedError';
  }
}

interface OpenDatabase {
  instance: DuckDBInstance;
  writerConnection: DuckDBConnection;
  reader: DuckDBConnection;
  writer: BufferedWriter;
  imports: BarImports;
}

export class DuckDbStore implements Store {
  readonly path: string;
  private readonly logger: Logger;
  private db: OpenDatabase | null = null;
  /** Kept after close so that stats() still reports what was written. */
  private writer: BufferedWriter | null = null;
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly reads = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;

  constructor(private readonly options: DuckDbStoreOptions) {
    this.path = options.path;
    this.logger = options.logger ?? silentLogger;
  }

  async open(): Promise<void> {
    if (this.state !== 'new') throw new Error(`store ${this.path} was already opened`);
    const settings = duckDbInstanceOptions(this.options);
    if (this.path !== MEMORY_PATH) mkdirSync(dirname(this.path), { recursive: true });
    const instance = await DuckDBInstance.create(this.path, settings);
    try {
      const writerConnection = await instance.connect();
      const reader = await instance.connect();
      const applied = await applyMigrations(writerConnection);
      if (applied.length > 0) this.logger.info({ path: this.path, versions: applied }, 'store migrations applied');
      const writer = new BufferedWriter(
        writerConnection,
        await TickWriter.create(writerConnection),
        await BarWriter.create(writerConnection),
        {
          flushIntervalMs: this.options.flushIntervalMs ?? 250,
          maxPendingTicks: this.options.maxPendingTicks ?? 50_000,
          maxPendingBars: this.options.maxPendingBars ?? 5_000,
          logger: this.logger,
          loadStoredLastId: (instrument) => this.queryLastTradeId(instrument),
        },
      );
      this.db = { instance, writerConnection, reader, writer, imports: new BarImports(instance) };
      this.writer = writer;
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    this.state = 'open';
  }

  appendTicks(ticks: readonly Tick[]): void {
    this.openDatabase('append ticks').writer.appendTicks(ticks);
  }

  upsertBars(bars: readonly Bar[]): void {
    this.openDatabase('upsert bars').writer.upsertBars(bars);
  }

  async flush(): Promise<void> {
    if (this.state === 'closed') return;
    await this.openDatabase('flush').writer.flush();
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

  barsFromTicks(query: BarQuery): Promise<Bar[]> {
    return this.onReader('aggregate ticks into bars', async (reader) => {
      const { sql, params } = barsFromTicksQuery(query);
      const result = await reader.runAndReadAll(sql, params);
      return barsFromColumns(query.instrument, query.timeframe, result.getColumns());
    });
  }

  lastTradeId(instrument: InstrumentId): Promise<number | null> {
    try {
      return this.openDatabase('read the last trade id').writer.lastTradeId(instrument);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  instruments(): Promise<StoredInstrument[]> {
    return this.onReader('list instruments', async (reader) => {
      const result = await reader.runAndReadAll(`
        SELECT instrument, ticks::DOUBLE, epoch_us(first_ts)::DOUBLE / 1000, epoch_us(last_ts)::DOUBLE / 1000,
          last_trade_id::DOUBLE
        FROM instrument_summary ORDER BY instrument`);
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
        await reader.run('INSERT OR REPLACE INTO settings (key, value) VALUES ($key, $value::JSON)', {
          key,
          value: json,
        });
      }
    });
  }

  // Alert rules and events (the AlertStore of src/alerts, satisfied structurally).

  loadAlertRules(): Promise<AlertRuleRow[]> {
    return this.onReader('load alert rules', (reader) => alertTables.loadAlertRules(reader));
  }

  saveAlertRules(rules: readonly AlertRuleRow[]): Promise<void> {
    return this.writeAlertBatch('saveRules', JSON.stringify(rules));
  }

  saveAlertRuleStates(states: ReadonlyArray<{ id: string; state: unknown }>): Promise<void> {
    return this.writeAlertBatch('saveRuleStates', JSON.stringify(states));
  }

  deleteAlertRule(id: string): Promise<boolean> {
    return this.onReader('delete an alert rule', (reader) => alertTables.deleteAlertRule(reader, id));
  }

  insertAlertEvents(events: readonly AlertEventRow[]): Promise<void> {
    return this.writeAlertBatch('insertEvents', JSON.stringify(events));
  }

  saveAlertEvents(events: readonly AlertEventRow[]): Promise<void> {
    return this.writeAlertBatch('saveEvents', JSON.stringify(events));
  }

  /** A batch of alert rows already serialised as a JSON array. */
  writeAlertBatch(kind: alertTables.AlertBatchWrite, batchJson: string): Promise<void> {
    return this.onReader(`write alert rows (${kind})`, (reader) =>
      alertTables.writeAlertBatch(reader, kind, batchJson),
    );
  }

  readAlertEvents(filter: AlertEventFilter): Promise<unknown[]> {
    return this.onReader('read alert events', (reader) => alertTables.readAlertEvents(reader, filter));
  }

  readAlertEvent(id: string): Promise<unknown | undefined> {
    return this.onReader('read an alert event', (reader) => alertTables.readAlertEvent(reader, id));
  }

  pruneAlertEvents(retention: { before: number; keep: number }): Promise<number> {
    return this.onReader('prune alert events', (reader) => alertTables.pruneAlertEvents(reader, retention));
  }

  beginBarImport(plan: BarImportPlan): Promise<string> {
    return this.onImports('begin a bar import', (imports) => imports.begin(plan));
  }

  stageImportBars(handle: string, rows: Float64Array): Promise<void> {
    return this.onImports('stage imported bars', (imports) => imports.stage(handle, rows));
  }

  commitBarImport(handle: string): Promise<void> {
    return this.onImports('commit a bar import', (imports) => imports.commit(handle));
  }

  abortBarImport(handle: string): Promise<void> {
    if (this.state !== 'open' || this.db === null) return Promise.resolve();
    return this.db.imports.abort(handle);
  }

  stats(): StoreStats {
    const counters = this.writer?.counters() ?? {
      pendingTicks: 0,
      pendingBars: 0,
      flushes: 0,
      writtenTicks: 0,
      writtenBars: 0,
    };
    return {
      ...counters,
      fileBytes: this.path === MEMORY_PATH ? null : fileSize(this.path) + fileSize(`${this.path}.wal`),
    };
  }

  /**
   * Flushes, then closes. If the final flush fails the database is closed anyway (holding the
   * file lock would only block a restart) and the error is rethrown: the unwritten rows are lost.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    const db = this.db;
    if (this.state !== 'open' || db === null) return;
    let flushError: unknown = null;
    await db.writer.close().catch((error: unknown) => {
      flushError = error;
    });
    this.state = 'closed';
    this.db = null;
    await Promise.allSettled(this.reads);
    db.imports.abortAll();
    if (this.path !== MEMORY_PATH) {
      // Closing checkpoints the WAL into the file synchronously, on the JS thread; an explicit
      // CHECKPOINT does the same work on DuckDB's threads first.
      await db.writerConnection
        .run('CHECKPOINT')
        .catch((error: unknown) => this.logger.warn({ err: error }, 'store checkpoint before close failed'));
    }
    db.reader.closeSync();
    db.writerConnection.closeSync();
    db.instance.closeSync();
    if (flushError !== null) throw flushError;
  }

  private queryLastTradeId(instrument: InstrumentId): Promise<number | null> {
    return this.onReader('read the last trade id', async (reader) => {
      const result = await reader.runAndReadAll(
        'SELECT last_trade_id::DOUBLE FROM instrument_summary WHERE instrument = $instrument',
        {
          instrument,
        },
      );
      return (result.getRows()[0]?.[0] as number | null) ?? null;
    });
  }

  private onReader<T>(operation: string, run: (reader: DuckDBConnection) => Promise<T>): Promise<T> {
    let pending: Promise<T>;
    try {
      pending = run(this.openDatabase(operation).reader);
    } catch (error) {
      return Promise.reject(error);
    }
    this.reads.add(pending);
    const forget = (): void => {
      this.reads.delete(pending);
    };
    pending.then(forget, forget);
    return pending;
  }

  /** Import work is awaited by close like a read, so the database is not closed under it. */
  private onImports<T>(operation: string, run: (imports: BarImports) => Promise<T>): Promise<T> {
    return this.onReader(operation, () => run(this.openDatabase(operation).imports));
  }

  private openDatabase(operation: string): OpenDatabase {
    if (this.state !== 'open' || this.db === null) throw new StoreClosedError(operation);
    return this.db;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
