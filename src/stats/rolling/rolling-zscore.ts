// Rolling z-score (x − mean)/std over a trailing window, as pandas
// `(s − s.rolling(w).mean()) / s.rolling(w).std()`. A constant window has std exactly 0 and
// no z-score (pandas: 0/0 = NaN), never a huge number made of round-off.

import { assertDdof, assertFiniteObservation, nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { windowBatch } from './window-batch.js';
import type { RollingStdOptions } from './rolling-std.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments, WindowStatistic } from './window-moments.js';

/** Streaming rolling z-score of the latest value. */
export class RollingZScore extends WindowEstimator<[value: Observation], number> {
  readonly ddof: 0 | 1;
  private readonly moments: WindowMoments;

  constructor(
    readonly window: number,
    options: RollingStdOptions = {},
  ) {
    const moments = new WindowMoments(window);
    super('RollingZScore', moments, window);
    this.moments = moments;
    this.ddof = options.ddof ?? 1;
    assertDdof(this.ddof);
  }

  /** Mean of the current window (null if none). */
  get mean(): number | null {
    const m = this.moments.mean();
    return m === m ? m : null;
  }

  /** Standard deviation of the current window (null if none). */
  get std(): number | null {
    const s = Math.sqrt(this.moments.variance(this.ddof));
    return s === s ? s : null;
  }

  protected check([value]: [Observation]): void {
    assertFiniteObservation(value, 'value');
  }

  protected push([value]: [Observation]): void {
    this.moments.push(value === null ? Number.NaN : value);
  }

  protected compute(): number | null {
    return nanToNull(this.moments.zscore(this.ddof));
  }
}

/** Rolling z-score aligned with `values`; null where pandas gives NaN. */
export function rollingZScore(
  values: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  return typedToNullable(rollingZScoreF64(values, window, options));
}

/** Rolling z-score as a Float64Array (NaN = missing in and out), for long series. */
export function rollingZScoreF64(
  values: ArrayLike<Observation> | Float64Array,
  window: number,
  options: RollingStdOptions = {},
): Float64Array {
  const ddof = options.ddof ?? 1;
  assertDdof(ddof);
  return windowBatch(values, window, ddof === 0 ? WindowStatistic.ZScore0 : WindowStatistic.ZScore1);
}
