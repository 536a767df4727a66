// Lag-order selection for the ADF regression (statsmodels `_autolag`): every order p = 0…maxlag
// is fitted on the same rows. One Householder QR of the largest design gives all of them: with
// z = Qᵀy, the model on the first j columns has ssr_j = Σ_{i≥j} z_i² and the t-value of its last
// coefficient is z_{j−1}/σ̂_j (up to sign).
import { applyQt, firstDependentColumn, householderQr } from '../linalg/householder-qr.js';
import { equilibrateColumns } from '../linalg/least-squares.js';
import { buildAdfDesign, trendTermCount } from './adf-design.js';
import type { DeterministicTerms } from './mackinnon-tables.js';

export type AutolagMethod = 'AIC' | 'BIC' | 't-stat';

/** Standard normal 95 % quantile, the t-stat rule's cut-off (statsmodels' literal). */
export const TSTAT_CUTOFF = 1.6448536269514722;

export interface LagSearch {
  bestLag: number;
  /** IC (or |t| for 't-stat') of the chosen order. */
  icbest: number;
  /** Criterion for p = 0…maxlag. */
  icPath: number[];
}

export function searchLag(
  x: Float64Array,
  diff: Float64Array,
  regression: DeterministicTerms,
  maxlag: number,
  method: AutolagMethod,
  name = 'x',
): LagSearch {
  const { design, response, rows, cols } = buildAdfDesign(x, diff, regression, maxlag);
  equilibrateColumns(design, rows, cols);
  const qr = householderQr(design, rows, cols);
  const dependent = firstDependentColumn(qr);
  if (dependent >= 0) throw collinearDesignError(regression, name);
  const z = applyQt(qr, response);

  // tail[j] = Σ_{i ≥ j} z_i², the ssr of the model on the first j columns.
  const tail = new Float64Array(cols + 1);
  let acc = 0;
  for (let i = rows - 1; i >= cols; i--) acc += z[i] * z[i];
  tail[cols] = acc;
  for (let j = cols - 1; j >= 0; j--) tail[j] = tail[j + 1] + z[j] * z[j];

  const first = trendTermCount(regression) + 1;
  const icPath: number[] = [];
  if (method === 't-stat') {
    for (let p = 0; p <= maxlag; p++) {
      const j = first + p;
      const sigma = Math.sqrt(tail[j] / (rows - j));
      icPath.push(Math.abs(z[j - 1]) / sigma);
    }
    let bestLag = 0;
    for (let p = maxlag; p >= 0; p--) {
      if (icPath[p] >= TSTAT_CUTOFF) {
        bestLag = p;
        break;
      }
    }
    return { bestLag, icbest: icPath[bestLag], icPath };
  }

  const penalty = method === 'AIC' ? 2 : Math.log(rows);
  const constant = rows * (Math.log(2 * Math.PI) + 1);
  let bestLag = 0;
  for (let p = 0; p <= maxlag; p++) {
    const j = first + p;
    // −2·llf + penalty·k with llf = −m/2·(ln 2π + ln(ssr/m) + 1).
    const ic = constant + rows * Math.log(tail[j] / rows) + penalty * j;
    icPath.push(ic);
    if (ic < icPath[bestLag]) bestLag = p;
  }
  return { bestLag, icbest: icPath[bestLag], icPath };
}

export function collinearDesignError(regression: DeterministicTerms, name = 'x'): Error {
  return new RangeError(
    `the ADF regression (regression '${regression}') is singular: the lagged level or differences of ` +
      `${name} are collinear with each other or with the deterministic terms (e.g. ${name} is an exact ` +
      'linear trend)',
  );
}
