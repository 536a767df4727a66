// The plain-language reading of a pair's tests: is the spread mean-reverting enough to trade the
// z-score? Engle-Granger decides (it accounts for the estimated hedge ratio); ADF on the spread
// and the half-life qualify it.
import type { AdfResult, EngleGrangerResult } from '../api/analytics-types.ts';

export type VerdictTone = 'good' | 'fair' | 'bad' | 'unknown';

export interface Verdict {
  tone: VerdictTone;
  headline: string;
  detail: string;
}

function halfLifeText(halfLife: number | null, barLabel: string): string {
  if (halfLife === null) return 'the half-life could not be estimated';
  if (halfLife <= 0) return 'the spread shows no pull back to its mean (negative half-life)';
  return (
    'the spread halves its distance to the mean in about ' +
    `${halfLife < 10 ? halfLife.toFixed(1) : Math.round(halfLife)} ${barLabel}`
  );
}

export function cointegrationVerdict(
  adf: AdfResult | null,
  engleGranger: EngleGrangerResult | null,
  halfLife: number | null,
  barLabel = 'bars',
): Verdict {
  if (engleGranger === null && adf === null) {
    return {
      tone: 'unknown',
      headline: 'No test result yet',
      detail: 'The tests run once the lookback window is full.',
    };
  }
  const p = engleGranger?.pValue ?? adf?.pValue ?? 1;
  const stationary = adf !== null && adf.stat < adf.critical['5%'];
  const reverting = halfLife !== null && halfLife > 0;
  const level = p < 0.01 ? '1%' : p < 0.05 ? '5%' : p < 0.1 ? '10%' : null;
  const testName = engleGranger ? 'Engle-Granger' : 'ADF';
  if (level === '1%' || level === '5%') {
    return {
      tone: reverting ? 'good' : 'fair',
      headline: `Cointegrated at ${level}`,
      detail:
        `${testName} p = ${p.toFixed(4)}; ` +
        `${halfLifeText(halfLife, barLabel)}${stationary ? ', and ADF finds the spread stationary' : ''}. ` +
        'Z-score signals are statistically grounded.',
    };
  }
  if (level === '10%') {
    return {
      tone: 'fair',
      headline: 'Weak evidence of cointegration (10%)',
      detail:
        `${testName} p = ${p.toFixed(4)}; ${halfLifeText(halfLife, barLabel)}. Treat z-score signals with ` +
        'caution and size down.',
    };
  }
  return {
    tone: 'bad',
    headline: 'Not cointegrated',
    detail:
      `${testName} p = ${p.toFixed(4)} (no evidence at 10%); the spread can drift away for good, so a wide ` +
      'z-score is not a reason to expect a return.',
  };
}
