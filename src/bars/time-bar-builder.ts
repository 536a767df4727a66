// Builds 1s…1d time bars per instrument, incrementally. A bar is open until a later tick of the
// instrument starts the next bucket or the clock passes its end plus a grace period; a tick for
// a bucket that has already closed amends that bar (it is counted as late, never dropped).
import type { Bar, InstrumentId, Tick, Timeframe } from '../domain/index.js';
import { TIMEFRAMES, TIMEFRAME_MS } from '../domain/index.js';
import { BarState } from './bar-state.js';

export interface BarEvent {
  bar: Bar;
  /** closed: the bucket ended; amended: a late tick changed a closed bar. */
  kind: 'closed' | 'amended';
}

export interface TimeBarBuilderOptions {
  timeframes?: readonly Timeframe[];
  /** How long after its end a bucket still counts as open when no later tick has come. */
  graceMs?: number;
  /** Closed bars kept per instrument and timeframe so that late ticks can amend them in memory. */
  closedBarsKept?: number;
  onBar: (event: BarEvent) => void;
  /** A late tick for a bucket older than the kept bars; the caller can rebuild it from stored ticks. */
  onLateBeyondCache?: (tick: Tick, timeframe: Timeframe, start: number) => void;
}

export type TickOutcome = 'accepted' | 'late';

class TimeframeSeries {
  open: BarState | undefined;
  /** Recently closed buckets by start, in closing order (Map keeps insertion order). */
  readonly closed = new Map<number, BarState>();
  /** Buckets before this start are not known here: evicted from `closed` or before the first tick seen. */
  knownFrom = Number.POSITIVE_INFINITY;
  /** Start of the newest bucket that has had a tick. */
  lastStart = Number.NEGATIVE_INFINITY;
  constructor(
    readonly timeframe: Timeframe,
    readonly sizeMs: number,
  ) {}
}

export class TimeBarBuilder {
  private readonly series = new Map<InstrumentId, TimeframeSeries[]>();
  private readonly timeframes: readonly Timeframe[];
  private readonly graceMs: number;
  private readonly closedBarsKept: number;

  constructor(private readonly options: TimeBarBuilderOptions) {
    this.timeframes = options.timeframes ?? TIMEFRAMES;
    this.graceMs = options.graceMs ?? 2_000;
    this.closedBarsKept = options.closedBarsKept ?? 120;
  }

  /** Adds one (already de-duplicated) trade. Returns 'late' when it amended a closed bar. */
  add(tick: Tick): TickOutcome {
    const all = this.seriesOf(tick.instrument);
    let outcome: TickOutcome = 'accepted';
    for (let i = 0; i < all.length; i++) {
      const s = all[i];
      const start = Math.floor(tick.ts / s.sizeMs) * s.sizeMs;
      const open = s.open;
      if (open !== undefined && start === open.start) {
        if (open.isInOrder(tick)) open.addInOrder(tick);
        else open.addAnyOrder(tick);
      } else if (start > s.lastStart) {
        if (open !== undefined) this.close(s, open);
        s.open = new BarState(tick.instrument, s.timeframe, start, tick);
        if (s.lastStart === Number.NEGATIVE_INFINITY) s.knownFrom = start;
        s.lastStart = start;
      } else {
        this.amend(s, start, tick);
        outcome = 'late';
      }
    }
    return outcome;
  }

  /**
   * Makes a stored bar the open bar of its bucket again (a restart continuing where a stopped
   * process left off), when no tick of the instrument has been seen yet. `lastTs`/`lastId` are
   * the last stored trade; the bar is used only if that trade lies in its bucket.
   */
  seedOpenBar(bar: Bar, lastTs: number, lastId: number): boolean {
    const series = this.seriesOf(bar.instrument).find((s) => s.timeframe === bar.timeframe);
    if (series === undefined || series.open !== undefined || series.lastStart !== Number.NEGATIVE_INFINITY)
      return false;
    if (lastTs < bar.start || lastTs >= bar.start + series.sizeMs) return false;
    series.open = BarState.fromBar(bar, lastTs, lastId);
    series.lastStart = series.knownFrom = bar.start;
    return true;
  }

  /** Closes every open bar whose bucket ended more than the grace period before `nowMs`. */
  advanceClock(nowMs: number): void {
    for (const all of this.series.values()) {
      for (const s of all) {
        const open = s.open;
        if (open !== undefined && open.start + s.sizeMs + this.graceMs <= nowMs) {
          this.close(s, open);
          s.open = undefined;
        }
      }
    }
  }

  /** Closes every open bar (end of a replay, shutdown). */
  closeAll(): void {
    for (const all of this.series.values()) {
      for (const s of all) {
        if (s.open !== undefined) this.close(s, s.open);
        s.open = undefined;
      }
    }
  }

  /** The bar still receiving ticks, if any. */
  openBar(instrument: InstrumentId, timeframe: Timeframe): Bar | undefined {
    return this.find(instrument, timeframe)?.open?.toBar();
  }

  /** The last `count` bars closed or amended, oldest first: the ones the store may not have written yet. */
  recentClosedBars(instrument: InstrumentId, timeframe: Timeframe, count: number): Bar[] {
    const closed = this.find(instrument, timeframe)?.closed;
    if (closed === undefined) return [];
    return [...closed.values()].slice(-count).map((state) => state.toBar());
  }

  /** Instruments seen so far. */
  instruments(): InstrumentId[] {
    return [...this.series.keys()];
  }

  private seriesOf(instrument: InstrumentId): TimeframeSeries[] {
    let all = this.series.get(instrument);
    if (all === undefined) {
      all = this.timeframes.map((tf) => new TimeframeSeries(tf, TIMEFRAME_MS[tf]));
      this.series.set(instrument, all);
    }
    return all;
  }

  private find(instrument: InstrumentId, timeframe: Timeframe): TimeframeSeries | undefined {
    return this.series.get(instrument)?.find((s) => s.timeframe === timeframe);
  }

  private close(s: TimeframeSeries, bar: BarState): void {
    s.closed.set(bar.start, bar);
    if (s.closed.size > this.closedBarsKept) {
      const evicted = s.closed.keys().next().value as number;
      s.closed.delete(evicted);
      s.knownFrom = Math.max(s.knownFrom, evicted + s.sizeMs);
    }
    this.options.onBar({ bar: bar.toBar(), kind: 'closed' });
  }

  private amend(s: TimeframeSeries, start: number, tick: Tick): void {
    const bar = s.closed.get(start);
    if (bar !== undefined) {
      bar.addAnyOrder(tick);
      this.options.onBar({ bar: bar.toBar(), kind: 'amended' });
    } else if (start >= s.knownFrom) {
      // A bucket inside the known range that had no trade until now.
      const created = new BarState(tick.instrument, s.timeframe, start, tick);
      s.closed.set(start, created);
      this.options.onBar({ bar: created.toBar(), kind: 'amended' });
    } else {
      this.options.onLateBeyondCache?.(tick, s.timeframe, start);
    }
  }
}
