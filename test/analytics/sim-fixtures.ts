// Simulated markets and tolerant comparisons shared by the analytics tests.
import type { Tick } from '../../src/domain/index.js';
import { SimMarket } from '../../src/sources/sim/sim-market.js';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** Simulated trades of sim:AAA, sim:BBB (cointegrated with AAA) and sim:CCC from T0 on. */
export function simTicks(seconds: number, tradesPerSecond: number, seed = 7): Tick[] {
  const market = new SimMarket({ seed, tradesPerSecond, startTs: T0, spreadHalfLifeSec: 30, spreadStd: 0.002 });
  return market.generateUntil(T0 + seconds * 1000);
}

export function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
}

/**
 * Deep equality where numbers may differ by rounding (`rel` relative, absolute below 1): two
 * computations of the same windows that started at different points carry different round-off.
 */
export function expectNearlyEqual(got: unknown, want: unknown, rel = 1e-12, path = '$'): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (!(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want))))
      throw new Error(`${path}: got ${got}, want ${want}`);
    return;
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (got.length !== want.length) throw new Error(`${path}: length ${got.length}, want ${want.length}`);
    want.forEach((w, i) => {
      expectNearlyEqual(got[i], w, rel, `${path}[${i}]`);
    });
    return;
  }
  if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null) {
    const keys = Object.keys(want);
    if (Object.keys(got).sort().join() !== [...keys].sort().join())
      throw new Error(`${path}: keys ${Object.keys(got)}, want ${keys}`);
    for (const key of keys)
      expectNearlyEqual(
        (got as Record<string, unknown>)[key],
        (want as Record<string, unknown>)[key],
        rel,
        `${path}.${key}`,
      );
    return;
  }
  if (got !== want) throw new Error(`${path}: got ${String(got)}, want ${String(want)}`);
}
