// The README's library example runs and prints what a user expects from a cointegrated pair.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tickscope from '../src/index.js';

const root = resolve(import.meta.dirname, '..');

describe('the tickscope library', () => {
  it('exports the statistics named in the README', () => {
    for (const name of [
      'ols',
      'olsHedge',
      'adf',
      'mackinnonp',
      'mackinnoncrit',
      'engleGranger',
      'johansen',
      'halfLife',
      'hurstExponent',
      'RollingMean',
      'RollingStd',
      'RollingZScore',
      'RollingCorrelation',
      'RollingBeta',
      'ewm',
      'Ewm',
      'simpleReturns',
      'logReturns',
      'realizedVolatility',
      'yangZhangVolatility',
      'macd',
      'rsi',
      'bollinger',
      'KalmanHedge',
      'kalmanHedge',
      'theilSen',
      'siegelSlopes',
    ]) {
      expect(typeof (tickscope as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('runs examples/library.ts', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'examples/library.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toMatch(/hedge ratio 0\.49\d\d/);
    expect(output).toMatch(/Engle-Granger t -5\.\d+ p \d\.\d+e-5/);
    expect(output).toMatch(/half-life \(bars\) 6\.\d\d/);
  });
});
