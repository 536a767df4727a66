// Every case of adf.json (statsmodels 0.13.5 adfuller) with the README tolerances; error cases
// must throw.
import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type Tolerance } from '../../../test/golden/golden.js';
import { adf, type AdfResult } from './adf.js';
import type { DeterministicTerms } from './mackinnon.js';

interface AdfCase {
  id: string;
  params: { regression: DeterministicTerms; autolag: 'AIC' | 'BIC' | 't-stat' | null; maxlag: number | null };
  input: { x: number[] };
  expected: Record<string, unknown> & { error?: string };
}

const STAT: Tolerance = { rtol: 1e-8, atol: 1e-10 };
const PVALUE: Tolerance = { rtol: 0, atol: 1e-9 };
const CRIT: Tolerance = { rtol: 1e-12, atol: 1e-12 };
const EXACT: Tolerance = { rtol: 0, atol: 0 };

const golden = loadGolden<AdfCase>('adf.json');

function problems(got: AdfResult, expected: AdfCase['expected']): string[] {
  const out: string[] = [];
  const check = (label: string, value: number | null, exp: unknown, tol: Tolerance) => {
    const m = mismatch(value, exp, tol);
    if (m) out.push(`${label}: ${m}`);
  };
  check('usedlag', got.usedlag, expected.usedlag, EXACT);
  check('nobs', got.nobs, expected.nobs, EXACT);
  check('maxlag', got.maxlag, expected.maxlag, EXACT);
  check('adfstat', got.adfstat, expected.adfstat, STAT);
  check('gamma', got.gamma, expected.gamma, STAT);
  check('gammaSe', got.gammaSe, expected.gammaSe, STAT);
  check('pvalue', got.pvalue, expected.pvalue, PVALUE);
  check('icbest', got.icbest, expected.icbest, STAT);
  const crit = expected.critValues as Record<string, unknown>;
  for (const level of ['1%', '5%', '10%'] as const) check(`crit ${level}`, got.critical[level], crit[level], CRIT);
  if (expected.icPath === undefined) {
    if (got.icPath !== null) out.push('icPath: expected none without autolag');
  } else {
    out.push(...arrayMismatches('icPath', got.icPath ?? [], expected.icPath as unknown[], STAT));
  }
  return out;
}

describe('adf.json', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = () =>
      adf(c.input.x, { regression: c.params.regression, autolag: c.params.autolag, maxlag: c.params.maxlag });
    if (c.expected.error !== undefined) {
      expect(run).toThrow();
      return;
    }
    expect(problems(run(), c.expected)).toEqual([]);
  });
});
