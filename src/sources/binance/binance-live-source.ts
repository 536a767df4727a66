// Live Binance trades (spot or USD-M futures) as a TickSource: the connection pool carries the
// `<symbol>@trade` streams, every frame goes through one sequencer per instrument (trade-id order,
// no duplicates) and gaps are filled over REST, so that ticks are neither lost nor repeated across
// disconnects, rotations and restarts. A restart passes `resumeFrom` (last stored trade id per
// instrument) and the source first catches up over REST on what it missed while down.
import {
  instrumentId,
  parseInstrumentId,
  InvalidInstrumentError,
  type InstrumentId,
  type Tick,
} from '../../domain/index.js';
import type { SourceCounters, StreamStatus, TickSource } from '../source.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { ConnectionPool } from './connection-pool.js';
import {
  binanceEndpoints,
  tradeStreamName,
  type BinanceEndpointOverrides,
  type BinanceEndpoints,
  type BinanceVenue,
} from './endpoints.js';
import { GapFiller } from './gap-filler.js';
import { GapLog, type GapRecord } from './gap-log.js';
import { InstrumentFeed } from './instrument-feed.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { connectionAttemptLimiter } from './rate-limits.js';
import { BinanceRestClient, type RestClientOptions, type RestClientStats } from './rest-client.js';
import { StreamConnection, type StreamConnectionOptions } from './stream-connection.js';
import { parseTradeFrame } from './trade-message.js';
import type { SequencerOptions } from './gap-detector.js';

export interface BinanceLiveSourceOptions {
  venue?: BinanceVenue;
  /** `venue:SYMBOL` ids or bare symbols of this venue. */
  instruments?: readonly string[];
  endpoints?: BinanceEndpointOverrides;
  /** Last stored trade id per instrument: the source fills from the next id on. */
  resumeFrom?: ReadonlyMap<InstrumentId, number>;
  logger?: Logger;
  connection?: Partial<
    Pick<
      StreamConnectionOptions,
      'backoff' | 'rotateAfterMs' | 'overlapMs' | 'stale' | 'requestTimeoutMs' | 'maxUrlStreams'
    >
  >;
  /** Defaults to the venue limit (1024). */
  streamsPerConnection?: number;
  sequencer?: Partial<SequencerOptions>;
  rest?: Omit<RestClientOptions, 'endpoints'>;
  /** A client to share (e.g. with kline backfill); otherwise one is made from `rest`. */
  restClient?: BinanceRestClient;
  fillMethod?: 'auto' | 'historicalTrades' | 'aggTrades';
  /** Delay before retrying a failed or stalled fill. */
  fillRetry?: BackoffPolicy;
  maxConcurrentFills?: number;
  /** After a reconnect, an instrument without a live trade for this long is caught up over REST. */
  reconnectCatchUpMs?: number;
  /** Every gap when recorded and when its state changes. */
  onGap?: (record: GapRecord) => void;
  /** Every raw WebSocket frame with its receive time (for recording). */
  onRawMessage?: (frame: string, receivedAt: number) => void;
  /** How often the clock skew is measured over REST (0: never; default 5 min). */
  clockSkewIntervalMs?: number;
  housekeepingMs?: number;
  now?: () => number;
}

export interface BinanceStreamStatus extends StreamStatus {
  stream: string;
  connectionId: number | null;
  /** Receive time minus event time `E` of the last trade, ms. */
  eventLagMs: number | null;
  /** Local clock minus Binance clock from REST `/time`, ms (positive: local ahead). */
  clockSkewMs: number | null;
  /** Trades held back behind a gap. */
  heldTrades: number;
  /** Recorded gaps not completely filled yet. */
  openGaps: number;
}

export interface BinanceSourceCounters extends SourceCounters {
  trades: number;
  ticksEmitted: number;
  duplicates: number;
  lateTicks: number;
  excludedTrades: number;
  otherMessages: number;
  garbage: number;
  gapsDetected: number;
  gapsFilled: number;
  filledTrades: number;
  reconnects: number;
  rotations: number;
  serverShutdowns: number;
  staleRecycles: number;
  connections: number;
  rest: RestClientStats;
}

export class BinanceLiveSource implements TickSource {
  readonly kind: BinanceVenue;
  readonly simulated = false;
  readonly endpoints: BinanceEndpoints;
  readonly rest: BinanceRestClient;
  private readonly options: BinanceLiveSourceOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly pool: ConnectionPool;
  private readonly filler: GapFiller;
  private readonly gapLog: GapLog;
  private readonly feeds = new Map<InstrumentId, InstrumentFeed>();
  private readonly fillAbort = new AbortController();
  private readonly connectedWaiters = new Set<() => void>();
  private readonly base = {
    messages: 0,
    errors: 0,
    trades: 0,
    ticksEmitted: 0,
    excludedTrades: 0,
    otherMessages: 0,
    garbage: 0,
  };
  private onTicks: ((ticks: Tick[]) => void) | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private skewTimer: NodeJS.Timeout | null = null;
  private clockSkewMs: number | null = null;
  private runningFills = 0;
  private stopped = false;
  private stopping: Promise<void> | null = null;

  constructor(options: BinanceLiveSourceOptions = {}) {
    this.options = options;
    this.kind = options.venue ?? 'binance';
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.endpoints = binanceEndpoints(this.kind, options.endpoints);
    this.rest =
      options.restClient ??
      new BinanceRestClient({
        ...options.rest,
        endpoints: this.endpoints,
        logger: options.rest?.logger ?? this.logger,
      });
    this.filler = new GapFiller({
      client: this.rest,
      logger: this.logger,
      method: options.fillMethod,
      signal: this.fillAbort.signal,
      now: this.now,
    });
    this.gapLog = new GapLog(10_000, (record) => options.onGap?.({ ...record }));
    const attempts = connectionAttemptLimiter(
      this.endpoints.limits.connectionAttempts,
      this.endpoints.limits.connectionAttemptWindowMs,
    );
    this.pool = new ConnectionPool({
      streamsPerConnection: options.streamsPerConnection ?? this.endpoints.limits.streamsPerConnection,
      createConnection: () => {
        const connection: StreamConnection = new StreamConnection({
          ...options.connection,
          endpoints: this.endpoints,
          attemptLimiter: attempts,
          logger: this.logger,
          now: this.now,
          onData: (text, receivedAt) => this.onFrame(text, receivedAt),
          onGarbage: (frame, reason) => this.onGarbage(frame, reason),
          onConnectedChange: (connected) => this.onConnectedChange(connection, connected),
        });
        return connection;
      },
    });
    for (const input of options.instruments ?? []) {
      const id = this.normalize(input);
      this.feeds.set(id, this.makeFeed(id, options.resumeFrom?.get(id) ?? null));
    }
    void this.pool.add([...this.feeds.values()].map((feed) => feed.stream));
  }

  instruments(): InstrumentId[] {
    return [...this.feeds.keys()];
  }

  async start(onTicks: (ticks: Tick[]) => void): Promise<void> {
    if (this.stopped) throw new Error('BinanceLiveSource was stopped; make a new one');
    this.onTicks = onTicks;
    this.pool.start();
    const every =
      this.options.housekeepingMs ?? Math.max(10, Math.min(100, (this.options.sequencer?.reorderWindowMs ?? 300) / 3));
    this.housekeeping = setInterval(() => this.housekeep(), every);
    const skewEvery = this.options.clockSkewIntervalMs ?? 300_000;
    if (skewEvery > 0) {
      void this.measureClockSkew();
      this.skewTimer = setInterval(() => void this.measureClockSkew(), skewEvery);
    }
    for (const feed of this.feeds.values()) this.maybeFill(feed);
  }

  /** True once any connection is live, false if none is within `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.pool.connections().some((c) => c.connected)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.connectedWaiters.delete(onConnected);
        resolve(value);
      };
      const onConnected = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.connectedWaiters.add(onConnected);
    });
  }

  /**
   * Starts streaming an instrument (runtime SUBSCRIBE); resolves once the server confirmed it
   * when connected. `lastTradeId` resumes after a stored id, as `resumeFrom` does.
   */
  async addInstrument(input: string, lastTradeId: number | null = null): Promise<InstrumentId> {
    const id = this.normalize(input);
    if (this.feeds.has(id)) return id;
    const feed = this.makeFeed(id, lastTradeId);
    this.feeds.set(id, feed);
    await this.pool.add([feed.stream]);
    if (this.onTicks !== null) this.maybeFill(feed);
    return id;
  }

  /** Stops streaming an instrument (runtime UNSUBSCRIBE); false if it was not streamed. */
  async removeInstrument(input: string): Promise<boolean> {
    const id = this.normalize(input);
    const feed = this.feeds.get(id);
    if (feed === undefined) return false;
    feed.removed = true;
    this.feeds.delete(id);
    await this.pool.remove([feed.stream]);
    return true;
  }

  gaps(): GapRecord[] {
    return this.gapLog.all();
  }

  /** Last delivered trade id per instrument (what to persist for `resumeFrom`). */
  lastTradeIds(): Map<InstrumentId, number> {
    const out = new Map<InstrumentId, number>();
    for (const [id, feed] of this.feeds) if (feed.sequencer.lastId !== null) out.set(id, feed.sequencer.lastId);
    return out;
  }

  streams(): BinanceStreamStatus[] {
    return [...this.feeds.values()].map((feed) => {
      const connection = this.pool.connectionOf(feed.stream);
      const timing = connection?.streamTiming(feed.stream);
      return {
        instrument: feed.instrument,
        stream: feed.stream,
        connected: connection?.connected ?? false,
        connectionId: connection?.id ?? null,
        lastTradeId: feed.sequencer.lastId,
        lastTradeTs: feed.lastTradeTs,
        feedLagMs: feed.feedLagMs,
        eventLagMs: feed.eventLagMs,
        clockSkewMs: this.clockSkewMs,
        heldTrades: feed.sequencer.heldCount,
        openGaps: this.gapLog.openCount(feed.instrument),
        lastMessageAt: timing?.lastMessageAt ?? null,
        expectedGapMs: timing?.expectedGapMs ?? null,
      };
    });
  }

  counters(): BinanceSourceCounters {
    const connections = this.pool.connections();
    const total = (pick: (connection: StreamConnection) => number) =>
      connections.reduce((sum, connection) => sum + pick(connection), 0);
    let duplicates = 0;
    let lateTicks = 0;
    let filledTrades = 0;
    for (const feed of this.feeds.values()) {
      duplicates += feed.sequencer.counts.duplicates;
      lateTicks += feed.sequencer.counts.late;
      filledTrades += feed.filledTrades;
    }
    const gaps = this.gapLog.totals();
    return {
      ...this.base,
      duplicates,
      lateTicks,
      gapsDetected: gaps.recorded,
      gapsFilled: gaps.filled,
      filledTrades,
      reconnects: total((c) => c.stats.reconnects),
      rotations: total((c) => c.stats.rotations),
      serverShutdowns: total((c) => c.stats.serverShutdowns),
      staleRecycles: total((c) => c.stats.staleRecycles),
      connections: connections.length,
      rest: this.rest.stats(),
    };
  }

  /** Closes the connections and ends the fills; every call resolves once no tick will follow. */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    this.stopped = true;
    if (this.housekeeping !== null) clearInterval(this.housekeeping);
    if (this.skewTimer !== null) clearInterval(this.skewTimer);
    this.fillAbort.abort();
    await this.pool.stop();
    if (this.options.restClient === undefined) this.rest.close();
    this.onTicks = null;
  }
  private normalize(input: string): InstrumentId {
    const { venue, symbol } = parseInstrumentId(input, this.kind);
    if (venue !== this.kind) {
      throw new InvalidInstrumentError(
        input,
        `this source streams ${this.kind} instruments, e.g. ${this.kind}:${symbol}`,
      );
    }
    return instrumentId(venue, symbol);
  }

  private makeFeed(id: InstrumentId, lastTradeId: number | null): InstrumentFeed {
    const { symbol } = parseInstrumentId(id);
    return new InstrumentFeed(id, symbol, tradeStreamName(symbol), lastTradeId, this.options.sequencer ?? {}, {
      gapLog: this.gapLog,
      logger: this.logger,
      now: this.now,
      emit: (ticks) => this.emit(ticks),
    });
  }

  private emit(ticks: Tick[]): void {
    if (ticks.length === 0 || this.onTicks === null) return;
    this.base.ticksEmitted += ticks.length;
    try {
      this.onTicks(ticks);
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'binance: tick consumer threw');
    }
  }

  private onFrame(text: string, receivedAt: number): void {
    this.base.messages++;
    this.options.onRawMessage?.(text, receivedAt);
    const parsed = parseTradeFrame(text, this.kind, receivedAt);
    switch (parsed.kind) {
      case 'trade': {
        const feed = this.feeds.get(parsed.tick.instrument);
        if (feed === undefined) {
          // In flight when the instrument was removed.
          this.base.otherMessages++;
          return;
        }
        this.base.trades++;
        feed.onLiveTrade(parsed.tick, parsed.eventTime, receivedAt);
        return;
      }
      case 'excluded-trade':
        this.base.excludedTrades++;
        this.feeds.get(parsed.instrument)?.onExcludedTrade(parsed.id, receivedAt);
        return;
      case 'other':
        this.base.otherMessages++;
        return;
      case 'error':
        this.base.errors++;
        this.logger.warn(
          { reason: parsed.reason, frame: text.slice(0, 200) },
          'binance: unreadable stream message skipped',
        );
    }
  }

  private onGarbage(frame: string, reason: string): void {
    this.base.messages++;
    this.base.errors++;
    this.base.garbage++;
    this.logger.warn({ reason, frame: frame.slice(0, 200) }, 'binance: garbage frame skipped');
  }

  private onConnectedChange(connection: StreamConnection, connected: boolean): void {
    if (!connected) return;
    for (const notify of [...this.connectedWaiters]) notify();
    const now = this.now();
    for (const stream of connection.streams()) {
      for (const feed of this.feeds.values()) if (feed.stream === stream) feed.onReconnected(now);
    }
  }

  private housekeep(): void {
    const now = this.now();
    const catchUpMs = this.options.reconnectCatchUpMs ?? 2_000;
    for (const feed of this.feeds.values()) {
      feed.housekeep(now, catchUpMs);
      this.maybeFill(feed);
    }
  }

  private maybeFill(feed: InstrumentFeed): void {
    if (this.stopped || this.onTicks === null || feed.removed || feed.filling) return;
    if (this.runningFills >= (this.options.maxConcurrentFills ?? 4) || this.now() < feed.nextFillAt) return;
    if (feed.nextMissing() === null) return;
    feed.filling = true;
    this.runningFills++;
    const retry = this.options.fillRetry ?? { initialMs: 500, maxMs: 30_000 };
    const failed = (message: string) => {
      feed.nextFillAt = this.now() + backoffDelay(feed.fillFailures++, retry);
      this.gapLog.noteError(feed.instrument, message);
    };
    this.filler
      .fill(feed)
      .then(
        (outcome) => {
          if (outcome === 'caught-up') feed.finishCatchUp(this.filler.method);
          if (outcome === 'stalled') failed('REST does not serve the missing trades (yet)');
          else feed.fillFailures = 0;
        },
        (error: unknown) => {
          if (this.stopped) return;
          this.logger.warn(
            { instrument: feed.instrument, err: (error as Error).message },
            'binance: gap fill failed, will retry',
          );
          failed((error as Error).message);
        },
      )
      .finally(() => {
        feed.filling = false;
        this.runningFills--;
      });
  }

  private async measureClockSkew(): Promise<void> {
    try {
      const { skewMs, roundTripMs } = await this.rest.measureClockSkew();
      this.clockSkewMs = Math.round(skewMs);
      if (Math.abs(skewMs) > 1_000)
        this.logger.warn(
          { skewMs: this.clockSkewMs, roundTripMs },
          'binance: local clock differs from Binance by more than 1 s',
        );
    } catch (error) {
      if (!this.stopped) this.logger.debug({ err: (error as Error).message }, 'binance: clock skew measurement failed');
    }
  }
}
