// Keeps one instrument/timeframe series live: REST history first, then WebSocket updates merged
// into a BarBook and handed to a sink once per animation frame. Refetches history after a
// reconnect because bars that closed while the socket was down never arrive over it.
import { ApiError, fetchBars } from '../api/rest-client.ts';
import type { MarketSocket } from '../api/market-socket.ts';
import { barsChannel, type Bar, type InstrumentId, type Timeframe } from '../api/types.ts';
import { BarBook, type BarChange } from './bar-book.ts';
import { FrameBatcher } from './frame-batcher.ts';

export type FeedStatus =
  | { phase: 'loading' }
  | { phase: 'ready' }
  | { phase: 'error'; message: string; retrying: boolean };

/** `initial`: first load; `reload`: refetched after a reconnect or failure; `reshape`: trimmed or a bar inserted. */
export type HistoryReason = 'initial' | 'reload' | 'reshape';

export interface LiveBarsSink {
  /** The whole series changed: redraw from `bars`. `reason` lets the chart keep the user's viewport on reloads. */
  history(bars: readonly Bar[], reason: HistoryReason): void;
  /** Incremental changes in arrival order; `bars` is the series after applying them. */
  changes(changes: readonly BarChange[], bars: readonly Bar[]): void;
  status(status: FeedStatus): void;
}

export interface LiveBarsFeedOptions {
  historyLimit?: number;
  /** A 1s chart left open all day grows by 86 400 bars; past this many the oldest are dropped. */
  maxBars?: number;
}

export class LiveBarsFeed {
  private readonly book = new BarBook();
  private readonly batcher: FrameBatcher<number, Bar>;
  private readonly historyLimit: number;
  private readonly maxBars: number;
  private pendingBeforeHistory: Map<number, Bar> | null = new Map();
  private request: AbortController | null = null;
  private retryTimer: number | undefined;
  private cleanups: Array<() => void> = [];
  private generation: number;
  private loadedOnce = false;

  constructor(
    private readonly socket: MarketSocket,
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    private readonly sink: LiveBarsSink,
    options: LiveBarsFeedOptions = {},
  ) {
    this.historyLimit = options.historyLimit ?? 1000;
    this.maxBars = options.maxBars ?? 20_000;
    this.batcher = new FrameBatcher((bars) => this.applyLive(bars));
    this.generation = socket.getState().generation;
  }

  start(): void {
    // Subscribe before fetching so that nothing between the snapshot and the stream is lost.
    this.cleanups.push(this.socket.subscribe(barsChannel(this.instrument, this.timeframe), this.onMessage));
    this.cleanups.push(
      this.socket.onStateChange((state) => {
        if (state.phase !== 'connected' || state.generation === this.generation) return;
        this.generation = state.generation;
        void this.loadHistory(false);
      }),
    );
    void this.loadHistory(true);
  }

  stop(): void {
    this.cleanups.forEach((cleanup) => cleanup());
    this.cleanups = [];
    this.request?.abort();
    window.clearTimeout(this.retryTimer);
    this.batcher.cancel();
  }

  private readonly onMessage = (data: unknown): void => {
    const bar = data as Bar;
    if (typeof bar?.start !== 'number' || bar.instrument !== this.instrument || bar.timeframe !== this.timeframe) return;
    if (this.pendingBeforeHistory) this.pendingBeforeHistory.set(bar.start, bar);
    else this.batcher.push(bar.start, bar);
  };

  private async loadHistory(initial: boolean): Promise<void> {
    this.request?.abort();
    window.clearTimeout(this.retryTimer);
    const request = new AbortController();
    this.request = request;
    this.pendingBeforeHistory ??= new Map();
    if (initial) this.sink.status({ phase: 'loading' });
    try {
      const history = await fetchBars(
        { instrument: this.instrument, timeframe: this.timeframe, limit: this.historyLimit },
        request.signal,
      );
      if (request.signal.aborted) return;
      this.book.reset(history);
      for (const bar of this.pendingBeforeHistory.values()) this.book.apply(bar);
      this.pendingBeforeHistory = null;
      this.book.trimTo(this.maxBars);
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
    if (this.book.trimTo(this.maxBars) || changes.some((change) => change.kind === 'insert')) {
      this.sink.history(this.book.all, 'reshape');
    } else if (changes.length > 0) {
      this.sink.changes(changes, this.book.all);
    }
  }
}
