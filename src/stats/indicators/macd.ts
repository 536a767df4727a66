// MACD (Appel): macd = EMA_fast(close) − EMA_slow(close), signal = EMA_signal(macd),
// histogram = macd − signal, with every EMA pandas `ewm(span, adjust=False)` seeded with the
// first value, so values exist from the first bar. https://www.investopedia.com/terms/m/macd.asp

import { assertFiniteObservation, assertObservations, nanToNull, type Observation } from '../rolling/input-checks.js';
import { RestorableGroup } from '../rolling/restorable-group.js';
import { WindowEstimator } from '../rolling/window-estimator.js';
import type { EwmRecursion } from '../ewm/ewm-recursion.js';
import { assertPeriod, emaOfSpan } from './ema.js';

export interface MacdOptions {
  fast?: number;
  slow?: number;
  signal?: number;
}

export interface MacdValue {
  emaFast: number;
  emaSlow: number;
  macd: number;
  signal: number;
  histogram: number;
}

export interface MacdSeries {
  emaFast: (number | null)[];
  emaSlow: (number | null)[];
  macd: (number | null)[];
  signal: (number | null)[];
  histogram: (number | null)[];
}

interface MacdState {
  fast: EwmRecursion;
  slow: EwmRecursion;
  signal: EwmRecursion;
}

function createState(options: MacdOptions): MacdState {
  const fast = options.fast ?? 12;
  const slow = options.slow ?? 26;
  const signal = options.signal ?? 9;
  assertPeriod(fast, 'fast');
  assertPeriod(slow, 'slow');
  assertPeriod(signal, 'signal');
  return { fast: emaOfSpan(fast), slow: emaOfSpan(slow), signal: emaOfSpan(signal) };
}

function push(state: MacdState, close: number): void {
  state.fast.push(close);
  state.slow.push(close);
  state.signal.push(state.fast.currentMean() - state.slow.currentMean());
}

function read(state: MacdState): MacdValue | null {
  const emaFast = state.fast.currentMean();
  const emaSlow = state.slow.currentMean();
  const macd = emaFast - emaSlow;
  const signal = state.signal.currentMean();
  if (macd !== macd || signal !== signal) return null;
  return { emaFast, emaSlow, macd, signal, histogram: macd - signal };
}

/** Streaming MACD (default 12/26/9); null only before the first close. */
export class Macd extends WindowEstimator<[close: Observation], MacdValue> {
  private readonly state: MacdState;

  constructor(options: MacdOptions = {}) {
    const state = createState(options);
    super('Macd', new RestorableGroup([state.fast, state.slow, state.signal]), 1);
    this.state = state;
  }

  protected check([close]: [Observation]): void {
    assertFiniteObservation(close, 'close');
  }

  protected push([close]: [Observation]): void {
    push(this.state, close === null ? Number.NaN : close);
  }

  protected compute(): MacdValue | null {
    return read(this.state);
  }
}

/** MACD aligned with `closes`; a missing close carries the EMAs forward (pandas ignore_na=False). */
export function macd(closes: ArrayLike<Observation>, options: MacdOptions = {}): MacdSeries {
  assertObservations(closes, 'closes');
  const state = createState(options);
  const n = closes.length;
  const out: MacdSeries = {
    emaFast: new Array(n),
    emaSlow: new Array(n),
    macd: new Array(n),
    signal: new Array(n),
    histogram: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = closes[i];
    push(state, c === null ? Number.NaN : c);
    const value = read(state);
    out.emaFast[i] = nanToNull(state.fast.currentMean());
    out.emaSlow[i] = nanToNull(state.slow.currentMean());
    out.macd[i] = value === null ? null : value.macd;
    out.signal[i] = value === null ? null : value.signal;
    out.histogram[i] = value === null ? null : value.histogram;
  }
  return out;
}
