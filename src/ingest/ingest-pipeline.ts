// The ingestion path shared by live sources, replay and imports: de-duplicate by trade id,
// store the tick, build bars, publish on the bus. Closed and amended bars are stored too; open
// bars stay in memory and are served from here.
import type { Bar, InstrumentId, Tick, Timeframe } from '../domain/index.js';
import { TIMEFRAMES, TIMEFRAME_MS } from '../domain/index.js';
import { TimeBarBuilder, type BarEvent } from '../bars/time-bar-builder.js';
import { TradeIdDedup } from '../bars/trade-id-dedup.js';
import type { Bus } from '../bus/bus.js';
import type { Store, TickColumns } from '../store/store.js';
import { repairBarsFromTicks } from './bar-repair.js';
import { IngestCounters } from './ingest-counters.js';
import type { Logger } from '../domain/logger.js';

export interface IngestPipelineOptions {
  store: Store;
  bus: Bus;
  logger?: Logger;
  timeframes?: readonly Timeframe[];
  graceMs?: number;
  now?: () => number;
}

export class IngestPipeline {
  readonly counters: IngestCounters;
  /**
   * Closed or amended bars whose contents differ from what the store held: a bar continued from
   * the store (`resume`) that closes without a new trade is not counted, so a replay of files
   * already ingested reports 0.
   */
  changedBars = 0;
  /** The stored contents of bars continued from the store, until they close. */
  private readonly resumedBars = new Map<string, string>();
  private readonly dedup = new TradeIdDedup();
  private readonly builder: TimeBarBuilder;
  private readonly store: Store;
  private readonly bus: Bus;
  private readonly now: () => number;
  private readonly timeframes: readonly Timeframe[];
  private clockTimer: NodeJS.Timeout | undefined;
  private rebuilds: Promise<void> = Promise.resolve();
  /** Bars closed by the batch `ingest` is working on; stored after its ticks. */
  private barsOfBatch: Bar[] | null = null;

  constructor(private readonly options: IngestPipelineOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.now = options.now ?? Date.now;
    this.timeframes = options.timeframes ?? TIMEFRAMES;
    this.counters = new IngestCounters(this.now);
    this.builder = new TimeBarBuilder({
      timeframes: this.timeframes,
      graceMs: options.graceMs,
      onBar: (event) => this.onBar(event),
      onLateBeyondCache: (tick, timeframe, start) => this.rebuildFromStore(tick.instrument, timeframe, start),
    });
  }

  /**
   * Continues each instrument after its last stored trade, so a restart adds no duplicates. The
   * bars a crash can have left behind their ticks are first rebuilt from the stored ticks (see
   * bar-repair.ts), and the bar of the last stored trade's bucket becomes the open bar again.
   */
  async resume(instruments: readonly InstrumentId[]): Promise<Map<InstrumentId, number>> {
    const resumed = new Map<InstrumentId, number>();
    const fresh = instruments.filter((instrument) => this.dedup.lastTradeId(instrument) === null);
    if (fresh.length === 0) return resumed;
    const stored = new Map((await this.store.instruments()).map((s) => [s.id, s]));
    for (const instrument of fresh) {
      const last = stored.get(instrument);
      if (last?.lastTradeId == null || last.lastTs === null) continue;
      this.dedup.resumeAfter(instrument, last.lastTradeId);
      resumed.set(instrument, last.lastTradeId);
      const { rewritten, lastBuckets } = await repairBarsFromTicks(this.store, last, this.timeframes);
      if (rewritten.length > 0) {
        this.options.logger?.warn(
          { instrument, bars: rewritten.length, from: Math.min(...rewritten.map((bar) => bar.start)) },
          'bars rebuilt from the stored ticks: the last stop left them missing or behind their ticks',
        );
      }
      for (const bar of lastBuckets.values()) {
        if (this.builder.seedOpenBar(bar, last.lastTs, last.lastTradeId))
          this.resumedBars.set(barKey(bar), barContents(bar));
      }
    }
    return resumed;
  }

  /**
   * Ingests trades in arrival order. While the store's buffer of unwritten rows is full (its
   * writes fail), the trades are refused whole and counted: they reach neither bars nor the bus,
   * so what is shown stays what can be stored, and memory stays bounded.
   */
  ingest(ticks: readonly Tick[]): void {
    if (!this.hasStoreRoom(ticks.length)) return;
    const fresh: Tick[] = [];
    const closed: Bar[] = [];
    this.barsOfBatch = closed;
    try {
      for (const tick of ticks) {
        if (!this.dedup.accept(tick.instrument, tick.id)) {
          this.counters.duplicates++;
          continue;
        }
        fresh.push(tick);
        if (this.builder.add(tick) === 'late') this.counters.lateTicks++;
        this.bus.publish('tick', tick);
      }
    } finally {
      this.barsOfBatch = null;
    }
    this.counters.addTicks(fresh.length);
    // Ticks before the bars they close: a crash between two writes then leaves a bar behind its
    // ticks, which resume() repairs, never ahead of them (its ticks would come again and count twice).
    if (fresh.length > 0) this.store.appendTicks(fresh);
    if (closed.length > 0) this.store.upsertBars(closed);
  }

  /**
   * For bulk jobs (replay, import), which can wait: while the store's buffer is full, waits for it
   * to be written out instead of refusing the trades. A store whose writes fail makes this reject,
   * so the job stops with the store's error rather than losing trades.
   */
  async ingestWhenRoom(ticks: readonly Tick[]): Promise<void> {
    if (!this.store.hasRoom()) await this.store.flush();
    this.ingest(ticks);
  }

  /** False (after counting the refused trades) while the store has no room; logs once per pause. */
  private hasStoreRoom(count: number): boolean {
    const counters = this.counters;
    if (this.store.hasRoom()) {
      if (counters.pausedSince !== null) {
        this.options.logger?.warn(
          { refusedTicks: counters.refusedTicks, pausedMs: this.now() - counters.pausedSince },
          'store has room again: ingestion resumed',
        );
        counters.pausedSince = null;
      }
      return true;
    }
    if (counters.pausedSince === null) {
      counters.pausedSince = this.now();
      this.options.logger?.error(
        { store: this.store.stats() },
        'store buffer full (its writes are failing): ingestion paused, new trades are refused and counted',
      );
    }
    counters.refusedTicks += count;
    return false;
  }

  /**
   * A bulk import's trades of one instrument, in columns: de-duplicated and built into bars exactly as
   * `ingest` does, without a Tick object per trade and without publishing ticks (nobody watches an
   * import's ticks go by; closed bars are still published). The new trades are moved to the front of
   * the columns and counted in the return value; the bars they close go to `closedBars`, not the store:
   * the caller stores both (a TickImport). Counters count them as `ingest` does.
   */
  ingestColumns(instrument: InstrumentId, columns: TickColumns, count: number, closedBars: Bar[]): number {
    const { id, ts, price, qty, buyerMaker, receivedAt } = columns;
    // One object for every trade: the bar builder reads its fields and keeps none of it.
    const tick: Tick = { instrument, id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false };
    let kept = 0;
    this.barsOfBatch = closedBars;
    try {
      for (let i = 0; i < count; i++) {
        if (!this.dedup.accept(instrument, id[i])) {
          this.counters.duplicates++;
          continue;
        }
        tick.id = id[i];
        tick.ts = ts[i];
        tick.price = price[i];
        tick.qty = qty[i];
        tick.buyerMaker = buyerMaker[i] === 1;
        if (this.builder.add(tick) === 'late') this.counters.lateTicks++;
        if (kept !== i) {
          id[kept] = id[i];
          ts[kept] = ts[i];
          price[kept] = price[i];
          qty[kept] = qty[i];
          buyerMaker[kept] = buyerMaker[i];
          if (receivedAt) receivedAt[kept] = receivedAt[i];
        }
        kept++;
      }
    } finally {
      this.barsOfBatch = null;
    }
    this.counters.addTicks(kept);
    return kept;
  }

  /** Marks a trade id as seen without building bars from it (e.g. USD-M insurance-fund prints). */
  skipTradeId(instrument: InstrumentId, id: number): void {
    this.dedup.accept(instrument, id);
  }

  lastTradeId(instrument: InstrumentId): number | null {
    return this.dedup.lastTradeId(instrument);
  }

  openBar(instrument: InstrumentId, timeframe: Timeframe): Bar | undefined {
    return this.builder.openBar(instrument, timeframe);
  }

  /**
   * Bars closed (or amended) most recently, which may still wait in the store's buffer: a bar is
   * written within ~260 ms of closing (flush interval plus the worker hand-over), and in that time
   * it is neither open here nor readable from the store. Reads merge these under the stored ones.
   * Usually one per series is pending; a backlog arriving at once (after a stall) closes several.
   */
  recentClosedBars(instrument: InstrumentId, timeframe: Timeframe): Bar[] {
    return this.builder.recentClosedBars(instrument, timeframe, 8);
  }

  /** Closes bars on the wall clock (live sources); replay closes them with its data instead. */
  startClock(intervalMs = 250): void {
    this.clockTimer = setInterval(() => this.builder.advanceClock(this.now()), intervalMs);
  }

  /** Closes every open bar and writes everything (end of a replay or import). */
  async finish(): Promise<void> {
    this.builder.closeAll();
    await this.rebuilds;
    await this.store.flush();
  }

  /** Stops the clock and stores the open bars as they are, so a restart serves them. */
  async stop(): Promise<void> {
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = undefined;
    await this.rebuilds;
    const open: Bar[] = [];
    for (const instrument of this.builder.instruments()) {
      for (const timeframe of this.timeframes) {
        const bar = this.builder.openBar(instrument, timeframe);
        if (bar) open.push(bar);
      }
    }
    this.store.upsertBars(open);
    await this.store.flush();
  }

  private onBar(event: BarEvent): void {
    const key = barKey(event.bar);
    const resumed = this.resumedBars.get(key);
    if (resumed !== undefined) this.resumedBars.delete(key);
    if (resumed !== barContents(event.bar)) this.changedBars++;
    if (this.barsOfBatch !== null) this.barsOfBatch.push(event.bar);
    else this.store.upsertBars([event.bar]);
    this.bus.publish('bar', { bar: event.bar, closed: true, amended: event.kind === 'amended' });
  }

  /** A late trade for a bucket no longer in memory: rebuild that bar from the stored ticks. */
  private rebuildFromStore(instrument: InstrumentId, timeframe: Timeframe, start: number): void {
    this.rebuilds = this.rebuilds.then(async () => {
      try {
        await this.store.flush();
        const to = start + TIMEFRAME_MS[timeframe];
        const rebuilt = await this.store.barsFromTicks({ instrument, timeframe, from: start, to });
        for (const bar of rebuilt) this.onBar({ bar, kind: 'amended' });
      } catch (error) {
        this.options.logger?.error(
          { err: error, instrument, timeframe, start },
          'rebuilding a bar from stored ticks failed',
        );
      }
    });
  }
}

function barKey(bar: Bar): string {
  return `${bar.instrument}|${bar.timeframe}|${bar.start}`;
}

function barContents(bar: Bar): string {
  return JSON.stringify([
    bar.open,
    bar.high,
    bar.low,
    bar.close,
    bar.volume,
    bar.quoteVolume,
    bar.trades,
    bar.buyVolume,
    bar.vwap,
  ]);
}
