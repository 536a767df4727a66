import { describe, expect, it } from 'vitest';
import type { AdfResult, EngleGrangerResult } from '../api/analytics-types.ts';
import { cointegrationVerdict } from './cointegration-verdict.ts';

const critical = { '1%': -3.9, '5%': -3.3, '10%': -3.0 };
const eg = (pValue: number): EngleGrangerResult => ({ stat: -3.5, pValue, critical });
const adf = (stat: number): AdfResult => ({
  stat,
  pValue: 0.01,
  usedLag: 1,
  nobs: 100,
  critical: { '1%': -3.4, '5%': -2.9, '10%': -2.6 },
});

describe('cointegrationVerdict', () => {
  it('calls a pair cointegrated at the strongest level its Engle-Granger p-value passes', () => {
    expect(cointegrationVerdict(adf(-4), eg(0.004), 12, 's').headline).toBe('Cointegrated at 1%');
    const verdict = cointegrationVerdict(adf(-4), eg(0.03), 12, 's');
    expect(verdict).toMatchObject({ tone: 'good', headline: 'Cointegrated at 5%' });
    expect(verdict.detail).toContain('about 12 s');
    expect(verdict.detail).toContain('ADF finds the spread stationary');
  });

  it('qualifies a cointegrated pair whose spread does not pull back', () => {
    expect(cointegrationVerdict(adf(-1), eg(0.02), -5).tone).toBe('fair');
  });

  it('warns on weak evidence and says plainly when there is none', () => {
    expect(cointegrationVerdict(null, eg(0.07), 30).headline).toBe('Weak evidence of cointegration (10%)');
    expect(cointegrationVerdict(adf(-1), eg(0.4), 30)).toMatchObject({ tone: 'bad', headline: 'Not cointegrated' });
  });

  it('falls back to ADF when Engle-Granger could not run, and waits when neither did', () => {
    expect(cointegrationVerdict(adf(-4), null, 5).detail).toMatch(/^ADF p = 0.0100/);
    expect(cointegrationVerdict(null, null, null).tone).toBe('unknown');
  });
});
