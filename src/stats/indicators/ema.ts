// The EMA of the indicator recipes: pandas `ewm(span|alpha, adjust=False).mean()`, seeded with
// the first value (no SMA seed, no warm-up masking).

import { EwmRecursion } from '../ewm/ewm-recursion.js';
import { resolveMinPeriods, smoothingFactor } from '../ewm/ewm-options.js';

export function assertPeriod(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer >= 1, got ${String(value)}`);
}

export function emaOfSpan(span: number): EwmRecursion {
  return new EwmRecursion(smoothingFactor({ span }), false, false, 1);
}

export function wilderAverage(period: number, minPeriods?: number): EwmRecursion {
  return new EwmRecursion(smoothingFactor({ alpha: 1 / period }), false, false, resolveMinPeriods(minPeriods));
}
