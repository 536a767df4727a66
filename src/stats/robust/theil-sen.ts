// Theil–Sen slope estimator with Sen's confidence interval, as scipy.stats.theilslopes
// (scipy 1.10): slope = median of all pairwise slopes (pairs with equal x skipped); intercept
// 'separate' = median(y) − slope·median(x) (scipy's default) or 'joint' = median(y − slope·x).
// The CI takes order statistics of the slopes at ranks from a normal approximation with tie
// corrections in x and y: Sen, "Estimates of the regression coefficient based on Kendall's
// tau", JASA 63 (1968), eq. 2.6. https://en.wikipedia.org/wiki/Theil%E2%80%93Sen_estimator
// Holds all n(n−1)/2 slopes in one Float64Array (8 bytes each): n = 10,000 needs 400 MB;
// larger inputs are rejected rather than exhausting memory.

import { normalQuantile } from '../distributions/index.js';
import { checkLineInputs, roundHalfEven, tieGroupSizes } from './robust-inputs.js';
import { median, orderStatistics } from './select.js';

export interface TheilSenOptions {
  /** Confidence level of the slope interval, default 0.95 (scipy's `alpha`). */
  alpha?: number;
  /** How the intercept is estimated; default 'separate' (scipy's default). */
  method?: 'separate' | 'joint';
}

export interface TheilSenResult {
  slope: number;
  intercept: number;
  /** Lower and upper confidence bounds of the slope. */
  lowSlope: number;
  highSlope: number;
}

/** Largest number of pairwise slopes held in memory (400 MB; n = 10,000 points fits). */
const MAX_SLOPES = 50_000_000;

function pairwiseSlopes(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const n = x.length;
  const pairs = (n * (n - 1)) / 2;
  if (pairs > MAX_SLOPES) {
    throw new Error(`Theil-Sen on ${n} points needs ${pairs} pairwise slopes, more than the ${MAX_SLOPES} allowed`);
  }
  const slopes = new Float64Array(pairs);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - xi;
      // (y_j − y_i)/(x_j − x_i) equals (y_i − y_j)/(x_i − x_j) exactly: negation is exact.
      if (dx !== 0) slopes[count++] = (y[j] - yi) / dx;
    }
  }
  return slopes.subarray(0, count);
}

function tieTerm(sizes: readonly number[]): number {
  let sum = 0;
  for (const t of sizes) sum += t * (t - 1) * (2 * t + 5);
  return sum;
}

export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>, options: TheilSenOptions = {}): TheilSenResult {
  checkLineInputs(x, y);
  const alpha = options.alpha ?? 0.95;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1))
    throw new Error(`alpha must be in (0, 1), got ${String(alpha)}`);
  const method = options.method ?? 'separate';
  if (method !== 'separate' && method !== 'joint')
    throw new Error(`method must be 'separate' or 'joint', got ${String(method)}`);

  const slopes = pairwiseSlopes(x, y);
  const count = slopes.length;
  const n = x.length;
  // scipy: alpha' = 1 − alpha (computed first, so 0.95 gives 0.050000000000000044), z = Φ⁻¹(alpha'/2).
  const tail = alpha > 0.5 ? 1 - alpha : alpha;
  const z = normalQuantile(tail / 2);
  // Integer part is exact; scipy multiplies by 1/18. rather than dividing.
  const sigma = Math.sqrt(
    (1 / 18) * (n * (n - 1) * (2 * n + 5) - tieTerm(tieGroupSizes(x)) - tieTerm(tieGroupSizes(y))),
  );
  const upperRank = Math.min(roundHalfEven((count - z * sigma) / 2), count - 1);
  const lowerRank = Math.max(roundHalfEven((count + z * sigma) / 2) - 1, 0);
  const middle = count >>> 1;
  const ranks = count % 2 === 1 ? [middle] : [middle - 1, middle];
  const [lowSlope, highSlope, ...middles] = orderStatistics(slopes, [lowerRank, upperRank, ...ranks]);
  const slope = middles.length === 1 ? middles[0] : (middles[0] + middles[1]) / 2;

  let intercept: number;
  if (method === 'separate') intercept = median(y) - slope * median(x);
  else {
    const residual = new Float64Array(n);
    for (let i = 0; i < n; i++) residual[i] = y[i] - slope * x[i];
    intercept = median(residual);
  }
  return { slope, intercept, lowSlope, highSlope };
}
