// Exponentially weighted moving mean, variance and std, as pandas
// `s.ewm(span|halflife|com|alpha, adjust, ignore_na).mean() / .var() / .std()` (bias=False).
// Definitions: https://pandas.pydata.org/pandas-docs/version/1.5/user_guide/window.html#exponentially-weighted-window

import { assertFiniteObservation, assertObservations, nanToNull, type Observation } from '../rolling/input-checks.js';
import { WindowEstimator } from '../rolling/window-estimator.js';
import { EwmRecursion } from './ewm-recursion.js';
import { resolveMinPeriods, smoothingFactor, type EwmOptions } from './ewm-options.js';

export interface EwmValue {
  mean: number;
  /** Bias-corrected (pandas bias=False) variance; null at the first observation. */
  variance: number | null;
  std: number | null;
}

export interface EwmSeries {
  mean: (number | null)[];
  variance: (number | null)[];
  std: (number | null)[];
}

function createRecursion(options: EwmOptions): EwmRecursion {
  const alpha = smoothingFactor(options);
  const adjust = options.adjust ?? true;
  const ignoreNa = options.ignoreNa ?? false;
  if (typeof adjust !== 'boolean') throw new Error(`adjust must be a boolean, got ${String(adjust)}`);
  if (typeof ignoreNa !== 'boolean') throw new Error(`ignoreNa must be a boolean, got ${String(ignoreNa)}`);
  return new EwmRecursion(alpha, adjust, ignoreNa, resolveMinPeriods(options.minPeriods));
}

function readValue(r: EwmRecursion): EwmValue | null {
  const mean = r.currentMean();
  if (mean !== mean) return null;
  const variance = nanToNull(r.currentVariance());
  return { mean, variance, std: variance === null ? null : Math.sqrt(variance) };
}

/** Streaming EWM; `add` returns null until `minPeriods` observations (default 1) are in. */
export class Ewm extends WindowEstimator<[value: Observation], EwmValue> {
  readonly alpha: number;
  private readonly recursion: EwmRecursion;

  constructor(options: EwmOptions) {
    const recursion = createRecursion(options);
    super('Ewm', recursion, 1);
    this.recursion = recursion;
    this.alpha = recursion.alpha;
  }

  override get isStable(): boolean {
    return this.recursion.observationCount >= this.recursion.minPeriods;
  }

  protected check([value]: [Observation]): void {
    assertFiniteObservation(value, 'value');
  }

  protected push([value]: [Observation]): void {
    this.recursion.push(value === null ? Number.NaN : value);
  }

  protected compute(): EwmValue | null {
    return readValue(this.recursion);
  }
}

/** EWM mean, variance and std aligned with `values`; null where pandas gives NaN. */
export function ewm(values: ArrayLike<Observation>, options: EwmOptions): EwmSeries {
  assertObservations(values, 'values');
  const r = createRecursion(options);
  const n = values.length;
  const out: EwmSeries = { mean: new Array(n), variance: new Array(n), std: new Array(n) };
  for (let i = 0; i < n; i++) {
    const v = values[i];
    r.push(v === null ? Number.NaN : v);
    const variance = nanToNull(r.currentVariance());
    out.mean[i] = nanToNull(r.currentMean());
    out.variance[i] = variance;
    out.std[i] = variance === null ? null : Math.sqrt(variance);
  }
  return out;
}

/** EWM mean only (the exponential moving average), aligned with `values`. */
export function ewmMean(values: ArrayLike<Observation>, options: EwmOptions): (number | null)[] {
  assertObservations(values, 'values');
  const r = createRecursion(options);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    r.push(v === null ? Number.NaN : v);
    out[i] = nanToNull(r.currentMean());
  }
  return out;
}
