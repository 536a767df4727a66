// The simulator as a live source: trades of SimMarket released on the wall clock, from a new
// market or from the end of a simulated history (same path, next ids).
import type { InstrumentId, Tick } from '../../domain/index.js';
import type { SourceCounters, StreamStatus, TickSource } from '../source.js';
import { SIM_INSTRUMENTS, SimMarket } from './sim-market.js';

export interface SimSourceOptions {
  seed?: number;
  tradesPerSecond?: number;
  /** How often trades are released, ms. */
  intervalMs?: number;
  now?: () => number;
  /** Last stored trade id per instrument id, so that a restart continues the id sequence. */
  lastTradeIds?: ReadonlyMap<InstrumentId, number>;
  /**
   * A market to go on with, e.g. `simulatedHistory(...).continuation()`; `seed` and
   * `lastTradeIds` are then its own, and `tradesPerSecond`, when given, becomes its rate.
   * Trades between the market's end and the first release are generated at once.
   */
  continueFrom?: SimMarket;
}

export class SimSource implements TickSource {
  readonly kind = 'sim' as const;
  readonly simulated = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly last = new Map<InstrumentId, Tick>();
  private readonly lastReleasedAt = new Map<InstrumentId, number>();
  private readonly counts: SourceCounters = { messages: 0, errors: 0 };
  private readonly now: () => number;

  constructor(private readonly options: SimSourceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  instruments(): InstrumentId[] {
    return SIM_INSTRUMENTS.map((s) => `sim:${s.symbol}`);
  }

  async start(onTicks: (ticks: Tick[]) => void): Promise<void> {
    const market = this.options.continueFrom ?? this.newMarket();
    if (this.options.continueFrom && this.options.tradesPerSecond !== undefined)
      market.tradesPerSecond = this.options.tradesPerSecond;
    this.timer = setInterval(() => {
      const ticks = market.generateUntil(this.now());
      if (ticks.length === 0) return;
      this.counts.messages += ticks.length;
      const releasedAt = this.now();
      for (const tick of ticks) {
        this.last.set(tick.instrument, tick);
        this.lastReleasedAt.set(tick.instrument, releasedAt);
      }
      onTicks(ticks);
    }, this.options.intervalMs ?? 50);
  }

  private newMarket(): SimMarket {
    const lastTradeIds: Record<string, number> = {};
    for (const [instrument, id] of this.options.lastTradeIds ?? []) lastTradeIds[instrument.replace(/^sim:/, '')] = id;
    return new SimMarket({
      seed: this.options.seed,
      tradesPerSecond: this.options.tradesPerSecond,
      startTs: this.now(),
      lastTradeIds,
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  counters(): SourceCounters {
    return { ...this.counts };
  }

  streams(): StreamStatus[] {
    return this.instruments().map((instrument) => {
      const tick = this.last.get(instrument);
      return {
        instrument,
        connected: this.timer !== undefined,
        lastTradeId: tick?.id ?? null,
        lastTradeTs: tick?.ts ?? null,
        feedLagMs: tick ? 0 : null,
        lastMessageAt: this.lastReleasedAt.get(instrument) ?? null,
      };
    });
  }
}
