// Dynamic hedge ratio: a Kalman filter on y_t = intercept_t + slope_t·x_t + v_t whose
// coefficients follow random walks θ_t = θ_{t−1} + w_t, w ~ N(0, Vw·I), Vw = δ/(1−δ), v ~ N(0, Ve).
// The prediction step is applied at every bar including the first (R_0 = P_{−1} + Vw), unlike
// the variant in Chan, "Algorithmic Trading" (2013), ch. 3, which skips it at t = 0.
// Recursion: a = θ, R = P + Vw, ŷ = H·a, e = y − ŷ, Q = H·R·H' + Ve, K = R·H'/Q, θ = a + K·e,
// P = R − K·(H·R), with H = [1, x]. The operation order, including the fused multiply-adds the
// reference's BLAS used for its dot products (ŷ, H·R, H·(R·H')), reproduces kalman.json bit for bit.
// A bar with a missing x or y only predicts: θ unchanged, P = R, no ŷ/e/Q.
// https://en.wikipedia.org/wiki/Kalman_filter#Predict

import { fma } from '../rolling/exact-fma.js';
import {
  assertFiniteObservation,
  assertObservations,
  assertSameLength,
  type Observation,
} from '../rolling/input-checks.js';
import type { Restorable } from '../rolling/window-estimator.js';
import { WindowEstimator } from '../rolling/window-estimator.js';

export interface KalmanHedgeOptions {
  /** Coefficient drift δ in [0, 1): Vw = δ/(1−δ). Smaller = slower-moving hedge ratio. */
  delta: number;
  /** Observation noise variance Ve > 0. */
  observationVariance: number;
  /** θ_{−1} = [intercept, slope]; default [0, 0]. */
  initialState?: readonly [number, number];
  /** P_{−1} (2×2); default zeros. */
  initialCovariance?: readonly [readonly [number, number], readonly [number, number]];
}

export interface KalmanStep {
  intercept: number;
  /** The hedge ratio. */
  slope: number;
  P00: number;
  P01: number;
  P11: number;
  /** One-step prediction of y before seeing it; null on a bar with a missing value. */
  yhat: number | null;
  /** Prediction error y − ŷ. */
  e: number | null;
  /** Variance of the prediction error. */
  Q: number | null;
  sqrtQ: number | null;
}

export interface KalmanSeries {
  intercept: number[];
  slope: number[];
  P00: number[];
  P01: number[];
  P11: number[];
  yhat: (number | null)[];
  e: (number | null)[];
  Q: (number | null)[];
  sqrtQ: (number | null)[];
}

function finite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

/** The filter state θ, P and the last step's prediction, with save/restore for `replace`. */
export class KalmanState implements Restorable {
  readonly vw: number;
  readonly ve: number;
  // θ = [s0, s1]; P = [[p00, p01], [p10, p11]] (kept unsymmetrised, as the reference does).
  s0: number;
  s1: number;
  p00: number;
  p01: number;
  p10: number;
  p11: number;
  yhat = Number.NaN;
  e = Number.NaN;
  q = Number.NaN;
  private steps = 0;
  private readonly saved = new Float64Array(10);
  private hasSaved = false;

  constructor(options: KalmanHedgeOptions) {
    if (options === null || typeof options !== 'object') throw new Error('Kalman options must be an object');
    const delta = finite(options.delta, 'delta');
    if (delta < 0 || delta >= 1) throw new Error(`delta must satisfy 0 <= delta < 1, got ${delta}`);
    const ve = finite(options.observationVariance, 'observationVariance');
    if (ve <= 0) throw new Error(`observationVariance must be > 0, got ${ve}`);
    this.vw = delta / (1 - delta);
    this.ve = ve;
    const state = options.initialState ?? [0, 0];
    const p = options.initialCovariance ?? [
      [0, 0],
      [0, 0],
    ];
    this.s0 = finite(state[0], 'initialState[0]');
    this.s1 = finite(state[1], 'initialState[1]');
    this.p00 = finite(p[0][0], 'initialCovariance[0][0]');
    this.p01 = finite(p[0][1], 'initialCovariance[0][1]');
    this.p10 = finite(p[1][0], 'initialCovariance[1][0]');
    this.p11 = finite(p[1][1], 'initialCovariance[1][1]');
  }

  /** One predict + update step (predict only when x or y is NaN). */
  push(x: number, y: number): void {
    this.steps++;
    const r00 = this.p00 + this.vw;
    const r01 = this.p01;
    const r10 = this.p10;
    const r11 = this.p11 + this.vw;
    if (x !== x || y !== y) {
      this.p00 = r00;
      this.p11 = r11;
      this.yhat = this.e = this.q = Number.NaN;
      return;
    }
    const a0 = this.s0;
    const a1 = this.s1;
    const yhat = fma(x, a1, a0);
    const e = y - yhat;
    const hr0 = fma(x, r10, r00); // (H·R)_0
    const hr1 = fma(x, r11, r01); // (H·R)_1
    const rh0 = r00 + r01 * x; // (R·H')_0
    const rh1 = r10 + r11 * x; // (R·H')_1
    const q = fma(x, rh1, rh0) + this.ve;
    const k0 = rh0 / q;
    const k1 = rh1 / q;
    this.s0 = a0 + k0 * e;
    this.s1 = a1 + k1 * e;
    this.p00 = r00 - k0 * hr0;
    this.p01 = r01 - k0 * hr1;
    this.p10 = r10 - k1 * hr0;
    this.p11 = r11 - k1 * hr1;
    this.yhat = yhat;
    this.e = e;
    this.q = q;
  }

  step(): KalmanStep {
    const observed = this.q === this.q;
    return {
      intercept: this.s0,
      slope: this.s1,
      P00: this.p00,
      P01: this.p01,
      P11: this.p11,
      yhat: observed ? this.yhat : null,
      e: observed ? this.e : null,
      Q: observed ? this.q : null,
      sqrtQ: observed ? Math.sqrt(this.q) : null,
    };
  }

  get count(): number {
    return this.steps;
  }

  save(): void {
    const s = this.saved;
    s[0] = this.s0;
    s[1] = this.s1;
    s[2] = this.p00;
    s[3] = this.p01;
    s[4] = this.p10;
    s[5] = this.p11;
    s[6] = this.yhat;
    s[7] = this.e;
    s[8] = this.q;
    s[9] = this.steps;
    this.hasSaved = true;
  }

  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.s0 = s[0];
    this.s1 = s[1];
    this.p00 = s[2];
    this.p01 = s[3];
    this.p10 = s[4];
    this.p11 = s[5];
    this.yhat = s[6];
    this.e = s[7];
    this.q = s[8];
    this.steps = s[9];
    return true;
  }
}

/** Streaming Kalman hedge ratio; `add(x, y)` with x the hedge leg, y the leg being hedged. */
export class KalmanHedge extends WindowEstimator<[x: Observation, y: Observation], KalmanStep> {
  private readonly filter: KalmanState;

  constructor(options: KalmanHedgeOptions) {
    const filter = new KalmanState(options);
    super('KalmanHedge', filter, 1);
    this.filter = filter;
  }

  protected check([x, y]: [Observation, Observation]): void {
    assertFiniteObservation(x, 'x');
    assertFiniteObservation(y, 'y');
  }

  protected push([x, y]: [Observation, Observation]): void {
    this.filter.push(x === null ? Number.NaN : x, y === null ? Number.NaN : y);
  }

  protected compute(): KalmanStep {
    return this.filter.step();
  }
}

/** Runs the filter over whole series; every output is aligned with the inputs. */
export function kalmanHedge(
  x: ArrayLike<Observation>,
  y: ArrayLike<Observation>,
  options: KalmanHedgeOptions,
): KalmanSeries {
  assertObservations(x, 'x');
  assertObservations(y, 'y');
  assertSameLength(x, y, 'x', 'y');
  const filter = new KalmanState(options);
  const n = x.length;
  const out: KalmanSeries = {
    intercept: new Array(n),
    slope: new Array(n),
    P00: new Array(n),
    P01: new Array(n),
    P11: new Array(n),
    yhat: new Array(n),
    e: new Array(n),
    Q: new Array(n),
    sqrtQ: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    filter.push(xi === null ? Number.NaN : xi, yi === null ? Number.NaN : yi);
    const s = filter.step();
    out.intercept[i] = s.intercept;
    out.slope[i] = s.slope;
    out.P00[i] = s.P00;
    out.P01[i] = s.P01;
    out.P11[i] = s.P11;
    out.yhat[i] = s.yhat;
    out.e[i] = s.e;
    out.Q[i] = s.Q;
    out.sqrtQ[i] = s.sqrtQ;
  }
  return out;
}
