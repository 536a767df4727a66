// The write side of the store: buffers ticks and bars, drops duplicate trades, and writes
// everything buffered in one transaction per flush. appendTicks and upsertBars only copy into
// memory; when a burst outgrows the buffer while no flush can run (the JS thread is busy), full
// tick segments are staged in DuckDB right away so the buffers, and the GC work they cause, stay
// small.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Bar, InstrumentId, Tick } from '../../domain/index.js';
import { BarBuffer } from './bar-buffer.js';
import type { BarWriter } from './bar-writer.js';
import { FlushScheduler } from './flush-scheduler.js';
import type { Logger } from '../../domain/logger.js';
import { batchOf, SEGMENT_ROWS, TickBuffer } from './tick-buffer.js';
import { MAX_SEGMENTS_PER_STAGE, type TickWriter } from './tick-writer.js';
import { acceptTradeId, TradeIdMarks, type StoredLastIdLoader, type TradeIdMark } from './trade-id-marks.js';

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
}

export interface WriteCounters {
  pendingTicks: number;
  pendingBars: number;
  flushes: number;
  writtenTicks: number;
  writtenBars: number;
}

export class BufferedWriter {
  readonly marks: TradeIdMarks;
  private readonly scheduler: FlushScheduler;
  private readonly tickBuffer = new TickBuffer();
  private readonly barBuffer = new BarBuffer();
  private readonly logger: Logger;
  private flushing = false;
  private closed = false;
  /** Set by a failed flush: retries then wait for the timer instead of every append. */
  private failing = false;
  /** Ticks taken from the buffer by a running flush and not staged yet. */
  private takenTicks = 0;
  private takenBars = 0;
  private flushes = 0;
  private writtenTicks = 0;
  private writtenBars = 0;
  // The instrument of the previous tick: trades come in runs, so this skips most map lookups.
  private lastMark: TradeIdMark | null = null;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly ticks: TickWriter,
    private readonly bars: BarWriter,
    private readonly options: BufferedWriterOptions,
  ) {
    this.logger = options.logger;
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

  counters(): WriteCounters {
    return {
      pendingTicks: this.tickBuffer.length + this.takenTicks + this.ticks.stagedRows,
      pendingBars: this.barBuffer.length + this.takenBars,
      flushes: this.flushes,
      writtenTicks: this.writtenTicks,
      writtenBars: this.writtenBars,
    };
  }

  /** Flushes one last time and stops; a failed final flush is rethrown (its rows are lost). */
  async close(): Promise<void> {
    try {
      await this.scheduler.flush();
    } catch (error) {
      this.logger.error({ err: error, ...this.counters() }, 'store closed with unwritten rows');
      throw error;
    } finally {
      this.closed = true;
      this.scheduler.disarm();
      this.ticks.close();
    }
  }

  private flushSoon(): void {
    if (this.failing) {
      this.scheduler.arm();
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
    if (this.flushing || !this.marks.allLoaded || !this.ticks.canStage) return;
    const batch = this.tickBuffer.take();
    try {
      this.ticks.stage(batch.segments);
      this.tickBuffer.recycle(batch);
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
    try {
      await this.ticks.ensureAppender();
      await this.prepareInstruments();
      // Nothing may be awaited from here until stageBuffered has taken the buffer.
      const stored = this.marks.snapshotLastIds();
      await this.stageBuffered();
      await this.commitStagedTicksAndBars();
      this.marks.markStored(stored);
      this.failing = false;
    } catch (error) {
      this.failing = true;
      this.logger.error(
        { err: error, ...this.counters() },
        'store flush failed; the rows stay buffered and are retried',
      );
      if (!this.closed) this.scheduler.arm();
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
        this.tickBuffer.recycle(batchOf(group));
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
    this.flushes++;
    this.writtenTicks += movedTicks;
    this.writtenBars += bars.length;
  }
}
