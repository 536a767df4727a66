import { describe, expect, it } from 'vitest';
import { decimalsOfText, inferPriceDecimals, isTrading, MAX_PRICE_DECIMALS } from './instrument-meta.js';

describe('price decimals', () => {
  it("reads an exchange's padded decimal strings", () => {
    expect(decimalsOfText('0.01000000')).toBe(2);
    expect(decimalsOfText('0.10')).toBe(1);
    expect(decimalsOfText('1.00000000')).toBe(0);
    expect(decimalsOfText('0.000000001')).toBe(MAX_PRICE_DECIMALS);
  });

  it('infers the most decimals the prices carry, ignoring float noise, capped', () => {
    expect(inferPriceDecimals([100, 0.1 + 0.2, 12.25])).toBe(2);
    expect(inferPriceDecimals([])).toBe(0);
    expect(inferPriceDecimals([1 / 3])).toBe(MAX_PRICE_DECIMALS);
  });

  it('treats an unknown status as trading and anything but TRADING as not', () => {
    expect(isTrading(undefined)).toBe(true);
    expect(isTrading({ status: null })).toBe(true);
    expect(isTrading({ status: 'TRADING' })).toBe(true);
    expect(isTrading({ status: 'BREAK' })).toBe(false);
  });
});
