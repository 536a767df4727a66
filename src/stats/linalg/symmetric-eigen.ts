// Eigen-decomposition of small symmetric matrices by cyclic Jacobi rotations (accurate to a few
// ulps of the largest eigenvalue), and the symmetric-definite generalized problem A·v = λ·B·v.
import { cholesky, matrix, solveLower, solveLowerTransposed, transpose, type Matrix } from './dense.js';

export interface EigenDecomposition {
  /** Eigenvalues sorted in descending order. */
  values: Float64Array;
  /** Eigenvectors as columns (row-major n×n: vectors.data[i*n + j] is component i of vector j). */
  vectors: Matrix;
}

const MAX_SWEEPS = 100;

/** Eigenvalues (descending) and orthonormal eigenvectors of the symmetric matrix `a`. */
export function symmetricEigen(a: Matrix): EigenDecomposition {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`symmetricEigen: matrix must be square, got ${a.rows}×${a.cols}`);
  const s = Float64Array.from(a.data);
  // Symmetrize against round-off in the caller's products.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const avg = 0.5 * (s[i * n + j] + s[j * n + i]);
      s[i * n + j] = avg;
      s[j * n + i] = avg;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += s[i * n + i] * s[i * n + i];
      for (let j = i + 1; j < n; j++) off += s[i * n + j] * s[i * n + j];
    }
    if (off === 0 || off <= Number.EPSILON * Number.EPSILON * diag * 1e-4) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const app = s[p * n + p];
        const aqq = s[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const skp = s[k * n + p];
          const skq = s[k * n + q];
          s[k * n + p] = c * skp - sn * skq;
          s[k * n + q] = sn * skp + c * skq;
        }
        for (let k = 0; k < n; k++) {
          const spk = s[p * n + k];
          const sqk = s[q * n + k];
          s[p * n + k] = c * spk - sn * sqk;
          s[q * n + k] = sn * spk + c * sqk;
        }
        s[p * n + q] = 0;
        s[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y * n + y] - s[x * n + x]);
  const values = new Float64Array(n);
  const vectors = matrix(n, n);
  order.forEach((src, dst) => {
    values[dst] = s[src * n + src];
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/**
 * Solves A·v = λ·B·v for symmetric A and symmetric positive definite B. Eigenvalues descend;
 * eigenvectors are B-orthonormal (vᵀ·B·v = 1), as LAPACK's dsygv returns them.
 */
export function generalizedSymmetricEigen(a: Matrix, b: Matrix): EigenDecomposition {
  const l = cholesky(b, 'B');
  // C = L⁻¹ A L⁻ᵀ has the same eigenvalues; v = L⁻ᵀ w.
  const left = solveLower(l, a);
  const c = transpose(solveLower(l, transpose(left)));
  const { values, vectors } = symmetricEigen(c);
  return { values, vectors: solveLowerTransposed(l, vectors) };
}
