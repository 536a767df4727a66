// Every case of halflife.json: OU half-life from statsmodels OLS of Δs on [1, s₋₁].
import { describe, expect, it } from 'vitest';
import { loadGolden, mismatch, type Tolerance } from '../../../test/golden/golden.js';
import { halfLife, type HalfLifeResult } from './half-life.js';

interface HalfLifeCase {
  id: string;
  params: Record<string, never>;
  input: { spread: number[] };
  expected: Record<string, unknown> & { error?: string };
}

const TOL: Tolerance = { rtol: 1e-9, atol: 1e-12 };
const EXACT: Tolerance = { rtol: 0, atol: 0 };
const FIELDS: (keyof HalfLifeResult)[] = [
  'alpha',
  'beta',
  'alphaSe',
  'betaSe',
  'alphaT',
  'betaT',
  'rsquared',
  'residStd',
  'halflife',
  'theta',
  'arCoef',
  'halflifeAr',
];

const golden = loadGolden<HalfLifeCase>('halflife.json');

describe('halflife.json', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    if (c.expected.error !== undefined) {
      expect(() => halfLife(c.input.spread)).toThrow();
      return;
    }
    const got = halfLife(c.input.spread);
    const out: string[] = [];
    for (const field of FIELDS) {
      const m = mismatch(got[field] as number | null, c.expected[field], TOL);
      if (m) out.push(`${field}: ${m}`);
    }
    const m = mismatch(got.nobs, c.expected.nobs, EXACT);
    if (m) out.push(`nobs: ${m}`);
    expect(out).toEqual([]);
  });
});
