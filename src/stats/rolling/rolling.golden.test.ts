// rolling.json: pandas rolling z-score / correlation / beta, EWM, returns and realised vol.
// Every case and every expected key is checked with the README tolerances.

import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type GoldenCase } from '../../../test/golden/golden.js';
import { compareToExpected, type Computed, type Tolerance } from '../contract/golden-walk.js';
import { ewm, smoothingFactor, type EwmDecay } from '../ewm/index.js';
import { fullSampleVolatility, logReturns, realizedVolatility, simpleReturns } from '../returns/index.js';
import {
  rollingBetaComponents,
  rollingCorrelation,
  rollingMean,
  rollingStd,
  rollingZScore,
  type Observation,
} from './index.js';

interface RollingParams extends EwmDecay {
  op: string;
  window?: number;
  adjust?: boolean;
  periodsPerYear?: number;
}
type Series = Observation[];
type RollingCase = GoldenCase<RollingParams, Record<string, Series>, Record<string, unknown>>;

const ROLLING: Tolerance = { rtol: 1e-8, atol: 1e-10 };
const EWM: Tolerance = { rtol: 1e-10, atol: 1e-12 };
const RETURNS: Tolerance = { rtol: 1e-12, atol: 1e-15 };
const TOLERANCE: Record<string, Tolerance> = {
  zscore: ROLLING,
  corr: ROLLING,
  beta: ROLLING,
  ewm: EWM,
  returns: RETURNS,
  realizedVol: RETURNS,
};

function series(c: RollingCase, key: string): Series {
  const values = c.input[key];
  if (!Array.isArray(values)) throw new Error(`case ${c.id} has no input.${key}`);
  return values;
}

/** The decay the case was generated with: the first of span, halflife, com, alpha given. */
function decayOf(p: RollingParams): EwmDecay {
  if (p.span !== undefined) return { span: p.span };
  if (p.halflife !== undefined) return { halflife: p.halflife };
  if (p.com !== undefined) return { com: p.com };
  return { alpha: p.alpha };
}

function compute(c: RollingCase): Computed {
  const p = c.params;
  const window = p.window as number;
  switch (p.op) {
    case 'zscore': {
      const x = series(c, 'x');
      return { mean: rollingMean(x, window), std: rollingStd(x, window), zscore: rollingZScore(x, window) };
    }
    case 'corr':
      return { corr: rollingCorrelation(series(c, 'x'), series(c, 'y'), window) };
    case 'beta': {
      const r = rollingBetaComponents(series(c, 'x'), series(c, 'y'), window);
      return { cov: r.covariance, var: r.variance, beta: r.beta };
    }
    case 'ewm': {
      const r = ewm(series(c, 'x'), { ...decayOf(p), adjust: p.adjust });
      return { mean: r.mean, var: r.variance, std: r.std };
    }
    case 'returns': {
      const prices = series(c, 'prices');
      return { simple: simpleReturns(prices), log: logReturns(prices) };
    }
    case 'realizedVol': {
      const prices = series(c, 'prices');
      const periodsPerYear = p.periodsPerYear as number;
      return {
        logReturns: logReturns(prices),
        vol: realizedVolatility(prices, { window, periodsPerYear }),
        fullSampleVol: fullSampleVolatility(prices, periodsPerYear),
      };
    }
    default:
      throw new Error(`unknown op "${p.op}" in case ${c.id}`);
  }
}

const golden = loadGolden<RollingCase>('rolling.json');

describe('rolling.json (pandas rolling, ewm, returns)', () => {
  for (const c of golden.cases) {
    it(c.id, () => {
      if ('error' in c.expected) {
        expect(() => compute(c)).toThrow();
        return;
      }
      const tol = TOLERANCE[c.params.op];
      expect(tol, `no tolerance for op ${c.params.op}`).toBeDefined();
      const problems = compareToExpected({ mismatch, arrayMismatches }, c.expected, compute(c), () => tol);
      if (c.params.op === 'ewm' && c.params.alpha !== undefined) {
        const m = mismatch(smoothingFactor(decayOf(c.params)), c.params.alpha, { rtol: 1e-14, atol: 0 });
        if (m) problems.push(`alpha: ${m}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
