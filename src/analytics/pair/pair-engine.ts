// The pair engine: fed one aligned close at a time, it gives the hedge ratio and intercept over
// the last `lookback` closes, the spread y − β·x, its z-score over the last `window` spreads
// (ddof 1), the correlation of the legs' simple returns over the last `window` returns, and the
// trading signal. Every step is O(1) for hedge=ols and hedge=kalman. A value is null until its
// window is full, never computed from fewer points than asked. Live pairs and recomputations
// from stored bars run this same class.
import { RollingCorrelation, RollingZScore } from '../../stats/rolling/index.js';
import { referenceLog } from '../../stats/returns/reference-log.js';
import type { PairParams } from '../params.js';
import { createHedgeEstimator, type Hedge, type HedgeEstimator, type KalmanSeed } from './hedge-estimators.js';
import { signalOf, type Signal } from './signal.js';

export interface PairInput {
  start: number;
  /** Close of x (raw price), carried forward when x had no bar in the bucket. */
  x: number;
  y: number;
  carriedX: boolean;
  carriedY: boolean;
}

export interface PairPoint extends PairInput {
  hedgeRatio: number | null;
  intercept: number | null;
  spread: number | null;
  zscore: number | null;
  correlation: number | null;
  signal: Signal | null;
}

/** What the ADF / Engle-Granger / half-life step needs: the lookback window and the latest β. */
export interface TestInputs {
  start: number;
  /** Price-transformed legs over the last `lookback` points, oldest first. */
  x: Float64Array;
  y: Float64Array;
  hedgeRatio: number;
}

export class PairEngine {
  private readonly hedge: HedgeEstimator;
  private readonly spreadZ: RollingZScore;
  private readonly returnCorrelation: RollingCorrelation;
  private readonly ringX: Float64Array;
  private readonly ringY: Float64Array;
  private readonly transform: (price: number) => number;
  private count = 0;
  private previousX = Number.NaN;
  private previousY = Number.NaN;
  private lastHedge: Hedge | null = null;
  private lastStart = Number.NaN;

  constructor(
    readonly params: PairParams,
    kalmanStart?: KalmanSeed,
  ) {
    this.hedge = createHedgeEstimator(params, kalmanStart);
    this.spreadZ = new RollingZScore(params.window, { ddof: 1 });
    this.returnCorrelation = new RollingCorrelation(params.window);
    this.ringX = new Float64Array(params.lookback);
    this.ringY = new Float64Array(params.lookback);
    this.transform = params.price === 'log' ? referenceLog : (p) => p;
  }

  push(input: PairInput): PairPoint {
    const tx = this.transform(input.x);
    const ty = this.transform(input.y);
    const slot = this.count % this.params.lookback;
    this.ringX[slot] = tx;
    this.ringY[slot] = ty;
    this.count++;
    this.lastStart = input.start;

    const hedge = this.hedge.add(tx, ty);
    this.lastHedge = hedge;
    const spread = hedge === null ? null : ty - hedge.beta * tx;
    const zscore = this.spreadZ.add(spread);

    const hasPrevious = this.previousX === this.previousX;
    const returnX = hasPrevious ? input.x / this.previousX - 1 : null;
    const returnY = hasPrevious ? input.y / this.previousY - 1 : null;
    const correlation = this.returnCorrelation.add(returnX, returnY);
    this.previousX = input.x;
    this.previousY = input.y;

    // Fields copied one by one, not spread: V8 gives every object built by a spread followed by
    // more properties a hidden class of its own, which made each point's reads (alert metrics,
    // serialisation) megamorphic lookups that miss the inline caches.
    return {
      start: input.start,
      x: input.x,
      y: input.y,
      carriedX: input.carriedX,
      carriedY: input.carriedY,
      hedgeRatio: hedge === null ? null : hedge.beta,
      intercept: hedge === null ? null : hedge.alpha,
      spread,
      zscore,
      correlation,
      signal: signalOf(zscore, this.params.entry, this.params.exit),
    };
  }

  /** The lookback window and latest hedge ratio, or null until both exist. */
  testInputs(): TestInputs | null {
    const n = this.params.lookback;
    if (this.count < n || this.lastHedge === null) return null;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const first = this.count % n;
    x.set(this.ringX.subarray(first), 0);
    x.set(this.ringX.subarray(0, first), n - first);
    y.set(this.ringY.subarray(first), 0);
    y.set(this.ringY.subarray(0, first), n - first);
    return { start: this.lastStart, x, y, hedgeRatio: this.lastHedge.beta };
  }

  /** Kalman state after the last point (hedge=kalman), to restart a recomputation there. */
  kalmanSeed(): KalmanSeed | undefined {
    return this.hedge.seed?.();
  }
}
