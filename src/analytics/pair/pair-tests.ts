// The heavy statistics of a pair on its latest close, over the lookback window: ADF (constant,
// autolag AIC) of the spread y − β·x with the latest β, Engle-Granger of (y, x), and the OU
// half-life of that spread. A test that cannot answer (constant window, too few points) gives
// null and says why in `errors` instead of failing the others.
import { engleGranger } from '../../stats/cointegration/index.js';
import { halfLife } from '../../stats/meanreversion/index.js';
import { adf, type CriticalValues } from '../../stats/unitroot/index.js';
import type { TestInputs } from './pair-engine.js';

export interface AdfSummary {
  stat: number;
  pValue: number;
  usedLag: number;
  nobs: number;
  critical: CriticalValues;
}

export interface EngleGrangerSummary {
  /** −Infinity when the legs are perfectly collinear; served as null then. */
  stat: number | null;
  pValue: number;
  critical: CriticalValues;
}

export interface PairTests {
  /** Bucket start of the close the tests were run on. */
  start: number;
  hedgeRatio: number;
  nobs: number;
  adf: AdfSummary | null;
  engleGranger: EngleGrangerSummary | null;
  /** Bars for the spread to halve its distance to the mean; negative when it does not mean-revert. */
  halfLife: number | null;
  errors: string[];
}

function attempt<T>(errors: string[], name: string, run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    errors.push(`${name}: ${(error as Error).message}`);
    return null;
  }
}

export function runPairTests(inputs: TestInputs): PairTests {
  const { x, y, hedgeRatio } = inputs;
  const spread = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) spread[i] = y[i] - hedgeRatio * x[i];
  const errors: string[] = [];
  const adfResult = attempt(errors, 'adf', () => adf(spread, { regression: 'c', autolag: 'AIC' }));
  const eg = attempt(errors, 'engleGranger', () => engleGranger(y, x, { trend: 'c', autolag: 'AIC' }));
  const hl = attempt(errors, 'halfLife', () => halfLife(spread).halflife);
  return {
    start: inputs.start,
    hedgeRatio,
    nobs: x.length,
    adf:
      adfResult === null
        ? null
        : {
            stat: adfResult.adfstat,
            pValue: adfResult.pvalue,
            usedLag: adfResult.usedlag,
            nobs: adfResult.nobs,
            critical: adfResult.critical,
          },
    engleGranger:
      eg === null
        ? null
        : { stat: Number.isFinite(eg.tstat) ? eg.tstat : null, pValue: eg.pvalue, critical: eg.critical },
    halfLife: hl !== null && Number.isFinite(hl) ? hl : null,
    errors,
  };
}
