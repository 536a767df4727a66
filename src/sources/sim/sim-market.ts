// A simulated market with three instruments: AAA follows geometric Brownian motion, BBB follows
// AAA through an Ornstein-Uhlenbeck log-spread (so the pair is cointegrated), CCC is independent.
// Trades arrive as a Poisson process; each prints at the latent price plus half a quoted spread
// on the aggressor's side, rounded to the tick size, with log-normal lot sizes.
import type { Tick } from '../../domain/index.js';
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
  { symbol: 'AAA', initialPrice: 100, tickSize: 0.01, lotSize: 0.001, medianQty: 0.8, weight: 0.4 },
  { symbol: 'BBB', initialPrice: 50, tickSize: 0.01, lotSize: 0.001, medianQty: 1.5, weight: 0.4 },
  { symbol: 'CCC', initialPrice: 25, tickSize: 0.001, lotSize: 0.01, medianQty: 4, weight: 0.2 },
];

export interface SimMarketOptions {
  seed?: number;
  /** Trades per second across all instruments. */
  tradesPerSecond?: number;
  /** Epoch ms of the first event. */
  startTs: number;
  /** Annualised volatility of AAA and CCC. */
  annualVolatility?: number;
  /** Half-life of the AAA/BBB log-spread, seconds. */
  spreadHalfLifeSec?: number;
  /** Stationary standard deviation of the log-spread. */
  spreadStd?: number;
  /** Last trade id already used per symbol (e.g. stored from an earlier run); ids continue after it. */
  lastTradeIds?: Readonly<Record<string, number>>;
}

const SECONDS_PER_YEAR = 365 * 24 * 3600;

export class SimMarket {
  private readonly uniform: () => number;
  private readonly normal: () => number;
  private readonly ratePerMs: number;
  private readonly sigmaPerSqrtSec: number;
  private readonly theta: number;
  private readonly spreadSigma: number;
  private readonly cumulativeWeights: number[];
  private readonly nextIds: number[];
  private logA: number;
  private logC: number;
  private spread = 0;
  private readonly logHedge: number;
  private clock: number;

  constructor(options: SimMarketOptions) {
    this.uniform = seededRandom(options.seed ?? 1);
    this.normal = normalSampler(this.uniform);
    const rate = options.tradesPerSecond ?? 50;
    if (!(rate > 0)) throw new RangeError(`sim trade rate must be > 0 trades/s, got ${rate}`);
    this.ratePerMs = rate / 1000;
    this.sigmaPerSqrtSec = (options.annualVolatility ?? 0.8) / Math.sqrt(SECONDS_PER_YEAR);
    this.theta = Math.log(2) / (options.spreadHalfLifeSec ?? 600);
    const spreadStd = options.spreadStd ?? 0.001;
    this.spreadSigma = spreadStd * Math.sqrt(2 * this.theta);
    this.logA = Math.log(SIM_INSTRUMENTS[0].initialPrice);
    this.logC = Math.log(SIM_INSTRUMENTS[2].initialPrice);
    this.logHedge = Math.log(SIM_INSTRUMENTS[1].initialPrice / SIM_INSTRUMENTS[0].initialPrice);
    let total = 0;
    this.cumulativeWeights = SIM_INSTRUMENTS.map((s) => (total += s.weight));
    this.clock = options.startTs;
    this.nextIds = SIM_INSTRUMENTS.map((s) => (options.lastTradeIds?.[s.symbol] ?? 0) + 1);
  }

  /** Time of the last generated event, epoch ms. */
  get now(): number {
    return this.clock;
  }

  /** Generates every trade up to (and excluding) `untilTs`. */
  generateUntil(untilTs: number, out: Tick[] = []): Tick[] {
    for (;;) {
      const gap = -Math.log(1 - this.uniform()) / this.ratePerMs;
      if (this.clock + gap >= untilTs) {
        // Memorylessness lets us drop the overshooting draw and resume from untilTs.
        this.advance(untilTs - this.clock);
        this.clock = untilTs;
        return out;
      }
      this.advance(gap);
      this.clock += gap;
      out.push(this.trade());
    }
  }

  /** Generates exactly `count` trades. */
  generate(count: number, out: Tick[] = []): Tick[] {
    for (let i = 0; i < count; i++) {
      const gap = -Math.log(1 - this.uniform()) / this.ratePerMs;
      this.advance(gap);
      this.clock += gap;
      out.push(this.trade());
    }
    return out;
  }

  private advance(ms: number): void {
    if (ms <= 0) return;
    const dtSec = ms / 1000;
    const diffusion = this.sigmaPerSqrtSec * Math.sqrt(dtSec);
    this.logA += -0.5 * diffusion * diffusion + diffusion * this.normal();
    this.logC += -0.5 * diffusion * diffusion + diffusion * this.normal();
    // Exact OU transition over dt.
    const decay = Math.exp(-this.theta * dtSec);
    const ouStd = this.spreadSigma * Math.sqrt((1 - decay * decay) / (2 * this.theta));
    this.spread = this.spread * decay + ouStd * this.normal();
  }

  private trade(): Tick {
    const pick = this.uniform() * this.cumulativeWeights[this.cumulativeWeights.length - 1];
    let index = 0;
    while (pick >= this.cumulativeWeights[index]) index++;
    const spec = SIM_INSTRUMENTS[index];
    const logPrice = index === 0 ? this.logA : index === 1 ? this.logA + this.logHedge + this.spread : this.logC;
    const buyerMaker = this.uniform() < 0.5;
    const mid = Math.exp(logPrice);
    const halfSpread = spec.tickSize * (1 + Math.floor(this.uniform() * 2));
    const ticks = Math.round((mid + (buyerMaker ? -halfSpread : halfSpread)) / spec.tickSize);
    const price = roundTo(ticks * spec.tickSize, spec.tickSize);
    // Log-normal sizes with a fat right tail (occasional block trades).
    const sizeSigma = this.uniform() < 0.03 ? 1.6 : 0.9;
    const rawQty = spec.medianQty * Math.exp(sizeSigma * this.normal());
    const qty = Math.max(spec.lotSize, roundTo(Math.round(rawQty / spec.lotSize) * spec.lotSize, spec.lotSize));
    return {
      instrument: `sim:${spec.symbol}`,
      id: this.nextIds[index]++,
      ts: Math.floor(this.clock),
      price,
      qty,
      buyerMaker,
    };
  }
}

/** Rounds away binary noise so prices print with the tick size's decimals. */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number(value.toFixed(decimals));
}
