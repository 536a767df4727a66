// The live analytics of one process: a symbol engine per instrument × timeframe and the
// configured pairs, fed from the bus. Bar closes and ticks are handled synchronously (O(1) per
// pair for the OLS and Kalman hedges); heavy tests and Theil-Sen points go to the deferred queue,
// so ingestion never waits for them. Each result is published on the bus's `metric` topic (for
// the alert engine and the WebSocket gateway) and handed to in-process listeners.
import type { Bar, InstrumentId, Tick, Timeframe } from '../../domain/index.js';
import { TIMEFRAME_MS } from '../../domain/index.js';
import { DEFAULT_SYMBOL_PARAMS, pairId, pairWarmup, symbolWarmup, type PairConfig, type PairKey } from '../params.js';
import { LivePair, type PairEvent } from '../pair/live-pair.js';
import type { runPairTests } from '../pair/pair-tests.js';
import { LiveSymbol } from '../symbol/live-symbol.js';
import type { SymbolPoint } from '../symbol/symbol-engine.js';
import { DeferredJobs } from './deferred-jobs.js';
import { PairRegistry, type PairRequest } from './pair-registry.js';
import { toMetricUpdate } from './metric-updates.js';
import type { BarHistory, MarketFeed, MetricPublisher, OpenBarSource, SettingsStore } from './ports.js';
import type { Logger } from '../../domain/logger.js';

export type AnalyticsUpdate =
  | { kind: 'symbol'; instrument: InstrumentId; timeframe: Timeframe; point: SymbolPoint }
  | { kind: 'pair'; id: string; pair: PairKey; event: PairEvent };

export interface AnalyticsServiceOptions {
  store: BarHistory & SettingsStore;
  bus: MarketFeed & MetricPublisher;
  openBars: OpenBarSource;
  logger?: Logger;
  /** Wall clock; buckets a silent leg has not traded in are complete `graceMs` after they end. */
  now?: () => number;
  /** Same grace as the bar builder's (default 2 s). */
  graceMs?: number;
  /** How often the clock completes silent legs; 0 leaves it to `advanceClock()`. Default 250 ms. */
  clockIntervalMs?: number;
  /** Points kept in memory per live pair (a symbol keeps only the bars its engine needs to rebuild). */
  historyLimit?: number;
  /** The heavy tests; replaceable to test scheduling. */
  runTests?: typeof runPairTests;
}

interface LegEntry {
  pair: LivePair;
  leg: 0 | 1;
}

export class AnalyticsService {
  readonly jobs: DeferredJobs<LivePair>;
  readonly registry: PairRegistry;
  private readonly symbols = new Map<string, LiveSymbol>();
  private readonly pairs = new Map<string, LivePair>();
  /** instrument → pair legs on it, for the bar and tick handlers. */
  private readonly legs = new Map<InstrumentId, LegEntry[]>();
  private readonly listeners = new Set<(update: AnalyticsUpdate) => void>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly now: () => number;
  private readonly graceMs: number;
  private readonly historyLimit: number;
  private clock: NodeJS.Timeout | undefined;
  /** Updates went to listeners since the deferred queue last looked: let them be sent first. */
  private publishedSinceJob = false;

  constructor(private readonly options: AnalyticsServiceOptions) {
    this.now = options.now ?? Date.now;
    this.graceMs = options.graceMs ?? 2_000;
    this.historyLimit = options.historyLimit ?? 5_000;
    this.jobs = new DeferredJobs(
      (error, pair) => options.logger?.error({ err: error, pair: pair.id }, 'pair analytics job failed'),
      () => {
        const fresh = this.publishedSinceJob;
        this.publishedSinceJob = false;
        return fresh;
      },
    );
    this.registry = new PairRegistry(options.store, {
      create: (config) => this.createPair(config),
      remove: (id) => this.dropPair(id),
    });
  }

  /** Subscribes to the bus and restores the saved pairs (or `defaultPairs` when none were ever saved). */
  async start(defaultPairs: readonly PairRequest[] = []): Promise<void> {
    const { bus } = this.options;
    this.unsubscribers.push(bus.subscribe('bar', ({ bar }) => this.onBar(bar)));
    this.unsubscribers.push(bus.subscribe('tick', (tick) => this.onTick(tick)));
    const interval = this.options.clockIntervalMs ?? 250;
    if (interval > 0) this.clock = setInterval(() => this.advanceClock(), interval);
    await this.registry.restore(defaultPairs, (error, entry) =>
      this.options.logger?.warn({ err: error, pair: entry }, 'skipping a saved pair that is no longer valid'),
    );
  }

  stop(): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = undefined;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.jobs.stop();
  }

  onUpdate(listener: (update: AnalyticsUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  symbol(instrument: InstrumentId, timeframe: Timeframe): LiveSymbol | undefined {
    return this.symbols.get(`${instrument}|${timeframe}`);
  }

  pair(key: PairKey): LivePair | undefined {
    return this.pairs.get(pairId(key));
  }

  pairById(id: string): LivePair | undefined {
    return this.pairs.get(id);
  }

  livePairs(): LivePair[] {
    return [...this.pairs.values()];
  }

  /** Settles once no symbol engine is being rebuilt from the store (after an older bar was amended). */
  async rebuilds(): Promise<void> {
    for (;;) {
      const pending = [...this.symbols.values()].flatMap((symbol) => symbol.pendingRebuild ?? []);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Completes buckets that silent legs did not trade in, once their grace period is over. */
  advanceClock(now = this.now()): void {
    for (const pair of this.pairs.values()) {
      if (!pair.hasPendingBuckets) continue;
      const { timeframe } = pair.config;
      const size = TIMEFRAME_MS[timeframe];
      const clockBound = Math.floor((now - size - this.graceMs) / size) * size;
      ([pair.config.x, pair.config.y] as const).forEach((instrument, leg) => {
        const open = this.options.openBars.openBar(instrument, timeframe);
        pair.completeThrough(leg as 0 | 1, open ? open.start - size : clockBound);
      });
      pair.drain();
    }
  }

  private onBar(bar: Bar): void {
    const key = `${bar.instrument}|${bar.timeframe}`;
    let symbol = this.symbols.get(key);
    if (symbol === undefined) {
      symbol = this.createSymbol(bar.instrument, bar.timeframe, bar.start);
      this.symbols.set(key, symbol);
    }
    symbol.onClose(bar);
    const entries = this.legs.get(bar.instrument);
    if (entries === undefined) return;
    const size = TIMEFRAME_MS[bar.timeframe];
    for (const { pair, leg } of entries) {
      if (pair.config.timeframe !== bar.timeframe) continue;
      pair.onClose(leg, bar.start, bar.close);
      const other = leg === 0 ? pair.config.y : pair.config.x;
      const open = this.options.openBars.openBar(other, bar.timeframe);
      if (open) pair.completeThrough(leg === 0 ? 1 : 0, open.start - size);
      pair.drain();
    }
  }

  /** A trade in a later bucket shows its leg is past every earlier bucket. */
  private onTick(tick: Tick): void {
    const entries = this.legs.get(tick.instrument);
    if (entries === undefined) return;
    for (const { pair, leg } of entries) {
      if (!pair.hasPendingBuckets) continue;
      const size = TIMEFRAME_MS[pair.config.timeframe];
      pair.completeThrough(leg, Math.floor(tick.ts / size) * size - size);
      pair.drain();
    }
  }

  private createSymbol(instrument: InstrumentId, timeframe: Timeframe, firstLiveStart: number): LiveSymbol {
    const params = DEFAULT_SYMBOL_PARAMS;
    const { store } = this.options;
    const symbol = new LiveSymbol(instrument, timeframe, params, {
      historyLimit: symbolWarmup(params),
      emit: (s, point) => this.publish({ kind: 'symbol', instrument: s.instrument, timeframe: s.timeframe, point }),
      readHistory: async (to, limit) => {
        await store.flush();
        return store.readBars({ instrument, timeframe, to, limit });
      },
      onHistoryError: (error) =>
        this.options.logger?.error(
          { err: error, instrument, timeframe },
          'reading bars to rebuild the symbol engine after an amended bar failed; it goes on without the amendment',
        ),
    });
    store
      .flush()
      .then(() => store.readBars({ instrument, timeframe, to: firstLiveStart, limit: symbolWarmup(params) }))
      .then(
        (history) => symbol.initialize(history),
        (error) => {
          this.options.logger?.error(
            { err: error, instrument, timeframe },
            'reading bars to warm up the symbol engine failed',
          );
          symbol.initialize([]);
        },
      );
    return symbol;
  }

  /** Starts a live pair: indexes it for the handlers, then warms it up from the stored bars. */
  private async createPair(config: PairConfig): Promise<LivePair> {
    const pair = new LivePair({
      config,
      historyLimit: this.historyLimit,
      emit: (p, event) => this.publish({ kind: 'pair', id: p.id, pair: p.config, event }),
      requestJob: (p) => this.jobs.request(p),
      runTests: this.options.runTests,
    });
    this.pairs.set(pair.id, pair);
    this.indexLeg(config.x, pair, 0);
    this.indexLeg(config.y, pair, 1);
    const { store } = this.options;
    const limit = this.historyLimit + pairWarmup(config.params);
    try {
      await store.flush();
      const [x, y] = await Promise.all(
        [config.x, config.y].map((instrument) => store.readBars({ instrument, timeframe: config.timeframe, limit })),
      );
      pair.initialize([x, y], x.length < limit && y.length < limit);
    } catch (error) {
      this.options.logger?.error(
        { err: error, pair: pair.id },
        'reading bars to warm up the pair failed; it starts empty',
      );
      pair.initialize([[], []], true);
    }
    return pair;
  }

  private dropPair(id: string): void {
    const pair = this.pairs.get(id);
    if (pair === undefined) return;
    this.pairs.delete(id);
    this.jobs.cancel(pair);
    for (const instrument of [pair.config.x, pair.config.y]) {
      const remaining = (this.legs.get(instrument) ?? []).filter((e) => e.pair !== pair);
      if (remaining.length > 0) this.legs.set(instrument, remaining);
      else this.legs.delete(instrument);
    }
  }

  private indexLeg(instrument: InstrumentId, pair: LivePair, leg: 0 | 1): void {
    const entries = this.legs.get(instrument) ?? [];
    entries.push({ pair, leg });
    this.legs.set(instrument, entries);
  }

  private publish(update: AnalyticsUpdate): void {
    this.publishedSinceJob = true;
    const result =
      update.kind === 'symbol' ? update.point : update.event.type === 'point' ? update.event.point : update.event.tests;
    this.options.bus.publish('metric', { update: toMetricUpdate(update), result });
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'analytics listener failed');
      }
    }
  }
}
