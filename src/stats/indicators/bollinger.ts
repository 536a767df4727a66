// Bollinger Bands: middle = trailing mean of `window` closes, upper/lower = middle ± k·std, with
// the population (ddof 0, Bollinger's definition) or sample (ddof 1, pandas default) std.
// https://www.bollingerbands.com/bollinger-band-rules

import { assertDdof, assertFiniteObservation, assertObservations, type Observation } from '../rolling/input-checks.js';
import { WindowEstimator } from '../rolling/window-estimator.js';
import { WindowMoments } from '../rolling/window-moments.js';

export interface BollingerOptions {
  /** Default 20. */
  window?: number;
  /** Band width in standard deviations, default 2. */
  k?: number;
  /** 0 = population std (default), 1 = sample std. */
  ddof?: 0 | 1;
}

export interface BollingerValue {
  middle: number;
  std: number;
  upper: number;
  lower: number;
}

export interface BollingerSeries {
  middle: (number | null)[];
  std: (number | null)[];
  upper: (number | null)[];
  lower: (number | null)[];
}

interface Settings {
  window: number;
  k: number;
  ddof: number;
}

function settings(options: BollingerOptions): Settings {
  const k = options.k ?? 2;
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0)
    throw new Error(`k must be a finite number >= 0, got ${String(k)}`);
  const ddof = options.ddof ?? 0;
  assertDdof(ddof);
  return { window: options.window ?? 20, k, ddof };
}

function bandsOf(moments: WindowMoments, s: Settings): BollingerValue | null {
  const middle = moments.mean();
  const variance = moments.variance(s.ddof);
  if (middle !== middle || variance !== variance) return null;
  const std = Math.sqrt(variance);
  return { middle, std, upper: middle + s.k * std, lower: middle - s.k * std };
}

/** Streaming Bollinger Bands; null until `window` closes are in or while one is missing. */
export class Bollinger extends WindowEstimator<[close: Observation], BollingerValue> {
  private readonly moments: WindowMoments;
  private readonly settings: Settings;

  constructor(options: BollingerOptions = {}) {
    const s = settings(options);
    const moments = new WindowMoments(s.window);
    super('Bollinger', moments, s.window);
    this.moments = moments;
    this.settings = s;
  }

  protected check([close]: [Observation]): void {
    assertFiniteObservation(close, 'close');
  }

  protected push([close]: [Observation]): void {
    this.moments.push(close === null ? Number.NaN : close);
  }

  protected compute(): BollingerValue | null {
    return bandsOf(this.moments, this.settings);
  }
}

/** Bollinger Bands aligned with `closes`. */
export function bollinger(closes: ArrayLike<Observation>, options: BollingerOptions = {}): BollingerSeries {
  assertObservations(closes, 'closes');
  const s = settings(options);
  const moments = new WindowMoments(s.window);
  const n = closes.length;
  const out: BollingerSeries = { middle: new Array(n), std: new Array(n), upper: new Array(n), lower: new Array(n) };
  for (let i = 0; i < n; i++) {
    const c = closes[i];
    moments.push(c === null ? Number.NaN : c);
    const bands = bandsOf(moments, s);
    out.middle[i] = bands === null ? null : bands.middle;
    out.std[i] = bands === null ? null : bands.std;
    out.upper[i] = bands === null ? null : bands.upper;
    out.lower[i] = bands === null ? null : bands.lower;
  }
  return out;
}
