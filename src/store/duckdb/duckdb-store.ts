// The embedded store: one DuckDB database (a file, or `:memory:`) behind the Store contract.
// Writes go through the BufferedWriter on one connection; reads use a second connection so
// they never wait behind a flush. A database DuckDB invalidates (a checkpoint failed on a full
// disk) is closed and opened again by the writer's retries; a file that is unusable at open is a
// StoreFileError naming it.
import { mkdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Bar, InstrumentId, InstrumentMeta, Tick, Timeframe } from '../../domain/index.js';
import { readInstrumentMeta, saveInstrumentMeta } from './instrument-meta-table.js';
import type {
  BarCoverage,
  BarCoverageDetail,
  BarImportPlan,
  BarQuery,
  NoKlineDataRange,
  Store,
  StoredInstrument,
  StoreStats,
  TickImport,
  TickImportOptions,
  TickQuery,
  TimeRange,
  SessionRowsQuery,
  SessionRowsSummary,
  SessionRowsWrite,
  StoredSession,
} from '../store.js';
import * as alertTables from './alert-tables.js';
import * as sessionTables from './session-tables.js';
import type { AlertEventFilter, AlertEventRow, AlertRuleRow } from './alert-tables.js';
import { BarImports } from './bar-import.js';
import { BarWriter } from './bar-writer.js';
import { BufferedWriter, type ReopenedDatabase } from './buffered-writer.js';
import * as coverage from './coverage-queries.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { applyMigrations } from './migrations.js';
import { barRangeQuery, barsFromTicksQuery, tickRangeQuery } from './read-queries.js';
import { duckDbInstanceOptions, type DuckDbResourceLimits } from './resource-limits.js';
import { barsFromColumns, ticksFromColumns } from './row-mapping.js';
import { copyToFileSql, type CopySummary, type FileTarget, type StoredTableQuery } from './table-copy.js';
import { DuckDbTickImport } from './tick-import.js';
import { TickWriter } from './tick-writer.js';
import { checkDatabaseFile, StoreFileError } from './database-file.js';

/** Unwritten rows (ticks + bars) a store holds in memory while its writes fail: about 45 MB of ticks. */
export const DEFAULT_MAX_PENDING_ROWS = 500_000;
/** How long closing keeps retrying a failing flush before it reports the rows it could not write. */
export const DEFAULT_CLOSE_RETRY_MS = 10_000;

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
  /**
   * Unwritten rows (ticks + bars) at which `hasRoom` turns false and ingestion stops taking new
   * trades, while writes fail. Default DEFAULT_MAX_PENDING_ROWS.
   */
  maxPendingRows?: number;
  /** How long `close` retries a failing flush, ms. Default DEFAULT_CLOSE_RETRY_MS. */
  closeRetryMs?: number;
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
  /** Set once an invalidated database was closed to be reopened, and the reopening has not yet worked. */
  closedForReopen?: boolean;
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
    // Bad limits fail here, with their own message, not as an unusable file.
    duckDbInstanceOptions(this.options);
    const maxPendingRows = this.options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
    if (!Number.isSafeInteger(maxPendingRows) || maxPendingRows < 1)
      throw new RangeError(`maxPendingRows must be a positive integer, got ${maxPendingRows}`);
    if (this.path !== MEMORY_PATH) mkdirSync(dirname(this.path), { recursive: true });
    const opened = await this.openDatabaseFile();
    const writer = new BufferedWriter(opened.connection, opened.ticks, opened.bars, {
      flushIntervalMs: this.options.flushIntervalMs ?? 250,
      maxPendingTicks: this.options.maxPendingTicks ?? 50_000,
      maxPendingBars: this.options.maxPendingBars ?? 5_000,
      maxPendingRows,
      closeRetryMs: this.options.closeRetryMs ?? DEFAULT_CLOSE_RETRY_MS,
      path: this.path,
      storedTicksAtOpen: opened.storedTicks,
      logger: this.logger,
      loadStoredLastId: (instrument) => this.queryLastTradeId(instrument),
      reopen: this.path === MEMORY_PATH ? undefined : () => this.reopenDatabaseFile(),
    });
    this.db = { ...opened.db, writer };
    this.writer = writer;
    this.state = 'open';
  }

  /** Opens the instance and its connections, checks the file, migrates, and creates the writers. */
  private async openDatabaseFile(): Promise<ReopenedDatabase & { db: Omit<OpenDatabase, 'writer'> }> {
    const settings = duckDbInstanceOptions(this.options);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(this.path, settings);
    } catch (error) {
      throw StoreFileError.from(this.path, error);
    }
    try {
      const writerConnection = await instance.connect();
      const reader = await instance.connect();
      if (this.path !== MEMORY_PATH) await checkDatabaseFile(reader, this.path);
      const applied = await applyMigrations(writerConnection);
      if (applied.length > 0) this.logger.info({ path: this.path, versions: applied }, 'store migrations applied');
      const stored = await reader.runAndReadAll('SELECT coalesce(sum(ticks), 0)::DOUBLE FROM instrument_summary');
      return {
        connection: writerConnection,
        ticks: await TickWriter.create(writerConnection),
        bars: await BarWriter.create(writerConnection),
        storedTicks: stored.getRows()[0][0] as number,
        db: { instance, writerConnection, reader, imports: new BarImports(instance) },
      };
    } catch (error) {
      instance.closeSync();
      throw error instanceof StoreFileError ? error : StoreFileError.from(this.path, error);
    }
  }

  /** Closes an invalidated database and opens it again (DuckDB replays its WAL); throws while that fails. */
  private async reopenDatabaseFile(): Promise<ReopenedDatabase> {
    const db = this.db;
    if (db === null) throw new StoreClosedError('reopen the database');
    if (!db.closedForReopen) {
      db.closedForReopen = true;
      await Promise.allSettled(this.reads);
      // An import in progress is lost with the database it was staged in; its caller sees the error.
      for (const close of [
        () => db.imports.abortAll(),
        () => db.reader.closeSync(),
        () => db.writerConnection.closeSync(),
      ]) {
        try {
          close();
        } catch {
          // An invalidated connection may refuse to close cleanly; the instance goes next.
        }
      }
      try {
        db.instance.closeSync();
      } catch {
        // Same: nothing more can be done with it.
      }
    }
    const opened = await this.openDatabaseFile();
    this.db = { ...opened.db, writer: db.writer };
    return opened;
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

  /** A bulk import on a connection of its own (see tick-import.ts); the write buffers are not involved. */
  async beginTickImport(instrument: InstrumentId, options: TickImportOptions = {}): Promise<TickImport> {
    const db = this.openDatabase('import ticks');
    // Known before the import commits, so that the mark raised afterwards is not overwritten by a late load.
    await db.writer.lastTradeId(instrument);
    return DuckDbTickImport.begin(db.instance, instrument, {
      onCommitted: (imported, maxId) => this.writer?.recordStoredTradeId(imported, maxId),
      batchRows: options.batchRows,
    });
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

  /**
   * Copies stored rows to a CSV or Parquet file inside DuckDB (nothing crosses into JS), on a
   * connection of its own so that reads and flushes go on meanwhile. The file appears under its
   * name only when complete. `onProgress` (0..1) is polled from DuckDB's query progress.
   */
  copyToFile(
    query: StoredTableQuery,
    target: FileTarget,
    onProgress?: (fraction: number) => void,
  ): Promise<CopySummary> {
    return this.onReader('export rows to a file', async () => {
      const sql = copyToFileSql(query, { ...target, path: `${target.path}.partial` });
      const connection = await this.openDatabase('export rows to a file').instance.connect();
      let poll: NodeJS.Timeout | undefined;
      try {
        if (onProgress !== undefined) {
          await connection.run('SET enable_progress_bar = true');
          await connection.run('SET enable_progress_bar_print = false');
          poll = setInterval(() => {
            const { percentage } = connection.progress;
            if (percentage >= 0) onProgress(Math.min(1, percentage / 100));
          }, 200);
        }
        const result = await connection.runAndReadAll(sql);
        await rename(`${target.path}.partial`, target.path);
        onProgress?.(1);
        return { rows: Number(result.getRows()[0]?.[0] ?? 0) };
      } catch (error) {
        await rm(`${target.path}.partial`, { force: true });
        throw error;
      } finally {
        clearInterval(poll);
        connection.closeSync();
      }
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

  barCoverage(query: { timeframe?: Timeframe } = {}): Promise<BarCoverage[]> {
    return this.onReader('read bar coverage', (reader) => coverage.readBarCoverage(reader, query));
  }

  barCoverageDetail(instrument: InstrumentId, timeframe: Timeframe, maxGaps: number): Promise<BarCoverageDetail> {
    return this.onReader('read bar coverage', (reader) =>
      coverage.readBarCoverageDetail(reader, instrument, timeframe, maxGaps),
    );
  }

  barGaps(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]> {
    return this.onReader('read bar gaps', (reader) => coverage.readBarGaps(reader, instrument, timeframe));
  }

  markNoKlineData(ranges: readonly NoKlineDataRange[]): Promise<void> {
    return this.onReader('record no-data kline ranges', (reader) => coverage.insertNoKlineData(reader, ranges));
  }

  noKlineDataRanges(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]> {
    return this.onReader('read no-data kline ranges', (reader) =>
      coverage.readNoKlineData(reader, instrument, timeframe),
    );
  }

  saveInstrumentMeta(metas: readonly InstrumentMeta[]): Promise<void> {
    return this.onReader('save instrument metadata', (reader) => saveInstrumentMeta(reader, metas));
  }

  instrumentMeta(): Promise<InstrumentMeta[]> {
    return this.onReader('read instrument metadata', (reader) => readInstrumentMeta(reader));
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

  // Session rows (src/analytics/sessions), written on the reader connection like settings: one
  // statement each, so they need no transaction there.

  writeSessionRows(write: SessionRowsWrite): Promise<void> {
    return this.onReader('write session rows', (reader) => sessionTables.writeSessionRows(reader, write));
  }

  readSessionRows(query: SessionRowsQuery): Promise<StoredSession[]> {
    return this.onReader('read session rows', (reader) => sessionTables.readSessionRows(reader, query));
  }

  staleSessions(query: {
    instrument: InstrumentId;
    profile: string;
    sessions: ReadonlyArray<{ start: number; end: number }>;
  }): Promise<number[]> {
    return this.onReader('find stale sessions', (reader) => sessionTables.staleSessions(reader, query));
  }

  sessionRowSummary(): Promise<SessionRowsSummary[]> {
    return this.onReader('summarise session rows', (reader) => sessionTables.sessionRowSummary(reader));
  }

  deleteSessionRows(profile: string): Promise<number> {
    return this.onReader('delete session rows', (reader) => sessionTables.deleteSessionRows(reader, profile));
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

  /** False while the unwritten rows have reached `maxPendingRows` (writes are failing): take no new data. */
  hasRoom(): boolean {
    return this.writer?.hasRoom() ?? true;
  }

  stats(): StoreStats {
    const counters = this.writer?.counters() ?? {
      pendingTicks: 0,
      pendingBars: 0,
      flushes: 0,
      writtenTicks: 0,
      writtenBars: 0,
      maxPendingRows: this.options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS,
      oldestPendingAt: null,
      reopens: 0,
      failedFlushes: 0,
      failingSince: null,
      lastError: null,
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
    if (this.path !== MEMORY_PATH && !db.closedForReopen && flushError === null) {
      // Closing checkpoints the WAL into the file synchronously, on the JS thread; an explicit
      // CHECKPOINT does the same work on DuckDB's threads first.
      await db.writerConnection
        .run('CHECKPOINT')
        .catch((error: unknown) => this.logger.warn({ err: error }, 'store checkpoint before close failed'));
    }
    if (!db.closedForReopen) {
      for (const close of [
        () => db.reader.closeSync(),
        () => db.writerConnection.closeSync(),
        () => db.instance.closeSync(),
      ]) {
        try {
          close();
        } catch (error) {
          // An invalidated database cannot close cleanly; what was not written is reported below.
          if (flushError === null) throw error;
        }
      }
    }
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
