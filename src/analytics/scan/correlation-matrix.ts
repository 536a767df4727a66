// Pearson correlation of simple returns between every two instruments over their last `window`
// aligned returns, with the library's rolling correlation (null where a leg is constant).
import { simpleReturns } from '../../stats/returns/index.js';
import { RollingCorrelation } from '../../stats/rolling/index.js';

export interface CorrelationMatrix {
  /** matrix[i][j]; 1 on the diagonal (null for a leg without return variance). */
  matrix: (number | null)[][];
  /** Returns per instrument the matrix was computed from. */
  nobs: number;
}

/** `closes` aligned per instrument; null entries when fewer than `window` returns exist. */
export function correlationMatrix(closes: readonly Float64Array[], window: number): CorrelationMatrix {
  const n = closes.length;
  const length = n > 0 ? closes[0].length : 0;
  const nobs = Math.min(window, Math.max(0, length - 1));
  const returns = closes.map(
    (c) => simpleReturns(Array.from(c.subarray(Math.max(0, length - window - 1)))).slice(1) as number[],
  );
  const matrix = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
  if (nobs < window) return { matrix, nobs };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const estimator = new RollingCorrelation(window);
      for (let t = 0; t < window; t++) estimator.add(returns[i][t], returns[j][t]);
      matrix[i][j] = matrix[j][i] = estimator.value;
    }
  }
  return { matrix, nobs };
}
