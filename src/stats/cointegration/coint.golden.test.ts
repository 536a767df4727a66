// Every case of coint.json: statsmodels 0.13.5 `coint` (Engle-Granger) and the OLS hedge
// regression of y on [1, x], with the README tolerances (looser for the collinear cases).
import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type Tolerance } from '../../../test/golden/golden.js';
import { olsHedge } from '../regression/ols-hedge.js';
import { engleGranger } from './engle-granger.js';

interface CointCase {
  id: string;
  params: { trend: 'c' | 'ct'; autolag: 'aic' | 'bic' | 't-stat' | null; maxlag: number | null };
  input: { y: number[]; x: number[] };
  expected: Record<string, unknown> & { ols: Record<string, unknown>; error?: string };
  meta?: { series?: string };
}

const TSTAT: Tolerance = { rtol: 1e-8, atol: 1e-10 };
const PVALUE: Tolerance = { rtol: 0, atol: 1e-9 };
const CRIT: Tolerance = { rtol: 1e-12, atol: 1e-12 };
const EXACT: Tolerance = { rtol: 0, atol: 0 };
const OLS: Tolerance = { rtol: 1e-9, atol: 1e-12 };
const OLS_COLLINEAR: Tolerance = { rtol: 1e-6, atol: 1e-12 };

const golden = loadGolden<CointCase>('coint.json');

function problems(c: CointCase): string[] {
  const out: string[] = [];
  const check = (label: string, value: number | null, exp: unknown, tol: Tolerance) => {
    const m = mismatch(value, exp, tol);
    if (m) out.push(`${label}: ${m}`);
  };
  const e = c.expected;
  const ols = c.meta?.series === 'collinear' ? OLS_COLLINEAR : OLS;
  const got = engleGranger(c.input.y, c.input.x, c.params);
  check('tstat', got.tstat, e.tstat, TSTAT);
  check('pvalue', got.pvalue, e.pvalue, PVALUE);
  for (const level of ['1%', '5%', '10%'] as const)
    check(`crit ${level}`, got.critical[level], (e.critValues as Record<string, unknown>)[level], CRIT);
  out.push(...arrayMismatches('firstStage', got.firstStage.params, e.firstStage as unknown[], ols));
  check('firstStageRsquared', got.firstStage.rsquared, e.firstStageRsquared, ols);
  check('adfUsedlag', got.usedlag, e.adfUsedlag, EXACT);
  check('adfNobs', got.nobs, e.adfNobs, EXACT);
  check('adfMaxlag', got.maxlag, e.adfMaxlag, EXACT);

  const hedge = olsHedge(c.input.y, c.input.x);
  const o = e.ols;
  out.push(...arrayMismatches('ols.params', [hedge.alpha, hedge.beta], o.params as unknown[], ols));
  out.push(...arrayMismatches('ols.bse', [hedge.alphaSe, hedge.betaSe], o.bse as unknown[], ols));
  out.push(...arrayMismatches('ols.tvalues', [hedge.alphaT, hedge.betaT], o.tvalues as unknown[], ols));
  out.push(...arrayMismatches('ols.pvalues', [hedge.alphaPValue, hedge.betaPValue], o.pvalues as unknown[], ols));
  check('ols.rsquared', hedge.rsquared, o.rsquared, ols);
  check('ols.rsquaredAdj', hedge.rsquaredAdj, o.rsquaredAdj, ols);
  check('ols.ssr', hedge.ssr, o.ssr, ols);
  check('ols.residStd', hedge.residStd, o.residStd, ols);
  check('ols.residStdDdof0', hedge.residStdDdof0, o.residStdDdof0, ols);
  check('ols.residStdDdof1', hedge.residStdDdof1, o.residStdDdof1, ols);
  check('ols.nobs', hedge.nobs, o.nobs, EXACT);
  check('ols.dfResid', hedge.dfResid, o.dfResid, EXACT);
  return out;
}

describe('coint.json', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    if (c.expected.error !== undefined) {
      expect(() => engleGranger(c.input.y, c.input.x, c.params)).toThrow();
      return;
    }
    expect(problems(c)).toEqual([]);
  });
});
