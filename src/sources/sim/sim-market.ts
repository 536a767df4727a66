// A simulated market with three instruments whose mid prices come from the latent path (AAA and
// BBB cointegrated, CCC independent). Trades arrive as a Poisson process; each prints at the bid
// or the ask around the mid (one tick wide most of the time, three ticks now and then), on the
// aggressor's side, with log-normal lot sizes and sequential ids per instrument.
//
// The output is a function of the seed and the start alone, not of how the caller slices time:
// the next arrival is kept across calls, and the path has its own random stream, so generating
// to t1 and then to t2 gives exactly the trades of generating to t2 at once.
import type { Tick } from '../../domain/index.js';
import { LatentPath, type LatentModel } from './latent-path.js';
import { normalSampler, seededRandom } from './random.js';

export interface SimInstrumentSpec {
  symbol: string;
  initialPrice: number;
  tickSize: number;
  lotSize: number;
  /** Median trade size in base units. */
  medianQty: number;
  /** Share of the total trade rate. */
  weight: number;
}

export const SIM_INSTRUMENTS: readonly SimInstrumentSpec[] = [
  { symbol: 'AAA', initialPrice: 100, tickSize: 0.001, lotSize: 0.001, medianQty: 0.8, weight: 0.4 },
  { symbol: 'BBB', initialPrice: 50, tickSize: 0.001, lotSize: 0.001, medianQty: 1.5, weight: 0.4 },
  { symbol: 'CCC', initialPrice: 25, tickSize: 0.001, lotSize: 0.01, medianQty: 4, weight: 0.2 },
];

/**
 * Chosen so that the default pair settings (lookback 500, simple-return correlation) see AAA/BBB
 * as cointegrated on 1s bars as well as on 1m bars: the spread must forget a shock within a few
 * 1s bars (a half-life well below the 500 s window), and its innovations must stay below the
 * common factor's 1s moves, or the 1s returns of the legs do not correlate.
 */
export const DEFAULT_SIM_MODEL: Readonly<LatentModel> = {
  annualVolatility: 0.8,
  spreadHalfLifeSec: 5,
  spreadStd: 0.0002,
};

export interface SimMarketOptions extends Partial<LatentModel> {
  seed?: number;
  /** Trades per second across all instruments. */
  tradesPerSecond?: number;
  /** Epoch ms of the start of the path. */
  startTs: number;
  /** Last trade id already used per symbol (e.g. stored from an earlier run); ids continue after it. */
  lastTradeIds?: Readonly<Record<string, number>>;
  /** Mid price per symbol at the start (e.g. the last stored price); default each instrument's initial price. */
  startPrices?: Readonly<Record<string, number>>;
}

export function requireTradeRate(field: string, rate: number): void {
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`sim ${field} must be > 0 trades/s, got ${rate}`);
}

/** Trades and the path draw from separate streams so that the trade rate cannot change the path. */
const TRADE_STREAM = 0x5bd1e995;

export class SimMarket {
  private readonly uniform: () => number;
  private readonly normal: () => number;
  private readonly path: LatentPath;
  private readonly logMids = new Float64Array(SIM_INSTRUMENTS.length);
  private readonly cumulativeWeights: number[];
  /**
   * Integer counts of ticks and lots: dividing an integer by them gives the double nearest to the
   * decimal price (what toFixed would print), without toFixed's cost on every trade.
   */
  private readonly ticksPerUnit = SIM_INSTRUMENTS.map((s) => Math.round(1 / s.tickSize));
  private readonly lotsPerUnit = SIM_INSTRUMENTS.map((s) => Math.round(1 / s.lotSize));
  private readonly instrumentIds = SIM_INSTRUMENTS.map((s) => `sim:${s.symbol}`);
  private readonly nextIds: number[];
  private ratePerMs = 0;
  private clock: number;
  /** Time of the next trade, drawn ahead so that slicing time does not change the stream. */
  private nextArrival = 0;

  constructor(options: SimMarketOptions) {
    const seed = options.seed ?? 1;
    this.uniform = seededRandom((seed ^ TRADE_STREAM) >>> 0);
    this.normal = normalSampler(this.uniform);
    const priceOf = (index: number) => {
      const spec = SIM_INSTRUMENTS[index];
      const price = options.startPrices?.[spec.symbol] ?? spec.initialPrice;
      if (!(price > 0 && Number.isFinite(price)))
        throw new RangeError(`sim startPrices.${spec.symbol} must be a price > 0, got ${price}`);
      return price;
    };
    this.path = new LatentPath(
      seed,
      options.startTs,
      {
        annualVolatility: options.annualVolatility ?? DEFAULT_SIM_MODEL.annualVolatility,
        spreadHalfLifeSec: options.spreadHalfLifeSec ?? DEFAULT_SIM_MODEL.spreadHalfLifeSec,
        spreadStd: options.spreadStd ?? DEFAULT_SIM_MODEL.spreadStd,
      },
      {
        aaa: priceOf(0),
        bbb: priceOf(1),
        ccc: priceOf(2),
        hedge: SIM_INSTRUMENTS[1].initialPrice / SIM_INSTRUMENTS[0].initialPrice,
      },
    );
    let total = 0;
    this.cumulativeWeights = SIM_INSTRUMENTS.map((s) => (total += s.weight));
    this.nextIds = SIM_INSTRUMENTS.map((s) => (options.lastTradeIds?.[s.symbol] ?? 0) + 1);
    this.clock = options.startTs;
    this.tradesPerSecond = options.tradesPerSecond ?? 50;
  }

  /** Time up to which trades have been generated, epoch ms. */
  get now(): number {
    return this.clock;
  }

  get tradesPerSecond(): number {
    return this.ratePerMs * 1000;
  }

  /** Changes the trade rate from `now` on; the price path does not depend on it. */
  set tradesPerSecond(rate: number) {
    requireTradeRate('tradesPerSecond', rate);
    this.ratePerMs = rate / 1000;
    // Memorylessness: the arrival pending at the old rate can be dropped and drawn anew from now.
    this.nextArrival = this.clock + this.interArrival();
  }

  /** The id the next trade of `symbol` will get. */
  nextTradeId(symbol: string): number {
    const index = SIM_INSTRUMENTS.findIndex((s) => s.symbol === symbol);
    if (index < 0)
      throw new RangeError(`unknown sim symbol ${symbol}; known: ${SIM_INSTRUMENTS.map((s) => s.symbol).join(', ')}`);
    return this.nextIds[index];
  }

  /** Generates every trade before `untilTs` (exclusive) and moves `now` to it. */
  generateUntil(untilTs: number, out: Tick[] = []): Tick[] {
    while (this.nextArrival < untilTs) this.emitNext(out);
    if (untilTs > this.clock) this.clock = untilTs;
    return out;
  }

  /** Generates exactly `count` trades. */
  generate(count: number, out: Tick[] = []): Tick[] {
    for (let i = 0; i < count; i++) this.emitNext(out);
    return out;
  }

  private interArrival(): number {
    return -Math.log(1 - this.uniform()) / this.ratePerMs;
  }

  private emitNext(out: Tick[]): void {
    this.clock = this.nextArrival;
    out.push(this.trade());
    this.nextArrival = this.clock + this.interArrival();
  }

  private trade(): Tick {
    const pick = this.uniform() * this.cumulativeWeights[this.cumulativeWeights.length - 1];
    let index = 0;
    while (pick >= this.cumulativeWeights[index]) index++;
    const spec = SIM_INSTRUMENTS[index];
    const mid = Math.exp(this.path.logMidsAt(this.clock, this.logMids)[index]);
    const buyerMaker = this.uniform() < 0.5;
    // Bid and ask straddle the mid one tick apart, now and then three ticks apart.
    const halfSpreadTicks = this.uniform() < 0.9 ? 0.5 : 1.5;
    const ticksPerUnit = this.ticksPerUnit[index];
    const price = Math.round(mid * ticksPerUnit + (buyerMaker ? -halfSpreadTicks : halfSpreadTicks)) / ticksPerUnit;
    // Log-normal sizes with a fat right tail (occasional block trades).
    const sizeSigma = this.uniform() < 0.03 ? 1.6 : 0.9;
    const rawQty = spec.medianQty * Math.exp(sizeSigma * this.normal());
    const lotsPerUnit = this.lotsPerUnit[index];
    const qty = Math.max(1, Math.round(rawQty * lotsPerUnit)) / lotsPerUnit;
    return {
      instrument: this.instrumentIds[index],
      id: this.nextIds[index]++,
      ts: Math.floor(this.clock),
      price,
      qty,
      buyerMaker,
    };
  }
}
