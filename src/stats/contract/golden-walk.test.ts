import { describe, expect, it } from 'vitest';
import { compareToExpected, type Comparators } from './golden-walk.js';

const compare: Comparators = {
  mismatch: (got, expected, tol) => {
    const e = expected === null ? Number.NaN : (expected as number);
    const g = got ?? Number.NaN;
    if (Number.isNaN(e) || Number.isNaN(g))
      return Number.isNaN(e) && Number.isNaN(g) ? null : `got ${g}, expected ${e}`;
    return Math.abs(g - e) <= tol.atol + tol.rtol * Math.abs(e) ? null : `got ${g}, expected ${e}`;
  },
  arrayMismatches: (label, got, expected, tol) =>
    expected.flatMap((e, i) => {
      const m = compare.mismatch(got[i], e, tol);
      return m ? [`${label}[${i}]: ${m}`] : [];
    }),
};
const tol = () => ({ rtol: 0, atol: 1e-12 });

describe('compareToExpected', () => {
  it('passes when every expected key matches', () => {
    expect(
      compareToExpected(compare, { a: [1, null], b: { c: 2 } }, { a: [1, null], b: { c: 2 }, extra: 5 }, tol),
    ).toEqual([]);
  });

  it('fails on an expected key it cannot compute instead of skipping it', () => {
    expect(compareToExpected(compare, { a: 1, surprise: [1] }, { a: 1 }, tol)).toEqual([
      'surprise: expected key has no computed value (unknown key)',
    ]);
  });

  it('fails when there is no tolerance rule for a key', () => {
    expect(compareToExpected(compare, { a: 1 }, { a: 1 }, () => undefined)).toEqual([
      'a: no tolerance rule for this key',
    ]);
  });

  it('reports values and null patterns that differ', () => {
    expect(compareToExpected(compare, { a: [1, null] }, { a: [1, 3] }, tol)).toEqual(['a[1]: got 3, expected NaN']);
  });
});
