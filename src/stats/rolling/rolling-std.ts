// Trailing-window standard deviation and variance, as pandas `s.rolling(window).std(ddof)`:
// ddof 1 (sample, pandas' default) or 0 (population). A window of identical values gives
// exactly 0, as pandas does.

import { assertDdof, assertFiniteObservation, nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { windowBatch } from './window-batch.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments, WindowStatistic } from './window-moments.js';

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

function rollingMoment(
  values: ArrayLike<Observation> | Float64Array,
  window: number,
  ddof: number,
  root: boolean,
): Float64Array {
  assertDdof(ddof);
  const statistic = root
    ? ddof === 0
      ? WindowStatistic.Std0
      : WindowStatistic.Std1
    : ddof === 0
      ? WindowStatistic.Variance0
      : WindowStatistic.Variance1;
  return windowBatch(values, window, statistic);
}

/** Rolling standard deviation aligned with `values` (ddof 1 unless told). */
export function rollingStd(
  values: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  return typedToNullable(rollingMoment(values, window, options.ddof ?? 1, true));
}

/** Rolling standard deviation as a Float64Array (NaN = missing in and out). */
export function rollingStdF64(
  values: ArrayLike<Observation> | Float64Array,
  window: number,
  options: RollingStdOptions = {},
): Float64Array {
  return rollingMoment(values, window, options.ddof ?? 1, true);
}

/** Rolling variance aligned with `values` (ddof 1 unless told). */
export function rollingVariance(
  values: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  return typedToNullable(rollingMoment(values, window, options.ddof ?? 1, false));
}
