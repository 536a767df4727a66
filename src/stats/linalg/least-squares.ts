// Linear least squares y ≈ X·b through Householder QR (never the normal equations), with exact
// power-of-two column equilibration so badly scaled designs (t² on 10,000 rows) stay accurate.
import {
  applyQ,
  applyQt,
  firstDependentColumn,
  householderQr,
  inverseGramDiagonal,
  solveUpper,
} from './householder-qr.js';

/** Thrown when a regressor is (numerically) a linear combination of the previous ones. */
export class CollinearityError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'CollinearityError';
  }
}

export interface LeastSquaresFit {
  rows: number;
  cols: number;
  params: Float64Array;
  residuals: Float64Array;
  /** Sum of squared residuals. */
  ssr: number;
  /** Diagonal of (XᵀX)⁻¹: the parameter variances are ssr/(rows−cols) times these. */
  inverseGramDiagonal: Float64Array;
}

/**
 * Scales each column of a column-major matrix by the power of two nearest to 1/‖column‖ (exact
 * in floating point) and returns the factors, so that b = scale ⊙ b_scaled.
 */
export function equilibrateColumns(design: Float64Array, rows: number, cols: number): Float64Array {
  const scales = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    const off = j * rows;
    for (let i = 0; i < rows; i++) sum += design[off + i] * design[off + i];
    const norm = Math.sqrt(sum);
    const scale = norm > 0 && Number.isFinite(norm) ? 2 ** -Math.round(Math.log2(norm)) : 1;
    scales[j] = scale;
    if (scale !== 1) for (let i = 0; i < rows; i++) design[off + i] *= scale;
  }
  return scales;
}

/**
 * Ordinary least squares of `y` on the columns of `design` (column-major rows×cols, overwritten).
 * Throws CollinearityError when the design does not have full column rank, and a RangeError
 * when there are fewer rows than columns.
 */
export function leastSquares(design: Float64Array, rows: number, cols: number, y: ArrayLike<number>): LeastSquaresFit {
  if (rows < cols)
    throw new RangeError(`least squares needs at least as many rows as columns, got ${rows} rows and ${cols} columns`);
  const scales = equilibrateColumns(design, rows, cols);
  const qr = householderQr(design, rows, cols);
  const dependent = firstDependentColumn(qr);
  if (dependent >= 0) {
    throw new CollinearityError(dependent, `regressor ${dependent} is a linear combination of the previous regressors`);
  }
  const z = Float64Array.from(y as ArrayLike<number>);
  applyQt(qr, z);
  const scaledParams = solveUpper(qr, z);
  const gram = inverseGramDiagonal(qr);
  const params = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    params[j] = scaledParams[j] * scales[j];
    gram[j] *= scales[j] * scales[j];
  }
  let ssr = 0;
  for (let i = cols; i < rows; i++) ssr += z[i] * z[i];
  // Residual = Q·[0; (Qᵀy)_tail]: orthogonal to every column to working precision.
  const residuals = z;
  residuals.fill(0, 0, cols);
  applyQ(qr, residuals);
  return { rows, cols, params, residuals, ssr, inverseGramDiagonal: gram };
}
