// Small dense matrices (row-major Float64Array, n×n with n ≲ 12) for the Johansen moment
// matrices: products, Cholesky factorization and triangular solves.

/** Row-major square or rectangular matrix. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data = new Float64Array(rows * cols)): Matrix {
  if (data.length !== rows * cols)
    throw new RangeError(`matrix: ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data };
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function transpose(m: Matrix): Matrix {
  const out = matrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  return out;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`multiply: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  }
  return out;
}

/**
 * Lower-triangular L with L·Lᵀ = a for a symmetric positive definite `a`.
 * Throws when `a` is not positive definite (singular moment matrix).
 */
export function cholesky(a: Matrix, what = 'matrix'): Matrix {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`cholesky: ${what} must be square, got ${a.rows}×${a.cols}`);
  const l = matrix(n, n);
  for (let j = 0; j < n; j++) {
    let d = a.data[j * n + j];
    for (let k = 0; k < j; k++) d -= l.data[j * n + k] * l.data[j * n + k];
    if (!(d > 0)) throw new RangeError(`cholesky: ${what} is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    l.data[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a.data[i * n + j];
      for (let k = 0; k < j; k++) s -= l.data[i * n + k] * l.data[j * n + k];
      l.data[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·X = B for lower-triangular L (forward substitution, column by column). */
export function solveLower(l: Matrix, b: Matrix): Matrix {
  const n = l.rows;
  const out = matrix(b.rows, b.cols, Float64Array.from(b.data));
  for (let c = 0; c < b.cols; c++) {
    for (let i = 0; i < n; i++) {
      let s = out.data[i * b.cols + c];
      for (let k = 0; k < i; k++) s -= l.data[i * n + k] * out.data[k * b.cols + c];
      out.data[i * b.cols + c] = s / l.data[i * n + i];
    }
  }
  return out;
}

/** Solves Lᵀ·X = B for lower-triangular L (back substitution). */
export function solveLowerTransposed(l: Matrix, b: Matrix): Matrix {
  const n = l.rows;
  const out = matrix(b.rows, b.cols, Float64Array.from(b.data));
  for (let c = 0; c < b.cols; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = out.data[i * b.cols + c];
      for (let k = i + 1; k < n; k++) s -= l.data[k * n + i] * out.data[k * b.cols + c];
      out.data[i * b.cols + c] = s / l.data[i * n + i];
    }
  }
  return out;
}

/** Solves A·X = B for symmetric positive definite A through its Cholesky factor. */
export function solveSymmetricPositiveDefinite(a: Matrix, b: Matrix, what = 'matrix'): Matrix {
  const l = cholesky(a, what);
  return solveLowerTransposed(l, solveLower(l, b));
}
