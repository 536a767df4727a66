// Display precision of prices, derived from the data itself: the number of decimals the prices
// actually carry (the instrument's effective tick size), so BTC shows cents and a 0.0001-tick
// altcoin shows four decimals without configuration.
import type { Bar } from '../api/types.ts';

export const MAX_PRICE_DECIMALS = 8;

/** Decimals `price` carries, tolerant of binary floating-point noise (0.1 + 0.2 has 1). */
export function decimalsOf(price: number): number {
  if (!Number.isFinite(price)) return 0;
  for (let decimals = 0; decimals < MAX_PRICE_DECIMALS; decimals++) {
    const scaled = price * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) <= Math.abs(scaled) * 1e-13 + 1e-9) return decimals;
  }
  return MAX_PRICE_DECIMALS;
}

export function pricePrecisionOf(bars: readonly Bar[], atLeast = 0): number {
  let precision = atLeast;
  for (const bar of bars) {
    precision = Math.max(
      precision,
      decimalsOf(bar.open),
      decimalsOf(bar.high),
      decimalsOf(bar.low),
      decimalsOf(bar.close),
    );
    if (precision === MAX_PRICE_DECIMALS) break;
  }
  return precision;
}
