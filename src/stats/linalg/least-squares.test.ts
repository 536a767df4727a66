import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matrix, multiply, transpose } from './dense.js';
import { CollinearityError, leastSquares } from './least-squares.js';
import { generalizedSymmetricEigen, symmetricEigen } from './symmetric-eigen.js';

const coefficient = fc.double({ min: -100, max: 100, noNaN: true });

describe('leastSquares', () => {
  it('recovers the exact coefficients of a noiseless linear model', () => {
    fc.assert(
      fc.property(
        fc.array(coefficient, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (beta, seed) => {
          const rows = 40;
          const cols = beta.length;
          const design = new Float64Array(rows * cols);
          for (let j = 0; j < cols; j++)
            for (let i = 0; i < rows; i++) design[j * rows + i] = Math.sin((i + 1) * (j + 1.3) + seed) * 10 ** j;
          const y = new Float64Array(rows);
          for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[i] += design[j * rows + i] * beta[j];
          const fit = leastSquares(design.slice(), rows, cols, y);
          return beta.every((b, j) => Math.abs(fit.params[j] - b) <= 1e-9 * (1 + Math.abs(b)));
        },
      ),
    );
  });

  it('returns residuals orthogonal to every column with ssr = Σ residual²', () => {
    const rows = 50;
    const x = Float64Array.from({ length: rows }, (_, i) => i / 7 + Math.cos(i));
    const design = new Float64Array(rows * 2);
    design.fill(1, 0, rows);
    design.set(x, rows);
    const y = Float64Array.from({ length: rows }, (_, i) => 3 - 2 * x[i] + Math.sin(3 * i));
    const fit = leastSquares(design.slice(), rows, 2, y);
    let dot0 = 0;
    let dot1 = 0;
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      dot0 += fit.residuals[i];
      dot1 += fit.residuals[i] * x[i];
      ss += fit.residuals[i] ** 2;
    }
    expect(Math.abs(dot0)).toBeLessThan(1e-12);
    expect(Math.abs(dot1)).toBeLessThan(1e-11);
    expect(Math.abs(fit.ssr - ss)).toBeLessThan(1e-12 * ss);
  });

  it('reports the collinear column', () => {
    const rows = 10;
    const design = new Float64Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      design[i] = 1;
      design[rows + i] = i;
      design[2 * rows + i] = 2 * i + 5;
    }
    let caught: unknown;
    try {
      leastSquares(design, rows, 3, new Float64Array(rows).fill(1));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CollinearityError);
    expect((caught as CollinearityError).column).toBe(2);
  });

  it('rejects fewer rows than columns', () => {
    expect(() => leastSquares(new Float64Array(6), 2, 3, [1, 2])).toThrow(/at least as many rows as columns/);
  });
});

describe('symmetric eigenproblems', () => {
  const symmetric = fc
    .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 16, maxLength: 16 })
    .map((v) => {
      const a = matrix(4, 4, Float64Array.from(v));
      const at = transpose(a);
      return matrix(
        4,
        4,
        a.data.map((x, i) => x + at.data[i]),
      );
    });

  it('reconstructs A·V = V·diag(λ) with orthonormal V and descending λ', () => {
    fc.assert(
      fc.property(symmetric, (a) => {
        const { values, vectors } = symmetricEigen(a);
        const av = multiply(a, vectors);
        const scale = Math.max(1, ...Array.from(values, Math.abs));
        for (let i = 0; i < 4; i++) {
          if (i > 0 && values[i] > values[i - 1]) return false;
          for (let j = 0; j < 4; j++)
            if (Math.abs(av.data[i * 4 + j] - vectors.data[i * 4 + j] * values[j]) > 1e-12 * scale) return false;
        }
        const vtv = multiply(transpose(vectors), vectors);
        return vtv.data.every((x, k) => Math.abs(x - (k % 5 === 0 ? 1 : 0)) < 1e-13);
      }),
    );
  });

  it('solves A·v = λ·B·v with B-orthonormal vectors', () => {
    const a = matrix(2, 2, Float64Array.from([2, 1, 1, 3]));
    const b = matrix(2, 2, Float64Array.from([4, 1, 1, 2]));
    const { values, vectors } = generalizedSymmetricEigen(a, b);
    const vtbv = multiply(transpose(vectors), multiply(b, vectors));
    expect(vtbv.data[0]).toBeCloseTo(1, 14);
    expect(vtbv.data[3]).toBeCloseTo(1, 14);
    expect(Math.abs(vtbv.data[1])).toBeLessThan(1e-14);
    const av = multiply(a, vectors);
    const bv = multiply(b, vectors);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) expect(av.data[i * 2 + j]).toBeCloseTo(values[j] * bv.data[i * 2 + j], 13);
  });
});
