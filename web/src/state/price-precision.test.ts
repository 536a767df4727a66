import { describe, expect, it } from 'vitest';
import { decimalsOf, MAX_PRICE_DECIMALS } from './price-precision.ts';

describe('decimalsOf', () => {
  it('counts the decimals a price carries', () => {
    expect(decimalsOf(27000)).toBe(0);
    expect(decimalsOf(27123.5)).toBe(1);
    expect(decimalsOf(94.44)).toBe(2);
    expect(decimalsOf(0.00001234)).toBe(8);
  });

  it('is not fooled by binary floating-point noise', () => {
    expect(decimalsOf(0.1 + 0.2)).toBe(1);
    expect(decimalsOf(1.005 * 100)).toBe(1);
    expect(decimalsOf(64123.45 * 1)).toBe(2);
  });

  it('caps unrounded prices at the maximum', () => {
    expect(decimalsOf(Math.PI)).toBe(MAX_PRICE_DECIMALS);
  });
});
