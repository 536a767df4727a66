// RSI with Wilder's smoothing: gains/losses from close.diff(), averaged with pandas
// `ewm(alpha=1/period, adjust=False)` seeded with the first gain/loss (index 1);
// rsi = 100 − 100/(1 + avgGain/avgLoss): 100 when only gains, null when neither.
// https://school.stockcharts.com/doku.php?id=technical_indicators:relative_strength_index_rsi

import { assertFiniteObservation, assertObservations, nanToNull, type Observation } from '../rolling/input-checks.js';
import type { Restorable } from '../rolling/window-estimator.js';
import { WindowEstimator } from '../rolling/window-estimator.js';
import type { EwmRecursion } from '../ewm/ewm-recursion.js';
import { assertPeriod, wilderAverage } from './ema.js';

export interface RsiOptions {
  /** Default 14. */
  period?: number;
  /** Non-missing gains needed before values are reported (pandas ewm min_periods); default 0. */
  minPeriods?: number;
}

export interface RsiSeries {
  avgGain: (number | null)[];
  avgLoss: (number | null)[];
  rsi: (number | null)[];
}

/** Previous close plus the two Wilder averages, saved and restored together. */
class RsiState implements Restorable {
  previous = Number.NaN;
  private savedPrevious = Number.NaN;

  constructor(
    readonly gains: EwmRecursion,
    readonly losses: EwmRecursion,
  ) {}

  push(close: number): void {
    const change = close - this.previous;
    this.previous = close;
    this.gains.push(change > 0 ? change : change === change ? 0 : Number.NaN);
    this.losses.push(change < 0 ? -change : change === change ? 0 : Number.NaN);
  }

  rsi(): number {
    const rs = this.gains.currentMean() / this.losses.currentMean();
    return 100 - 100 / (1 + rs);
  }

  save(): void {
    this.savedPrevious = this.previous;
    this.gains.save();
    this.losses.save();
  }

  restore(): boolean {
    this.previous = this.savedPrevious;
    return this.gains.restore() && this.losses.restore();
  }

  get count(): number {
    return this.gains.count;
  }
}

function createState(options: RsiOptions): RsiState {
  const period = options.period ?? 14;
  assertPeriod(period, 'period');
  return new RsiState(wilderAverage(period, options.minPeriods), wilderAverage(period, options.minPeriods));
}

/** Streaming RSI; `add` returns the RSI (null until the first change, or when flat throughout). */
export class Rsi extends WindowEstimator<[close: Observation], number> {
  private readonly state: RsiState;

  constructor(options: RsiOptions = {}) {
    const state = createState(options);
    // The first change needs two closes; minPeriods changes need one more close than that.
    super('Rsi', state, Math.max(2, (options.minPeriods ?? 0) + 1));
    this.state = state;
  }

  get avgGain(): number | null {
    return nanToNull(this.state.gains.currentMean());
  }

  get avgLoss(): number | null {
    return nanToNull(this.state.losses.currentMean());
  }

  protected check([close]: [Observation]): void {
    assertFiniteObservation(close, 'close');
  }

  protected push([close]: [Observation]): void {
    this.state.push(close === null ? Number.NaN : close);
  }

  protected compute(): number | null {
    return nanToNull(this.state.rsi());
  }
}

/** RSI with its average gain and loss, aligned with `closes`. */
export function rsi(closes: ArrayLike<Observation>, options: RsiOptions = {}): RsiSeries {
  assertObservations(closes, 'closes');
  const state = createState(options);
  const n = closes.length;
  const out: RsiSeries = { avgGain: new Array(n), avgLoss: new Array(n), rsi: new Array(n) };
  for (let i = 0; i < n; i++) {
    const c = closes[i];
    state.push(c === null ? Number.NaN : c);
    out.avgGain[i] = nanToNull(state.gains.currentMean());
    out.avgLoss[i] = nanToNull(state.losses.currentMean());
    out.rsi[i] = nanToNull(state.rsi());
  }
  return out;
}
