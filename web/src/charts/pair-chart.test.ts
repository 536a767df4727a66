import { describe, expect, it } from 'vitest';
import { spreadPrecision } from './pair-chart.ts';

describe('spreadPrecision', () => {
  it('gives four significant digits at the spread magnitude', () => {
    expect(spreadPrecision([{ spread: 250.5 }, { spread: -120 }])).toBe(1);
    expect(spreadPrecision([{ spread: 7.6 }])).toBe(3);
    expect(spreadPrecision([{ spread: -0.0042 }, { spread: null }])).toBe(6);
    expect(spreadPrecision([{ spread: null }])).toBe(4);
  });
});
