// The DuckDB store on a worker thread, behind the same Store contract. The JS thread only packs
// ticks into columns and hands them over every few milliseconds; buffering, duplicate dropping,
// appender commits and queries all run in the worker (see store-worker.ts), so a flush never
// delays a trade on its way to a bar, an alert or a WebSocket client.
import type { Worker } from 'node:worker_threads';
import type { Bar, InstrumentId, InstrumentMeta, Tick, Timeframe } from '../../domain/index.js';
import type { AlertEventFilter, AlertEventRow, AlertRuleRow } from '../duckdb/alert-tables.js';
import { StoreClosedError, type DuckDbStore, type DuckDbStoreOptions } from '../duckdb/duckdb-store.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { duckDbInstanceOptions } from '../duckdb/resource-limits.js';
import type {
  BarCoverage,
  BarCoverageDetail,
  BarImportPlan,
  BarQuery,
  CopySummary,
  FileTarget,
  NoKlineDataRange,
  Store,
  StoredInstrument,
  StoredTableQuery,
  StoreStats,
  TickQuery,
  TimeRange,
  SessionRowsQuery,
  SessionRowsSummary,
  SessionRowsWrite,
  StoredSession,
} from '../store.js';
import type { FromWorker, SerializedError, StoreCall, ToWorker, WorkerOptions, WorkerStats } from './protocol.js';
import { siblingModule, spawnWorker } from './spawn-worker.js';
import { TickBatchBuilder } from './tick-batch.js';
import { storeWorkerResourceLimits } from './worker-limits.js';

/** Longest time appended rows wait on the JS thread before they are handed to the worker. */
const HAND_OVER_MS = 10;

const EMPTY_STATS: WorkerStats = {
  pendingTicks: 0,
  pendingBars: 0,
  flushes: 0,
  writtenTicks: 0,
  writtenBars: 0,
  fileBytes: null,
  maxPendingRows: Number.POSITIVE_INFINITY,
  oldestPendingAt: null,
  failedFlushes: 0,
  failingSince: null,
  lastError: null,
  reopens: 0,
  receivedTicks: 0,
};

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Result<M extends StoreCall> = Awaited<ReturnType<DuckDbStore[M]>>;

export class StoreWorkerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreWorkerError';
  }
}

export class WorkerStore implements Store {
  readonly path: string;
  private readonly logger: Logger;
  private worker: Worker | null = null;
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly calls = new Map<number, PendingCall>();
  private nextId = 1;
  private ticks = new TickBatchBuilder();
  private bars: Bar[] = [];
  private handOverTimer: NodeJS.Timeout | undefined;
  private postedTicks = 0;
  private workerStats: WorkerStats = EMPTY_STATS;
  private closing: Promise<void> | null = null;
  /** Set when the worker died: every later call fails with it. */
  private failure: Error | null = null;

  constructor(private readonly options: DuckDbStoreOptions) {
    this.path = options.path;
    this.logger = options.logger ?? silentLogger;
  }

  async open(): Promise<void> {
    if (this.state !== 'new') throw new Error(`store ${this.path} was already opened`);
    // Bad limits fail here, with their own message, rather than as a worker's failure.
    duckDbInstanceOptions(this.options);
    const { logger: _logger, ...workerOptions } = this.options;
    const worker = spawnWorker(siblingModule(import.meta.url, 'store-worker'), {
      workerData: workerOptions satisfies WorkerOptions,
      resourceLimits: storeWorkerResourceLimits(),
    });
    this.worker = worker;
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) =>
      this.fail(new StoreWorkerError(`the store worker failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) => {
      if (this.state !== 'closed' || this.calls.size > 0)
        this.fail(new StoreWorkerError(`the store worker exited (code ${code})`));
    });
    worker.unref();
    try {
      await this.request({ type: 'open', id: 0 });
    } catch (error) {
      this.state = 'closed';
      await worker.terminate();
      throw error;
    }
    this.state = 'open';
  }

  appendTicks(ticks: readonly Tick[]): void {
    this.ensureOpen('append ticks');
    const builder = this.ticks;
    for (let i = 0; i < ticks.length; i++) {
      builder.push(ticks[i]);
      if (builder.isFull) this.handOver();
    }
    this.scheduleHandOver();
  }

  upsertBars(bars: readonly Bar[]): void {
    this.ensureOpen('upsert bars');
    for (const bar of bars) this.bars.push(bar);
    this.scheduleHandOver();
  }

  async flush(): Promise<void> {
    if (this.state === 'closed') return;
    await this.call('flush');
  }

  readTicks(query: TickQuery): Promise<Tick[]> {
    return this.call('readTicks', query);
  }

  readBars(query: BarQuery): Promise<Bar[]> {
    return this.call('readBars', query);
  }

  barsFromTicks(query: BarQuery): Promise<Bar[]> {
    return this.call('barsFromTicks', query);
  }

  /** Progress is not reported across the thread: a server export has no one to show it to. */
  copyToFile(query: StoredTableQuery, target: FileTarget): Promise<CopySummary> {
    return this.call('copyToFile', query, target);
  }

  lastTradeId(instrument: InstrumentId): Promise<number | null> {
    return this.call('lastTradeId', instrument);
  }

  instruments(): Promise<StoredInstrument[]> {
    return this.call('instruments');
  }

  barCoverage(query: { timeframe?: Timeframe } = {}): Promise<BarCoverage[]> {
    return this.call('barCoverage', query);
  }

  barCoverageDetail(instrument: InstrumentId, timeframe: Timeframe, maxGaps: number): Promise<BarCoverageDetail> {
    return this.call('barCoverageDetail', instrument, timeframe, maxGaps);
  }

  barGaps(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]> {
    return this.call('barGaps', instrument, timeframe);
  }

  markNoKlineData(ranges: readonly NoKlineDataRange[]): Promise<void> {
    return this.call('markNoKlineData', ranges);
  }

  noKlineDataRanges(instrument: InstrumentId, timeframe: Timeframe): Promise<TimeRange[]> {
    return this.call('noKlineDataRanges', instrument, timeframe);
  }

  saveInstrumentMeta(metas: readonly InstrumentMeta[]): Promise<void> {
    return this.call('saveInstrumentMeta', metas);
  }

  instrumentMeta(): Promise<InstrumentMeta[]> {
    return this.call('instrumentMeta');
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return this.call('getSetting', key) as Promise<T | undefined>;
  }

  setSetting(key: string, value: unknown): Promise<void> {
    return this.call('setSetting', key, value);
  }

  loadAlertRules(): Promise<AlertRuleRow[]> {
    return this.call('loadAlertRules');
  }

  // Alert rows cross to the worker as one JSON string, the form the database takes them in.

  saveAlertRules(rules: readonly AlertRuleRow[]): Promise<void> {
    return this.call('writeAlertBatch', 'saveRules', JSON.stringify(rules));
  }

  saveAlertRuleStates(states: ReadonlyArray<{ id: string; state: unknown }>): Promise<void> {
    return this.call('writeAlertBatch', 'saveRuleStates', JSON.stringify(states));
  }

  deleteAlertRule(id: string): Promise<boolean> {
    return this.call('deleteAlertRule', id);
  }

  insertAlertEvents(events: readonly AlertEventRow[]): Promise<void> {
    return this.call('writeAlertBatch', 'insertEvents', JSON.stringify(events));
  }

  saveAlertEvents(events: readonly AlertEventRow[]): Promise<void> {
    return this.call('writeAlertBatch', 'saveEvents', JSON.stringify(events));
  }

  readAlertEvents(filter: AlertEventFilter): Promise<unknown[]> {
    return this.call('readAlertEvents', filter);
  }

  readAlertEvent(id: string): Promise<unknown | undefined> {
    return this.call('readAlertEvent', id);
  }

  pruneAlertEvents(retention: { before: number; keep: number }): Promise<number> {
    return this.call('pruneAlertEvents', retention);
  }

  writeSessionRows(write: SessionRowsWrite): Promise<void> {
    return this.call('writeSessionRows', write);
  }

  readSessionRows(query: SessionRowsQuery): Promise<StoredSession[]> {
    return this.call('readSessionRows', query);
  }

  staleSessions(query: {
    instrument: InstrumentId;
    profile: string;
    sessions: ReadonlyArray<{ start: number; end: number }>;
  }): Promise<number[]> {
    return this.call('staleSessions', query);
  }

  sessionRowSummary(): Promise<SessionRowsSummary[]> {
    return this.call('sessionRowSummary');
  }

  deleteSessionRows(profile: string): Promise<number> {
    return this.call('deleteSessionRows', profile);
  }

  beginBarImport(plan: BarImportPlan): Promise<string> {
    return this.call('beginBarImport', plan);
  }

  stageImportBars(handle: string, rows: Float64Array): Promise<void> {
    return this.call('stageImportBars', handle, rows);
  }

  commitBarImport(handle: string): Promise<void> {
    return this.call('commitBarImport', handle);
  }

  abortBarImport(handle: string): Promise<void> {
    if (this.state !== 'open') return Promise.resolve();
    return this.call('abortBarImport', handle);
  }

  /** The worker's counters (and file size, measured there) as last reported, plus rows not yet handed over. */
  stats(): StoreStats {
    const { receivedTicks, ...stats } = this.workerStats;
    const inFlight = this.postedTicks - receivedTicks + this.ticks.count;
    return {
      ...stats,
      pendingTicks: stats.pendingTicks + inFlight,
      pendingBars: stats.pendingBars + this.bars.length,
    };
  }

  /**
   * Counts rows still on this thread and in flight as well as the worker's, as last reported
   * (every 100 ms): the bound can be passed by at most what arrives in that time.
   */
  hasRoom(): boolean {
    const { pendingTicks, pendingBars, maxPendingRows } = this.stats();
    return pendingTicks + pendingBars < maxPendingRows;
  }

  /** Hands over and flushes what is buffered, closes the database and stops the worker. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    if (this.state !== 'open' || this.worker === null) return;
    this.handOver();
    this.state = 'closed';
    try {
      await this.request({ type: 'close', id: 0 });
    } finally {
      await this.worker.terminate();
    }
  }

  private call<M extends StoreCall>(method: M, ...args: unknown[]): Promise<Result<M>> {
    if (this.state !== 'open') return Promise.reject(new StoreClosedError(`call ${method}`));
    // Rows appended before the call reach the worker before it: a flush or a read sees them.
    this.handOver();
    return this.request({ type: 'call', id: 0, method, args }) as Promise<Result<M>>;
  }

  private request(message: ToWorker & { id: number }): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.calls.set(id, { resolve, reject }));
    // Keep the process alive while an answer is awaited, and only then.
    if (this.calls.size === 1) this.worker!.ref();
    this.worker!.postMessage({ ...message, id });
    return result;
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'log':
        this.logger[message.level](message.details, message.message);
        return;
      case 'stats':
        this.workerStats = message.stats;
        return;
      case 'result':
      case 'error': {
        this.workerStats = message.stats;
        const call = this.calls.get(message.id);
        if (call === undefined) return;
        this.calls.delete(message.id);
        if (this.calls.size === 0) this.worker?.unref();
        if (message.type === 'result') call.resolve(message.value);
        else call.reject(deserializeError(message.error));
      }
    }
  }

  private scheduleHandOver(): void {
    if (this.handOverTimer !== undefined || (this.ticks.count === 0 && this.bars.length === 0)) return;
    this.handOverTimer = setTimeout(() => this.handOver(), HAND_OVER_MS);
    this.handOverTimer.unref();
  }

  private handOver(): void {
    clearTimeout(this.handOverTimer);
    this.handOverTimer = undefined;
    if (this.worker === null) return;
    const packed = this.ticks.take();
    if (packed === null && this.bars.length === 0) return;
    const bars = this.bars;
    this.bars = [];
    if (this.failure !== null) return; // the worker is gone: fail() has said that these rows are lost
    this.postedTicks += packed?.batch.length ?? 0;
    const message: ToWorker = { type: 'write', ticks: packed?.batch ?? null, bars };
    this.worker.postMessage(message, packed?.transfer ?? []);
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.logger.error({ err: error, ...this.stats() }, 'the store worker stopped; rows not yet written are lost');
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
  }

  private ensureOpen(operation: string): void {
    if (this.state !== 'open') throw new StoreClosedError(operation);
  }
}

function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
