// Every case of mackinnon.json: p-value grids and critical values against statsmodels 0.13.5.
import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, num } from '../../../test/golden/golden.js';
import { mackinnoncrit, mackinnonp, type DeterministicTerms } from './mackinnon.js';

interface MackinnonCase {
  id: string;
  params: { fn: 'mackinnonp' | 'mackinnoncrit'; regression: DeterministicTerms; N: number; nobs?: number | string };
  input: { teststat?: number[] };
  expected: { pvalue?: unknown[]; crit?: unknown[]; error?: string };
}

const PVALUE = { rtol: 0, atol: 1e-12 };
const CRIT = { rtol: 1e-12, atol: 1e-12 };
const golden = loadGolden<MackinnonCase>('mackinnon.json');

describe('mackinnon.json', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { fn, regression, N } = c.params;
    if (c.expected.error !== undefined) {
      if (fn === 'mackinnonp') expect(() => mackinnonp(0, regression, N)).toThrow();
      else expect(() => mackinnoncrit(N, regression, num(c.params.nobs))).toThrow();
      return;
    }
    if (fn === 'mackinnonp') {
      const stats = c.input.teststat ?? [];
      const got = stats.map((s) => mackinnonp(num(s), regression, N));
      expect(arrayMismatches('pvalue', got, c.expected.pvalue ?? [], PVALUE)).toEqual([]);
    } else {
      const got = mackinnoncrit(N, regression, num(c.params.nobs));
      expect(arrayMismatches('crit', got, c.expected.crit ?? [], CRIT)).toEqual([]);
    }
  });
});
