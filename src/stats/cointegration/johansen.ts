// Johansen cointegration-rank test, numerically matching statsmodels 0.13.5 `coint_johansen`:
// reduced-rank regression of Δy_t and y_{t−1} on the lagged differences, then the generalized
// symmetric eigenproblem S_k0·S_00⁻¹·S_0k·v = λ·S_kk·v.
import { applyQ, applyQt, firstDependentColumn, householderQr, type HouseholderQr } from '../linalg/householder-qr.js';
import { equilibrateColumns } from '../linalg/least-squares.js';
import { generalizedSymmetricEigen } from '../linalg/symmetric-eigen.js';
import { matrix, multiply, solveSymmetricPositiveDefinite, transpose, type Matrix } from '../linalg/dense.js';
import { finiteSeries, requireLength, requireNotConstant, type Series } from '../linalg/series-input.js';
import { MAX_EIG_CRITICAL, TRACE_CRITICAL } from './johansen-tables.js';

export type JohansenDetOrder = -1 | 0 | 1;

export interface JohansenOptions {
  /** −1 no deterministic terms, 0 constant (default), 1 linear trend. */
  detOrder?: JohansenDetOrder;
  /** Lagged differences in the VECM (default 1). */
  kArDiff?: number;
}

export interface JohansenResult {
  /** Eigenvalues λ₁ ≥ … ≥ λ_k. */
  eig: number[];
  /** Eigenvectors as columns (evec[i][j] = component i of vector j), vᵀ·S_kk·v = 1, evec[0][j] ≥ 0. */
  evec: number[][];
  /** Each eigenvector divided by its first component (cointegrating weights with y₁'s weight 1). */
  evecNormalized: number[][];
  /** Trace statistics for H0: rank ≤ r, r = 0…k−1. */
  traceStat: number[];
  /** Maximum-eigenvalue statistics for H0: rank = r against r + 1. */
  maxEigStat: number[];
  /** Critical values [90 %, 95 %, 99 %] per row r. */
  traceCrit: [number, number, number][];
  maxEigCrit: [number, number, number][];
  /** Cointegration rank chosen by the sequential trace / max-eigenvalue tests at 95 %. */
  rankTrace95: number;
  rankMaxEig95: number;
  /** Rows of the reduced-rank regression, T − 1 − kArDiff. */
  nobsEffective: number;
  detOrder: JohansenDetOrder;
  kArDiff: number;
}

/** Column-major block of `rows` × `cols`. */
interface Block {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Johansen test on k = series.length aligned series (2 ≤ k ≤ 12). Throws on NaN/Infinity,
 * unequal lengths, a constant series, a sample too short for the lags, or collinear series.
 */
export function johansen(series: readonly Series[], options: JohansenOptions = {}): JohansenResult {
  const detOrder = options.detOrder ?? 0;
  if (detOrder !== -1 && detOrder !== 0 && detOrder !== 1)
    throw new RangeError(`options.detOrder must be -1, 0 or 1, got ${JSON.stringify(detOrder)}`);
  const kArDiff = options.kArDiff ?? 1;
  if (!Number.isInteger(kArDiff) || kArDiff < 0)
    throw new RangeError(`options.kArDiff must be a non-negative integer, got ${String(kArDiff)}`);
  if (!Array.isArray(series))
    throw new TypeError('series must be an array of series (one array of numbers per variable)');
  const k = series.length;
  if (k < 2 || k > 12) throw new RangeError(`johansen needs between 2 and 12 series (critical-value tables), got ${k}`);
  const columns = series.map((s, i) => finiteSeries(s, `series[${i}]`));
  const T = columns[0].length;
  columns.forEach((c, i) => {
    if (c.length !== T)
      throw new RangeError(
        `every series must have the same length: series[0] has ${T} values, series[${i}] has ${c.length}`,
      );
    requireNotConstant(c, `series[${i}]`);
  });
  const demean = detOrder >= 0;
  // Rows must exceed the lagged-difference regressors (+ mean) by at least k + 1.
  const minimum = 1 + kArDiff + k * kArDiff + (demean ? 1 : 0) + k + 1;
  requireLength(T, minimum, 'series', `for ${k} series with kArDiff=${kArDiff} and detOrder=${detOrder}`);

  const levels = detOrder === -1 ? columns : detrend(columns, T, detOrder);
  const m = T - 1 - kArDiff;
  const dx = (j: number, row: number) => levels[j][row + 1] - levels[j][row];

  const r0 = block(m, k, (row, j) => dx(j, kArDiff + row));
  // statsmodels pairs Δy_t with y_{t−kArDiff} (rows 1…); with kArDiff ≥ 1 the lagged differences
  // span y_{t−1} − y_{t−kArDiff}, so the residuals equal those of y_{t−1}. For kArDiff = 0 we use
  // y_{t−1}, where statsmodels 0.13.5 uses y_t (GH 5731 slicing).
  const levelOffset = kArDiff === 0 ? 0 : 1;
  const rk = block(m, k, (row, j) => levels[j][levelOffset + row]);
  const z = block(m, k * kArDiff, (row, c) => dx(c % k, kArDiff + row - 1 - Math.floor(c / k)));
  if (demean) {
    demeanColumns(r0);
    demeanColumns(rk);
    demeanColumns(z);
  }
  if (z.cols > 0) {
    const zq = householderQr(z.data, z.rows, z.cols);
    if (firstDependentColumn(zq) >= 0)
      throw new RangeError('the lagged differences are collinear: the series are linearly dependent');
    projectOut(zq, r0);
    projectOut(zq, rk);
  }

  const s00 = crossProduct(r0, r0, m);
  const sk0 = crossProduct(rk, r0, m);
  const skk = crossProduct(rk, rk, m);
  let lambda: Float64Array;
  let vectors: Matrix;
  try {
    // Σ = S_k0·S_00⁻¹·S_0k, symmetric by construction.
    const s00InvS0k = solveSymmetricPositiveDefinite(s00, transpose(sk0), 'S00');
    const sigma = multiply(sk0, s00InvS0k);
    ({ values: lambda, vectors } = generalizedSymmetricEigen(sigma, skk));
  } catch (error) {
    throw new RangeError(`the series are collinear (singular moment matrix): ${(error as Error).message}`);
  }

  const eig = Array.from(lambda);
  const evec: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const evecNormalized: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let sign = 1;
    for (let i = 0; i < k; i++) {
      const v = vectors.data[i * k + j];
      if (v !== 0) {
        sign = Math.sign(v);
        break;
      }
    }
    for (let i = 0; i < k; i++) evec[i][j] = sign * vectors.data[i * k + j];
    for (let i = 0; i < k; i++) evecNormalized[i][j] = evec[i][j] / evec[0][j];
  }

  const logs = eig.map((l) => Math.log1p(-l));
  const traceStat = eig.map((_, r) => -m * logs.slice(r).reduce((a, b) => a + b, 0));
  const maxEigStat = logs.map((l) => -m * l);
  const traceCrit = eig.map((_, r) => [...TRACE_CRITICAL[detOrder][k - r - 1]] as [number, number, number]);
  const maxEigCrit = eig.map((_, r) => [...MAX_EIG_CRITICAL[detOrder][k - r - 1]] as [number, number, number]);
  return {
    eig,
    evec,
    evecNormalized,
    traceStat,
    maxEigStat,
    traceCrit,
    maxEigCrit,
    rankTrace95: sequentialRank(traceStat, traceCrit),
    rankMaxEig95: sequentialRank(maxEigStat, maxEigCrit),
    nobsEffective: m,
    detOrder,
    kArDiff,
  };
}

/** statsmodels `select_coint_rank`: the first r whose statistic is below its 95 % value. */
function sequentialRank(stats: number[], crit: [number, number, number][]): number {
  let r = 0;
  while (r < stats.length && stats[r] >= crit[r][1]) r++;
  return r;
}

function block(rows: number, cols: number, value: (row: number, col: number) => number): Block {
  const data = new Float64Array(rows * cols);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) data[c * rows + r] = value(r, c);
  return { rows, cols, data };
}

function demeanColumns(b: Block): void {
  for (let c = 0; c < b.cols; c++) {
    const off = c * b.rows;
    let mean = 0;
    for (let r = 0; r < b.rows; r++) mean += b.data[off + r];
    mean /= b.rows;
    for (let r = 0; r < b.rows; r++) b.data[off + r] -= mean;
  }
}

/** Replaces every column of `b` by its residual from the column space of the factored matrix. */
function projectOut(qr: HouseholderQr, b: Block): void {
  for (let c = 0; c < b.cols; c++) {
    const column = b.data.subarray(c * b.rows, (c + 1) * b.rows);
    applyQt(qr, column);
    column.fill(0, 0, qr.cols);
    applyQ(qr, column);
  }
}

/** Levels minus their OLS fit on a polynomial of degree `order` in linspace(−1, 1, T). */
function detrend(columns: Float64Array[], T: number, order: 0 | 1): Float64Array[] {
  if (order === 0) {
    return columns.map((c) => {
      const mean = c.reduce((a, b) => a + b, 0) / T;
      return c.map((v) => v - mean);
    });
  }
  const basis = new Float64Array(2 * T);
  for (let i = 0; i < T; i++) {
    basis[i] = T === 1 ? 0 : -1 + (2 * i) / (T - 1);
    basis[T + i] = 1;
  }
  equilibrateColumns(basis, T, 2);
  const qr = householderQr(basis, T, 2);
  return columns.map((c) => {
    const out = { rows: T, cols: 1, data: Float64Array.from(c) };
    projectOut(qr, out);
    return out.data;
  });
}

/** (aᵀ·b)/m as a row-major matrix. */
function crossProduct(a: Block, b: Block, m: number): Matrix {
  const out = matrix(a.cols, b.cols);
  for (let i = 0; i < a.cols; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      const ai = i * a.rows;
      const bj = j * b.rows;
      for (let r = 0; r < a.rows; r++) s += a.data[ai + r] * b.data[bj + r];
      out.data[i * b.cols + j] = s / m;
    }
  }
  return out;
}
