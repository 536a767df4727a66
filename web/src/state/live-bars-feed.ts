// Keeps one instrument/timeframe series live: REST history first, then WebSocket updates merged
// into a BarBook and handed to a sink once per animation frame. Refetches history when a
// connection opens that the snapshot was not taken under (a reconnect, or a first connect after
// the snapshot), because bars that closed meanwhile never arrive over the socket.
import { ApiError } from '../api/http.ts';
import { fetchBars } from '../api/market-api.ts';
import type { MarketSocket } from '../api/market-socket.ts';
import { barsChannel, type Bar, type InstrumentId, type Timeframe } from '../api/types.ts';
import { BarBook, type BarChange } from './bar-book.ts';
import { FrameBatcher } from './frame-batcher.ts';

export type FeedStatus =
  | { phase: 'loading' }
  | { phase: 'ready' }
  | { phase: 'error'; message: string; retrying: boolean };

/**
 * `initial`: first load; `reload`: refetched after a reconnect or failure; `reshape`: trimmed or a
 * bar inserted; `prepend`: older bars loaded by a scroll-back.
 */
export type HistoryReason = 'initial' | 'reload' | 'reshape' | 'prepend';

/** Scroll-back state: `exhausted` once the server has nothing older. */
export type OlderPhase = 'idle' | 'loading' | 'exhausted' | 'error';

export interface LiveBarsSink {
  /** The whole series changed: redraw from `bars`. `reason` lets the chart keep the user's viewport on reloads. */
  history(bars: readonly Bar[], reason: HistoryReason): void;
  /** Incremental changes in arrival order; `bars` is the series after applying them. */
  changes(changes: readonly BarChange[], bars: readonly Bar[]): void;
  status(status: FeedStatus): void;
  older?(phase: OlderPhase): void;
}

export interface LiveBarsFeedOptions {
  historyLimit?: number;
  /** Bars per scroll-back request. */
  olderPageSize?: number;
  /**
   * A 1s chart left open all day grows by 86 400 bars; past this many (plus a tenth, so the
   * series is not reshaped on every new bar) the oldest are dropped.
   */
  maxBars?: number;
}

export class LiveBarsFeed {
  private readonly book = new BarBook();
  private readonly batcher: FrameBatcher<number, Bar>;
  private readonly historyLimit: number;
  private readonly maxBars: number;
  private readonly olderPageSize: number;
  private olderPhase: OlderPhase = 'idle';
  private olderRequest: AbortController | null = null;
  private pendingBeforeHistory: Map<number, Bar> | null = new Map();
  private request: AbortController | null = null;
  private retryTimer: number | undefined;
  private cleanups: Array<() => void> = [];
  /** Socket generation the history was fetched under (see MarketSocket.syncPoint). */
  private syncedGeneration = -1;
  private loadedOnce = false;

  constructor(
    private readonly socket: MarketSocket,
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    private readonly sink: LiveBarsSink,
    options: LiveBarsFeedOptions = {},
  ) {
    this.historyLimit = options.historyLimit ?? 1000;
    this.maxBars = options.maxBars ?? 250_000;
    this.olderPageSize = options.olderPageSize ?? 2_000;
    this.batcher = new FrameBatcher((bars) => this.applyLive(bars));
  }

  start(): void {
    // Subscribe before fetching so that nothing between the snapshot and the stream is lost.
    this.cleanups.push(this.socket.subscribe(barsChannel(this.instrument, this.timeframe), this.onMessage));
    this.cleanups.push(
      this.socket.onStateChange((state) => {
        if (state.phase === 'connected' && state.generation !== this.syncedGeneration) void this.loadHistory(false);
      }),
    );
    void this.loadHistory(true);
  }

  stop(): void {
    this.cleanups.forEach((cleanup) => {
      cleanup();
    });
    this.cleanups = [];
    this.request?.abort();
    this.olderRequest?.abort();
    window.clearTimeout(this.retryTimer);
    this.batcher.cancel();
  }

  /** Loads the page of bars before the oldest one loaded; ignored while one is in flight or none are left. */
  loadOlder(): void {
    const oldest = this.book.all[0];
    if (!oldest || this.pendingBeforeHistory || this.olderPhase === 'loading' || this.olderPhase === 'exhausted')
      return;
    const request = new AbortController();
    this.olderRequest = request;
    this.setOlder('loading');
    fetchBars(
      { instrument: this.instrument, timeframe: this.timeframe, to: oldest.start, limit: this.olderPageSize },
      request.signal,
    )
      .then((older) => {
        if (request.signal.aborted) return;
        const added = this.book.prepend(older);
        this.setOlder(older.length < this.olderPageSize ? 'exhausted' : 'idle');
        if (added > 0) this.sink.history(this.book.all, 'prepend');
      })
      .catch(() => {
        if (!request.signal.aborted) this.setOlder('error');
      });
  }

  private setOlder(phase: OlderPhase): void {
    this.olderPhase = phase;
    this.sink.older?.(phase);
  }

  private readonly onMessage = (data: unknown): void => {
    const bar = data as Bar;
    if (typeof bar?.start !== 'number' || bar.instrument !== this.instrument || bar.timeframe !== this.timeframe)
      return;
    if (this.pendingBeforeHistory) this.pendingBeforeHistory.set(bar.start, bar);
    else this.batcher.push(bar.start, bar);
  };

  private async loadHistory(initial: boolean): Promise<void> {
    this.request?.abort();
    window.clearTimeout(this.retryTimer);
    const request = new AbortController();
    this.request = request;
    this.syncedGeneration = this.socket.syncPoint();
    this.pendingBeforeHistory ??= new Map();
    if (initial) this.sink.status({ phase: 'loading' });
    this.olderRequest?.abort();
    if (this.olderPhase !== 'exhausted') this.setOlder('idle');
    try {
      const history = await fetchBars(
        { instrument: this.instrument, timeframe: this.timeframe, limit: this.historyLimit },
        request.signal,
      );
      if (request.signal.aborted) return;
      // After a reconnect, keep the scrolled-back history when the fresh page joins onto it.
      const keepOlder =
        this.loadedOnce &&
        history.length > 0 &&
        this.book.size > 0 &&
        history[0].start <= this.book.all[this.book.size - 1].start;
      this.book.reset(
        keepOlder ? this.book.all.filter((bar) => bar.start < history[0].start).concat(history) : history,
      );
      if (!keepOlder && this.olderPhase === 'exhausted') this.setOlder('idle');
      for (const bar of this.pendingBeforeHistory.values()) this.book.apply(bar);
      this.pendingBeforeHistory = null;
      this.trim();
      this.sink.history(this.book.all, initial || !this.loadedOnce ? 'initial' : 'reload');
      this.loadedOnce = true;
      this.sink.status({ phase: 'ready' });
    } catch (error) {
      if (request.signal.aborted) return;
      // A 4xx is the input's fault and will not heal by itself; anything else is retried.
      const retrying = !(error instanceof ApiError && error.status >= 400 && error.status < 500);
      const message = error instanceof Error ? error.message : String(error);
      this.sink.status({ phase: 'error', message, retrying });
      if (retrying) this.retryTimer = window.setTimeout(() => void this.loadHistory(false), 3_000);
    }
  }

  private applyLive(bars: Bar[]): void {
    if (this.pendingBeforeHistory) {
      for (const bar of bars) this.pendingBeforeHistory.set(bar.start, bar);
      return;
    }
    const changes: BarChange[] = [];
    for (const bar of bars) {
      const change = this.book.apply(bar);
      if (change) changes.push(change);
    }
    if (this.trim() || changes.some((change) => change.kind === 'insert')) {
      this.sink.history(this.book.all, 'reshape');
    } else if (changes.length > 0) {
      this.sink.changes(changes, this.book.all);
    }
  }

  private trim(): boolean {
    if (this.book.size <= this.maxBars * 1.1) return false;
    this.book.trimTo(this.maxBars);
    if (this.olderPhase === 'exhausted') this.setOlder('idle');
    return true;
  }
}
