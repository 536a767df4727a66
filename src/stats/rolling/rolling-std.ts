// Trailing-window standard deviation and variance, as pandas `s.rolling(window).std(ddof)`:
// ddof 1 (sample, pandas' default) or 0 (population). A window of identical values gives
// exactly 0, as pandas does.

import {
  assertDdof,
  assertFiniteObservation,
  assertObservations,
  assertWindow,
  nanToNull,
  type Observation,
} from './input-checks.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments } from './window-moments.js';

export interface RollingStdOptions {
  /** 1 = sample std (default, pandas), 0 = population std. */
  ddof?: 0 | 1;
}

/** Streaming rolling standard deviation. */
export class RollingStd extends WindowEstimator<[value: Observation], number> {
  readonly ddof: 0 | 1;
  private readonly moments: WindowMoments;

  constructor(
    readonly window: number,
    options: RollingStdOptions = {},
  ) {
    const moments = new WindowMoments(window);
    super('RollingStd', moments, window);
    this.moments = moments;
    this.ddof = options.ddof ?? 1;
    assertDdof(this.ddof);
  }

  protected check([value]: [Observation]): void {
    assertFiniteObservation(value, 'value');
  }

  protected push([value]: [Observation]): void {
    this.moments.push(value === null ? Number.NaN : value);
  }

  protected compute(): number | null {
    return nanToNull(Math.sqrt(this.moments.variance(this.ddof)));
  }
}

function rollingMoment(values: ArrayLike<Observation>, window: number, ddof: number, root: boolean): (number | null)[] {
  assertWindow(window);
  assertDdof(ddof);
  assertObservations(values, 'values');
  const moments = new WindowMoments(window);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    moments.push(v === null ? Number.NaN : v);
    const variance = moments.variance(ddof);
    out[i] = nanToNull(root ? Math.sqrt(variance) : variance);
  }
  return out;
}

/** Rolling standard deviation aligned with `values` (ddof 1 unless told). */
export function rollingStd(values: ArrayLike<Observation>, window: number, options: RollingStdOptions = {}): (number | null)[] {
  return rollingMoment(values, window, options.ddof ?? 1, true);
}

/** Rolling variance aligned with `values` (ddof 1 unless told). */
export function rollingVariance(
  values: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  return rollingMoment(values, window, options.ddof ?? 1, false);
}
