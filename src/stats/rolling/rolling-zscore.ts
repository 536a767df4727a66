// Rolling z-score (x − mean)/std over a trailing window, as pandas
// `(s − s.rolling(w).mean()) / s.rolling(w).std()`. A constant window has std exactly 0 and
// no z-score (pandas: 0/0 = NaN), never a huge number made of round-off.

import {
  assertDdof,
  assertFiniteObservation,
  assertObservations,
  assertWindow,
  type Observation,
} from './input-checks.js';
import type { RollingStdOptions } from './rolling-std.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments } from './window-moments.js';

/** z of the latest value against its own window; null when the std is 0 or undefined. */
function zscoreOf(moments: WindowMoments, ddof: number): number | null {
  const variance = moments.variance(ddof);
  if (!(variance > 0)) return null;
  return (moments.latest - moments.mean()) / Math.sqrt(variance);
}

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
    return zscoreOf(this.moments, this.ddof);
  }
}

/** Rolling z-score aligned with `values`; null where pandas gives NaN. */
export function rollingZScore(
  values: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  const ddof = options.ddof ?? 1;
  assertWindow(window);
  assertDdof(ddof);
  assertObservations(values, 'values');
  const moments = new WindowMoments(window);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    moments.push(v === null ? Number.NaN : v);
    out[i] = zscoreOf(moments, ddof);
  }
  return out;
}
