// Range-based volatility over a trailing window of OHLC bars, annualised as
// √(mean per-bar variance × periodsPerYear) (24/7 markets: see returns/periodsPerYear).
// - Parkinson: σ² = (1/4 ln 2)·mean ln(H/L)²  — Parkinson, J. Business 53 (1980)
//   https://doi.org/10.1086/296071
// - Garman–Klass: σ² = mean[½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)²] — J. Business 53 (1980)
//   https://doi.org/10.1086/296072
// - Rogers–Satchell: σ² = mean[ln(H/C) ln(H/O) + ln(L/C) ln(L/O)] — Ann. Appl. Prob. 1 (1991)
//   https://doi.org/10.1214/aoap/1177005835
// - Yang–Zhang: σ² = σ²_overnight + k·σ²_open→close + (1 − k)·σ²_RS, k = 0.34/(1.34 + (n+1)/(n−1)),
//   σ²_overnight, σ²_open→close = sample variances (ddof 1) of ln(O_t/C_{t−1}) and ln(C_t/O_t) —
//   J. Business 73 (2000) https://doi.org/10.1086/209650. Needs the close before the window,
//   so its first value comes one bar later than the others. On a 24/7 market O_t ≈ C_{t−1},
//   the overnight term vanishes and Yang–Zhang blends open→close variance with Rogers–Satchell.

import { assertWindow } from '../rolling/input-checks.js';
import { RestorableGroup } from '../rolling/restorable-group.js';
import type { Restorable } from '../rolling/window-estimator.js';
import { WindowEstimator } from '../rolling/window-estimator.js';
import { WindowMoments } from '../rolling/window-moments.js';
import { assertPeriodsPerYear } from '../returns/periods-per-year.js';
import { assertOhlcBar, garmanKlassTerm, parkinsonTerm, rogersSatchellTerm, type OhlcBar } from './ohlc.js';

export type RangeEstimator = 'parkinson' | 'garmanKlass' | 'rogersSatchell' | 'yangZhang';

export interface RangeVolatilityOptions {
  /** Bars per window (≥ 2 for Yang–Zhang). */
  window: number;
  /** e.g. periodsPerYear('1h') = 8760 on a 24/7 market. */
  periodsPerYear: number;
}

const TERMS = { parkinson: parkinsonTerm, garmanKlass: garmanKlassTerm, rogersSatchell: rogersSatchellTerm } as const;

/** Window state of one estimator: per-bar terms, plus the previous close for Yang–Zhang. */
class RangeState implements Restorable {
  private readonly terms: WindowMoments;
  private readonly overnight: WindowMoments | null;
  private readonly openClose: WindowMoments | null;
  private readonly group: RestorableGroup;
  private readonly k: number;
  private previousClose = Number.NaN;
  private savedPreviousClose = Number.NaN;

  constructor(
    readonly estimator: RangeEstimator,
    readonly window: number,
    readonly periodsPerYear: number,
  ) {
    if (!(estimator in TERMS) && estimator !== 'yangZhang') {
      throw new Error(
        `unknown estimator "${String(estimator)}", allowed: parkinson, garmanKlass, rogersSatchell, yangZhang`,
      );
    }
    assertWindow(window);
    assertPeriodsPerYear(periodsPerYear);
    if (estimator === 'yangZhang' && window < 2) throw new Error(`Yang-Zhang needs window >= 2, got ${window}`);
    this.terms = new WindowMoments(window);
    const yz = estimator === 'yangZhang';
    this.overnight = yz ? new WindowMoments(window) : null;
    this.openClose = yz ? new WindowMoments(window) : null;
    this.group = new RestorableGroup(yz ? [this.terms, this.overnight!, this.openClose!] : [this.terms]);
    this.k = 0.34 / (1.34 + (window + 1) / (window - 1));
  }

  push(bar: OhlcBar | null): void {
    if (this.estimator !== 'yangZhang') {
      this.terms.push(bar === null ? Number.NaN : TERMS[this.estimator](bar));
      return;
    }
    this.terms.push(bar === null ? Number.NaN : rogersSatchellTerm(bar));
    this.overnight!.push(bar === null ? Number.NaN : Math.log(bar.open / this.previousClose));
    this.openClose!.push(bar === null ? Number.NaN : Math.log(bar.close / bar.open));
    this.previousClose = bar === null ? Number.NaN : bar.close;
  }

  /** Annualised volatility, NaN while the window is incomplete. */
  volatility(): number {
    let variance = this.terms.mean();
    if (this.estimator === 'yangZhang') {
      variance = this.overnight!.variance(1) + this.k * this.openClose!.variance(1) + (1 - this.k) * variance;
    }
    return Math.sqrt(variance * this.periodsPerYear);
  }

  save(): void {
    this.savedPreviousClose = this.previousClose;
    this.group.save();
  }

  restore(): boolean {
    this.previousClose = this.savedPreviousClose;
    return this.group.restore();
  }

  get count(): number {
    return this.group.count;
  }
}

function warmup(estimator: RangeEstimator, window: number): number {
  return estimator === 'yangZhang' ? window + 1 : window;
}

/** Streaming range-based volatility; `add(bar)` returns the annualised volatility or null. */
export class RollingRangeVolatility extends WindowEstimator<[bar: OhlcBar | null], number> {
  private readonly state: RangeState;

  constructor(estimator: RangeEstimator, options: RangeVolatilityOptions) {
    const state = new RangeState(estimator, options.window, options.periodsPerYear);
    super(`RollingRangeVolatility(${estimator})`, state, warmup(estimator, options.window));
    this.state = state;
  }

  protected check([bar]: [OhlcBar | null]): void {
    if (bar !== null) assertOhlcBar(bar, 'bar');
  }

  protected push([bar]: [OhlcBar | null]): void {
    this.state.push(bar);
  }

  protected compute(): number | null {
    const v = this.state.volatility();
    return v === v ? v : null;
  }
}

/** Rolling annualised range-based volatility aligned with `bars` (null = missing bar). */
export function rangeVolatility(
  bars: readonly (OhlcBar | null)[],
  estimator: RangeEstimator,
  options: RangeVolatilityOptions,
): (number | null)[] {
  if (!Array.isArray(bars)) throw new Error('bars must be an array of OHLC bars');
  const state = new RangeState(estimator, options.window, options.periodsPerYear);
  const out = new Array<number | null>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    if (bar !== null) assertOhlcBar(bar, `bars[${i}]`);
    state.push(bar);
    const v = state.volatility();
    out[i] = v === v ? v : null;
  }
  return out;
}

export const parkinsonVolatility = (bars: readonly (OhlcBar | null)[], options: RangeVolatilityOptions) =>
  rangeVolatility(bars, 'parkinson', options);
export const garmanKlassVolatility = (bars: readonly (OhlcBar | null)[], options: RangeVolatilityOptions) =>
  rangeVolatility(bars, 'garmanKlass', options);
export const rogersSatchellVolatility = (bars: readonly (OhlcBar | null)[], options: RangeVolatilityOptions) =>
  rangeVolatility(bars, 'rogersSatchell', options);
export const yangZhangVolatility = (bars: readonly (OhlcBar | null)[], options: RangeVolatilityOptions) =>
  rangeVolatility(bars, 'yangZhang', options);
