import { describe, expect, it } from 'vitest';
import { finiteSeries, requireNotConstant, requireSameLength } from './series-input.js';

describe('series validation', () => {
  it('names the argument and the index of a NaN or an infinity', () => {
    expect(() => finiteSeries([1, 2, Number.NaN], 'x')).toThrow(
      'x[2] is NaN; every value must be finite (no NaN or Infinity)',
    );
    expect(() => finiteSeries([Number.NEGATIVE_INFINITY], 'y')).toThrow('y[0] is -Infinity');
  });

  it('rejects non-numbers and non-arrays', () => {
    expect(() => finiteSeries([1, '2'], 'x')).toThrow('x[1] must be a number, got "2"');
    expect(() => finiteSeries(undefined, 'x')).toThrow('x must be an array of numbers, got undefined');
  });

  it('accepts typed arrays and copies them', () => {
    const source = Float64Array.from([1, 2]);
    const copy = finiteSeries(source, 'x');
    copy[0] = 5;
    expect(source[0]).toBe(1);
  });

  it('explains constant series and length mismatches', () => {
    expect(() => requireNotConstant([3, 3, 3], 'spread')).toThrow(/spread is constant \(every value is 3\)/);
    expect(() => requireSameLength(3, 4, 'y', 'x')).toThrow('y and x must have the same length, got 3 and 4');
  });
});
