// Keeps one pair's analytics series current. When a live pair with the same parameters runs on
// the server, its `pair:` WebSocket channel delivers every close and the tests (coalesced per
// animation frame); otherwise the series is recomputed by the server from stored bars and polled
// from the last known close at the pace of the timeframe. Either way the sink receives one full
// load, then increments.
import { fetchLivePairs, fetchPairAnalytics, type PairKey } from '../api/analytics-api.ts';
import {
  pairChannel,
  type AdfResult,
  type EngleGrangerResult,
  type PairAnalytics,
  type PairParams,
  type PairPoint,
} from '../api/analytics-types.ts';
import { ApiError, describeError } from '../api/http.ts';
import type { MarketSocket } from '../api/market-socket.ts';
import { TIMEFRAME_MS } from '../api/types.ts';
import { FrameBatcher } from './frame-batcher.ts';
import { sameAnalyticsParams } from './pair-params.ts';
import { PairSeries, type PairMerge } from './pair-series.ts';

export interface PairTests {
  /** Bucket start of the close the tests ran on. */
  start: number | null;
  adf: AdfResult | null;
  engleGranger: EngleGrangerResult | null;
  halfLife: number | null;
  errors: string[];
}

export type PairFeedMode = 'live' | 'polled';

export interface PairFeedStatus {
  phase: 'loading' | 'ready' | 'error';
  mode: PairFeedMode | null;
  message?: string;
}

export interface PairFeedSink {
  series(merge: PairMerge, points: readonly PairPoint[]): void;
  tests(tests: PairTests | null): void;
  status(status: PairFeedStatus): void;
}

export const SERIES_LIMIT = 1_000;

export interface PairFeedOptions {
  /** Points loaded (and kept on screen). */
  limit?: number;
  /** Polls this many times less often than the timeframe suggests (secondary series). */
  pollFactor?: number;
}

/** How often a recomputed series is polled: about once per close, never faster than 1 s. */
export function pollIntervalMs(timeframeMs: number): number {
  return timeframeMs <= 1_000 ? 1_000 : timeframeMs <= 60_000 ? 5_000 : 15_000;
}

function testsFromAnalytics(latest: PairAnalytics['latest']): PairTests | null {
  if (!latest) return null;
  return {
    start: latest.testsStart,
    adf: latest.adf,
    engleGranger: latest.engleGranger,
    halfLife: latest.halfLife,
    errors: latest.testErrors,
  };
}

export class PairFeed {
  private readonly series = new PairSeries();
  private readonly batcher: FrameBatcher<number, PairPoint>;
  private request: AbortController | null = null;
  private timer: number | undefined;
  private cleanups: Array<() => void> = [];
  private mode: PairFeedMode | null = null;
  private buffered: PairPoint[] | null = null;
  /** Socket generation the series was fetched under (see MarketSocket.syncPoint). */
  private syncedGeneration = -1;
  private stopped = false;
  private liveCleanup: (() => void) | null = null;
  private readonly limit: number;
  private readonly pollFactor: number;

  constructor(
    private readonly socket: MarketSocket,
    private readonly key: PairKey,
    private readonly params: PairParams,
    private readonly sink: PairFeedSink,
    options: PairFeedOptions = {},
  ) {
    this.limit = options.limit ?? SERIES_LIMIT;
    this.pollFactor = options.pollFactor ?? 1;
    this.batcher = new FrameBatcher((points) => this.applyIncrement(points));
  }

  start(): void {
    this.cleanups.push(
      this.socket.onStateChange((state) => {
        if (state.phase === 'connected' && state.generation !== this.syncedGeneration) void this.load(false);
      }),
    );
    void this.load(true);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeLive();
    this.cleanups.forEach((cleanup) => {
      cleanup();
    });
    this.cleanups = [];
    this.request?.abort();
    window.clearTimeout(this.timer);
    this.batcher.cancel();
  }

  private unsubscribeLive(): void {
    this.liveCleanup?.();
    this.liveCleanup = null;
  }

  private async load(initial: boolean): Promise<void> {
    this.request?.abort();
    window.clearTimeout(this.timer);
    const request = new AbortController();
    this.request = request;
    this.syncedGeneration = this.socket.syncPoint();
    if (initial) this.sink.status({ phase: 'loading', mode: null });
    try {
      const livePairs = await fetchLivePairs(request.signal).catch((error: unknown) => {
        if (request.signal.aborted) throw error;
        return []; // Without live analytics the series is still recomputed from stored bars.
      });
      const live = livePairs.find(
        (pair) =>
          pair.x === this.key.x &&
          pair.y === this.key.y &&
          pair.timeframe === this.key.timeframe &&
          sameAnalyticsParams(pair.params, this.params),
      );
      this.unsubscribeLive();
      this.mode = live ? 'live' : 'polled';
      if (live) this.subscribeLive();
      const analytics = await fetchPairAnalytics({ ...this.key, ...this.params, limit: this.limit }, request.signal);
      if (request.signal.aborted) return;
      this.sink.series(this.series.reset(analytics.series), this.series.all);
      this.sink.tests(testsFromAnalytics(analytics.latest));
      const buffered = this.buffered ?? [];
      this.buffered = null;
      if (buffered.length > 0) this.applyIncrement(buffered);
      this.sink.status({ phase: 'ready', mode: this.mode });
      if (this.mode === 'polled') this.schedulePoll();
    } catch (error) {
      if (request.signal.aborted) return;
      const permanent = error instanceof ApiError && error.status >= 400 && error.status < 500;
      this.sink.status({ phase: 'error', mode: this.mode, message: describeError(error) });
      if (!permanent) this.timer = window.setTimeout(() => void this.load(false), 3_000);
    }
  }

  private subscribeLive(): void {
    this.buffered = [];
    const channel = pairChannel(this.key.x, this.key.y, this.key.timeframe);
    const stopMessages = this.socket.subscribe(channel, (data, message) => {
      if ('type' in message && message.type === 'tests') {
        const tests = message.data;
        this.sink.tests({
          start: tests.start,
          adf: tests.adf,
          engleGranger: tests.engleGranger,
          halfLife: tests.halfLife,
          errors: tests.errors,
        });
        return;
      }
      const point = data as PairPoint;
      if (typeof point?.start !== 'number') return;
      if (this.buffered) this.buffered.push(point);
      else this.batcher.push(point.start, point);
    });
    // The pair may have been stopped on the server since it was listed: fall back to polling.
    const stopErrors = this.socket.onChannelError(channel, () => {
      if (this.mode !== 'live' || this.stopped) return;
      this.unsubscribeLive();
      this.mode = 'polled';
      this.sink.status({ phase: 'ready', mode: 'polled' });
      this.schedulePoll();
    });
    this.liveCleanup = () => {
      stopMessages();
      stopErrors();
    };
  }

  private schedulePoll(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(
      () => void this.poll(),
      pollIntervalMs(TIMEFRAME_MS[this.key.timeframe]) * this.pollFactor,
    );
  }

  private async poll(): Promise<void> {
    const last = this.series.last;
    if (!last) return void this.load(false);
    const request = new AbortController();
    this.request = request;
    try {
      const analytics = await fetchPairAnalytics(
        { ...this.key, ...this.params, from: last.start, limit: this.limit },
        request.signal,
      );
      if (request.signal.aborted) return;
      this.applyIncrement(analytics.series);
      if (analytics.latest && analytics.latest.start === this.series.last?.start)
        this.sink.tests(testsFromAnalytics(analytics.latest));
      this.sink.status({ phase: 'ready', mode: 'polled' });
    } catch (error) {
      if (request.signal.aborted) return;
      this.sink.status({ phase: 'error', mode: 'polled', message: describeError(error) });
    }
    if (!this.stopped && this.mode === 'polled') this.schedulePoll();
  }

  private applyIncrement(points: readonly PairPoint[]): void {
    const merge = this.series.merge(points);
    if (merge.kind !== 'none') this.sink.series(merge, this.series.all);
  }
}
