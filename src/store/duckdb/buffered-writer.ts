// The write side of the store: buffers ticks and bars, drops duplicate trades, and writes
// everything buffered in one transaction per flush. appendTicks and upsertBars only copy into
// memory; when a burst outgrows the buffer while no flush can run (the JS thread is busy), full
// tick segments are staged in DuckDB right away so the buffers, and the GC work they cause, stay
// small. When flushes fail (a full disk), rows stay buffered and are retried with backoff; the
// caller bounds what it buffers with `hasRoom`. Staged ticks are kept in memory until their move
// commits, because a database DuckDB has invalidated must be reopened, which loses the staging
// table: the rows then go back into the buffer, unless the failed commit did reach the file.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Bar, InstrumentId, Tick } from '../../domain/index.js';
import { BarBuffer } from './bar-buffer.js';
import type { BarWriter } from './bar-writer.js';
import { FlushScheduler } from './flush-scheduler.js';
import type { Logger } from '../../domain/logger.js';
import { batchOf, SEGMENT_ROWS, TickBuffer, type TickSegment } from './tick-buffer.js';
import { MAX_SEGMENTS_PER_STAGE, type TickWriter } from './tick-writer.js';
import { acceptTradeId, TradeIdMarks, type StoredLastIdLoader, type TradeIdMark } from './trade-id-marks.js';
import { isDatabaseInvalidated, WriteFailures, type WriteFailureSnapshot } from './write-failures.js';

/** Beyond TIMESTAMP's range once converted to µs; also catches absurd values early. */
const MAX_ABS_TS_MS = 9e15;

/** Buffered ticks staged ahead of a flush (one staging commit). */
const STAGE_AHEAD_ROWS = MAX_SEGMENTS_PER_STAGE * SEGMENT_ROWS;

export interface BufferedWriterOptions {
  flushIntervalMs: number;
  maxPendingTicks: number;
  maxPendingBars: number;
  logger: Logger;
  /** Highest stored trade id of an instrument (read lazily, once per instrument). */
  loadStoredLastId: StoredLastIdLoader;
  /** Pending rows (ticks + bars) at which `hasRoom` turns false. */
  maxPendingRows: number;
  /** How long `close` keeps retrying a failing flush before it gives up on the rows, ms. */
  closeRetryMs: number;
  /** Names the database in errors. */
  path: string;
  /** Ticks stored when the database was opened (sum of instrument_summary.ticks). */
  storedTicksAtOpen: number;
  /** Closes and reopens an invalidated database; absent when it cannot be (`:memory:`). */
  reopen?: () => Promise<ReopenedDatabase>;
  now?: () => number;
}

/** A fresh connection and writers after the database was reopened, and the ticks it now holds. */
export interface ReopenedDatabase {
  connection: DuckDBConnection;
  ticks: TickWriter;
  bars: BarWriter;
  storedTicks: number;
}

export interface WriteCounters {
  pendingTicks: number;
  pendingBars: number;
  flushes: number;
  writtenTicks: number;
  writtenBars: number;
  maxPendingRows: number;
  /** Epoch ms the oldest unwritten row was buffered (at most); null when nothing waits. */
  oldestPendingAt: number | null;
  /** Times the database was closed and opened again after DuckDB invalidated it. */
  reopens: number;
}

export type WriteState = WriteCounters & WriteFailureSnapshot;

/** Thrown by `close` when rows could still not be written after retrying for `closeRetryMs`. */
export class UnwrittenRowsError extends Error {
  override name = 'UnwrittenRowsError';
  constructor(
    readonly ticks: number,
    readonly bars: number,
    path: string,
    cause: unknown,
  ) {
    super(
      `${ticks} ticks and ${bars} bars could not be written to ${path} before shutdown ` +
        `(${cause instanceof Error ? cause.message.split('\n', 1)[0] : String(cause)}); ` +
        'free disk space and run again: the source resends what it can (Binance backfills the trade ids)',
      { cause },
    );
  }
}

export class BufferedWriter {
  readonly marks: TradeIdMarks;
  private readonly scheduler: FlushScheduler;
  private readonly tickBuffer = new TickBuffer();
  private readonly barBuffer = new BarBuffer();
  private readonly logger: Logger;
  private flushing = false;
  private closed = false;
  private readonly failures: WriteFailures;
  private readonly now: () => number;
  private connection: DuckDBConnection;
  private ticks: TickWriter;
  private bars: BarWriter;
  /** Staged ticks not committed yet: what a reopened database no longer has in its staging table. */
  private stagedSegments: TickSegment[] = [];
  private needsReopen = false;
  private reopens = 0;
  /** Ticks the database holds: at open plus every commit since; tells whether a failed commit landed. */
  private storedTicks: number;
  private firstPendingAt: number | null = null;
  /** Ticks taken from the buffer by a running flush and not staged yet. */
  private takenTicks = 0;
  private takenBars = 0;
  private flushes = 0;
  private writtenTicks = 0;
  private writtenBars = 0;
  // The instrument of the previous tick: trades come in runs, so this skips most map lookups.
  private lastMark: TradeIdMark | null = null;

  constructor(
    connection: DuckDBConnection,
    ticks: TickWriter,
    bars: BarWriter,
    private readonly options: BufferedWriterOptions,
  ) {
    this.connection = connection;
    this.ticks = ticks;
    this.bars = bars;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.failures = new WriteFailures(this.now);
    this.storedTicks = options.storedTicksAtOpen;
    this.marks = new TradeIdMarks(options.loadStoredLastId, (code, maxId) => this.tickBuffer.dropUpTo(code, maxId));
    this.scheduler = new FlushScheduler(options.flushIntervalMs, () => this.writeBuffered());
  }

  appendTicks(ticks: readonly Tick[]): void {
    const buffer = this.tickBuffer;
    let mark = this.lastMark;
    let invalid: Tick | null = null;
    let invalidCount = 0;
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i];
      // A row the database would refuse must not enter the buffer: it would fail every flush.
      if (
        !Number.isSafeInteger(tick.id) ||
        !(Math.abs(tick.ts) < MAX_ABS_TS_MS) ||
        typeof tick.instrument !== 'string'
      ) {
        invalid ??= tick;
        invalidCount++;
        continue;
      }
      if (mark === null || mark.instrument !== tick.instrument) mark = this.marks.get(tick.instrument);
      if (acceptTradeId(mark, tick.id)) buffer.push(tick, mark.code);
    }
    this.lastMark = mark;
    if (invalid !== null) {
      this.logger.warn(
        { count: invalidCount, example: invalid },
        'dropped ticks without an instrument, with a non-integer id or an invalid ts',
      );
    }
    if (buffer.length === 0) return;
    this.firstPendingAt ??= this.now();
    if (buffer.length >= STAGE_AHEAD_ROWS) this.stageAhead();
    if (buffer.length + this.ticks.stagedRows >= this.options.maxPendingTicks) this.flushSoon();
    else this.scheduler.arm();
  }

  upsertBars(bars: readonly Bar[]): void {
    for (const bar of bars) {
      if (
        !(Math.abs(bar.start) < MAX_ABS_TS_MS) ||
        !Number.isSafeInteger(bar.trades) ||
        typeof bar.instrument !== 'string' ||
        typeof bar.timeframe !== 'string'
      ) {
        this.logger.warn(
          { bar },
          'dropped a bar the database would refuse (start, trades, instrument or timeframe invalid)',
        );
        continue;
      }
      this.barBuffer.upsert(bar);
    }
    if (this.barBuffer.length === 0) return;
    this.firstPendingAt ??= this.now();
    if (this.barBuffer.length >= this.options.maxPendingBars) this.flushSoon();
    else this.scheduler.arm();
  }

  /** Resolves when everything buffered before the call is written; rejects if that failed. */
  flush(): Promise<void> {
    return this.scheduler.flush();
  }

  /** The highest stored trade id of an instrument, reading it from the database once. */
  async lastTradeId(instrument: InstrumentId): Promise<number | null> {
    const mark = this.marks.get(instrument);
    await this.marks.load(mark);
    return mark.storedLastId;
  }

  /** Rows buffered and not yet committed, ticks and bars. */
  get pendingRows(): number {
    return this.tickBuffer.length + this.takenTicks + this.ticks.stagedRows + this.barBuffer.length + this.takenBars;
  }

  /** False once the unwritten rows reach `maxPendingRows`: callers stop taking new data. */
  hasRoom(): boolean {
    return this.pendingRows < this.options.maxPendingRows;
  }

  /**
   * Ticks up to `maxId` were stored past this writer (a bulk import): later appends of those ids are
   * duplicates. Ids between the previous mark and `maxId` are not kept as gaps, as the import filled them.
   */
  recordStoredTradeId(instrument: InstrumentId, maxId: number): void {
    const mark = this.marks.get(instrument);
    if (maxId > mark.lastId) mark.lastId = maxId;
    this.marks.markStored([[mark, maxId]]);
  }

  counters(): WriteState {
    return {
      pendingTicks: this.tickBuffer.length + this.takenTicks + this.ticks.stagedRows,
      pendingBars: this.barBuffer.length + this.takenBars,
      flushes: this.flushes,
      writtenTicks: this.writtenTicks,
      writtenBars: this.writtenBars,
      maxPendingRows: this.options.maxPendingRows,
      oldestPendingAt: this.firstPendingAt,
      reopens: this.reopens,
      ...this.failures.snapshot(),
    };
  }

  /**
   * Flushes one last time and stops. A failing flush is retried (with backoff) for up to
   * `closeRetryMs`; after that the rows are given up and an UnwrittenRowsError says how many.
   */
  async close(): Promise<void> {
    const deadline = this.now() + this.options.closeRetryMs;
    try {
      for (;;) {
        try {
          await this.scheduler.flush();
          return;
        } catch (error) {
          if (this.now() >= deadline) {
            const { pendingTicks, pendingBars } = this.counters();
            const unwritten = new UnwrittenRowsError(pendingTicks, pendingBars, this.options.path, error);
            this.logger.error({ err: error, pendingTicks, pendingBars }, unwritten.message);
            throw unwritten;
          }
          await new Promise((resolve) => setTimeout(resolve, this.failures.retryDelayMs()));
        }
      }
    } finally {
      this.closed = true;
      this.scheduler.disarm();
      this.ticks.close();
    }
  }

  private flushSoon(): void {
    if (this.failures.failing) {
      this.scheduler.arm(this.failures.retryDelayMs());
      return;
    }
    if (this.scheduler.isWaiting) return;
    // Failures are logged by writeBuffered and retried on the next flush.
    this.scheduler.flush().catch(() => {});
  }

  /**
   * Stages buffered ticks now, between flushes, when a burst keeps the JS thread from running
   * one. Only while no flush is running (staging uses the writer connection) and once every
   * instrument's stored mark is known (until then some buffered ticks may yet be dropped).
   */
  private stageAhead(): void {
    // While writes fail, the buffer is the bound's to limit; staging would fail (and log) per append.
    if (this.flushing || this.failures.failing || !this.marks.allLoaded || !this.ticks.canStage) return;
    const batch = this.tickBuffer.take();
    try {
      this.ticks.stage(batch.segments);
      this.stagedSegments.push(...batch.segments);
    } catch (error) {
      this.tickBuffer.restore(batch);
      this.logger.warn(
        { err: error, ticks: batch.length },
        'staging ticks ahead of a flush failed; the flush will retry',
      );
    }
  }

  /** One flush: stages every buffered tick, then moves staged ticks and upserts bars in one transaction. */
  private async writeBuffered(): Promise<void> {
    if (this.closed) return;
    this.flushing = true;
    const startedAt = this.now();
    try {
      if (this.needsReopen) await this.reopenDatabase();
      await this.ticks.ensureAppender();
      await this.prepareInstruments();
      // Nothing may be awaited from here until stageBuffered has taken the buffer.
      const stored = this.marks.snapshotLastIds();
      await this.stageBuffered();
      await this.commitStagedTicksAndBars();
      this.marks.markStored(stored);
      this.firstPendingAt = this.pendingRows > 0 ? startedAt : null;
      const ended = this.failures.succeeded();
      if (ended !== null) {
        this.logger.warn(
          { ...this.counters(), failuresInRun: ended.failures, failingForMs: ended.sinceMs },
          'store writes resumed; every buffered row was written',
        );
      }
    } catch (error) {
      if (isDatabaseInvalidated(error) && this.options.reopen !== undefined) this.needsReopen = true;
      const transition = this.failures.failed(error);
      const details = { err: error, path: this.options.path, ...this.counters() };
      if (transition === 'started') {
        this.logger.error(
          details,
          'store writes are failing; rows stay buffered (up to maxPendingRows) and are retried with backoff',
        );
      } else {
        this.logger.debug(details, 'store flush failed again');
      }
      if (!this.closed) this.scheduler.arm(this.failures.retryDelayMs());
      throw error;
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Loads the stored trade-id mark and registers the code of every instrument seen. Loops
   * because ticks of a new instrument can arrive while it waits; returns only when every
   * buffered tick is final and resolvable, so the buffer can be taken in the same step.
   */
  private async prepareInstruments(): Promise<void> {
    for (;;) {
      await this.marks.loadAll();
      await this.ticks.registerInstruments(this.marks.instruments);
      if (this.marks.allLoaded && this.ticks.registeredCount === this.marks.count) return;
    }
  }

  /** Stages the whole tick buffer, yielding to the event loop between staging commits. */
  private async stageBuffered(): Promise<void> {
    const batch = this.tickBuffer.take();
    this.takenTicks = batch.length;
    try {
      for (let first = 0; first < batch.segments.length; first += MAX_SEGMENTS_PER_STAGE) {
        if (first > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const group = batch.segments.slice(first, first + MAX_SEGMENTS_PER_STAGE);
        try {
          this.ticks.stage(group);
        } catch (error) {
          this.tickBuffer.restore(batchOf(batch.segments.slice(first)));
          throw error;
        }
        this.takenTicks -= batchOf(group).length;
        this.stagedSegments.push(...group);
      }
    } finally {
      this.takenTicks = 0;
    }
  }

  private async commitStagedTicksAndBars(): Promise<void> {
    const bars = this.barBuffer.take();
    if (this.ticks.stagedRows === 0 && bars.length === 0) return;
    this.takenBars = bars.length;
    let movedTicks = 0;
    let markedBars: string[] = [];
    try {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        movedTicks = await this.ticks.moveStaged();
        markedBars = await this.bars.write(bars);
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => {});
        throw error;
      }
    } catch (error) {
      // Staged ticks stay staged; bars go back in front of the versions buffered since.
      this.barBuffer.restore(bars);
      throw error;
    } finally {
      this.takenBars = 0;
    }
    this.ticks.moveCommitted(movedTicks);
    this.bars.committed(markedBars);
    this.releaseStaged();
    this.flushes++;
    this.writtenTicks += movedTicks;
    this.storedTicks += movedTicks;
    this.writtenBars += bars.length;
  }

  /** The staged ticks are committed: their segments can be reused. */
  private releaseStaged(): void {
    this.tickBuffer.recycle(batchOf(this.stagedSegments));
    this.stagedSegments = [];
  }

  /**
   * Reopens a database DuckDB invalidated (replaying its WAL) and takes back the staged ticks its
   * staging table lost. The failed commit may have reached the WAL before the checkpoint that
   * failed: the tick count tells, so those ticks are not written twice.
   */
  private async reopenDatabase(): Promise<void> {
    this.ticks.close();
    const reopened = await this.options.reopen!();
    this.connection = reopened.connection;
    this.ticks = reopened.ticks;
    this.bars = reopened.bars;
    this.needsReopen = false;
    this.reopens++;
    const staged = batchOf(this.stagedSegments);
    const landed = staged.length > 0 && reopened.storedTicks === this.storedTicks + staged.length;
    if (landed) {
      this.writtenTicks += staged.length;
      this.releaseStaged();
    } else {
      if (reopened.storedTicks !== this.storedTicks) {
        this.logger.error(
          { expected: this.storedTicks, found: reopened.storedTicks, staged: staged.length },
          'the reopened database holds an unexpected number of ticks; the staged ticks are written again',
        );
      }
      this.stagedSegments = [];
      this.tickBuffer.restore(staged);
    }
    this.storedTicks = reopened.storedTicks;
    this.logger.warn(
      { path: this.options.path, stagedTicks: staged.length, stagedCommitted: landed },
      'store database reopened after DuckDB invalidated it',
    );
  }
}
