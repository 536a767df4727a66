// The augmented Dickey-Fuller regression design Δx_t on [trend terms, x_{t−1}, Δx_{t−1}, …, Δx_{t−p}]
// as a column-major Float64Array, with columns ordered so that the model with p lags is a
// prefix of the model with more lags (the nested fits of the lag search share one QR).
import type { DeterministicTerms } from './mackinnon-tables.js';

export function trendTermCount(regression: DeterministicTerms): number {
  return regression === 'n' ? 0 : regression.length;
}

export interface AdfDesign {
  /** Column-major rows×cols matrix. */
  design: Float64Array;
  /** Δx_t for the rows of the design. */
  response: Float64Array;
  rows: number;
  cols: number;
  /** Column index of the lagged level x_{t−1}. */
  levelColumn: number;
}

/**
 * Builds the design on the last n − 1 − sampleLag differences (sampleLag ≥ lags), so that all
 * lag orders up to sampleLag are fitted on the same rows. Trend columns are 1, u, u² with u an
 * affine rescaling of t = 1…rows onto about [−1, 1]: same column space as statsmodels' 1, t, t²,
 * hence the same statistics, but well conditioned.
 */
export function buildAdfDesign(
  x: Float64Array,
  diff: Float64Array,
  regression: DeterministicTerms,
  lags: number,
  sampleLag = lags,
): AdfDesign {
  const rows = diff.length - sampleLag;
  const ntrend = trendTermCount(regression);
  const cols = ntrend + 1 + lags;
  const design = new Float64Array(rows * cols);
  if (ntrend >= 1) design.fill(1, 0, rows);
  if (ntrend >= 2) {
    const center = (rows - 1) / 2;
    const half = Math.max(center, 1);
    for (let r = 0; r < rows; r++) {
      const u = (r - center) / half;
      design[rows + r] = u;
      if (ntrend >= 3) design[2 * rows + r] = u * u;
    }
  }
  const levelColumn = ntrend;
  design.set(x.subarray(sampleLag, sampleLag + rows), levelColumn * rows);
  for (let i = 1; i <= lags; i++)
    design.set(diff.subarray(sampleLag - i, sampleLag - i + rows), (levelColumn + i) * rows);
  const response = diff.slice(sampleLag, sampleLag + rows);
  return { design, response, rows, cols, levelColumn };
}
