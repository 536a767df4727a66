import { describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { SimMarket } from './sim-market.js';

const T0 = Date.UTC(2024, 0, 1);

function closesPerMinute(ticks: Tick[], instrument: string): Map<number, number> {
  const closes = new Map<number, number>();
  for (const t of ticks) if (t.instrument === instrument) closes.set(Math.floor(t.ts / 60_000), t.price);
  return closes;
}

function logReturns(closes: Map<number, number>, minutes: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < minutes.length; i++) out.push(Math.log(closes.get(minutes[i])! / closes.get(minutes[i - 1])!));
  return out;
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('SimMarket', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = new SimMarket({ seed: 7, startTs: T0 }).generate(500);
    const b = new SimMarket({ seed: 7, startTs: T0 }).generate(500);
    const c = new SimMarket({ seed: 8, startTs: T0 }).generate(500);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives the same trades however the caller slices time', () => {
    const whole = new SimMarket({ seed: 5, startTs: T0 }).generateUntil(T0 + 60_000);
    const sliced = new SimMarket({ seed: 5, startTs: T0 });
    const pieces: Tick[] = [];
    for (let t = T0 + 37; t <= T0 + 60_000; t += 37) sliced.generateUntil(Math.min(t, T0 + 60_000), pieces);
    sliced.generateUntil(T0 + 60_000, pieces);
    expect(pieces).toEqual(whole);
  });

  it('keeps the price path when only the trade rate changes', () => {
    const slow = new SimMarket({ seed: 9, tradesPerSecond: 20, startTs: T0 }).generateUntil(T0 + 600_000);
    const fast = new SimMarket({ seed: 9, tradesPerSecond: 200, startTs: T0 }).generateUntil(T0 + 600_000);
    // A trade prints at most 1.5 ticks (of 0.001) from the mid, and both streams see the same mid
    // within a 100 ms step of the path: a slow trade is within 3 ticks of a fast one of its step.
    const fastByStep = new Map<string, number>();
    for (const t of fast) fastByStep.set(`${t.instrument} ${Math.floor((t.ts - T0) / 100)}`, t.price);
    let compared = 0;
    for (const t of slow) {
      const price = fastByStep.get(`${t.instrument} ${Math.floor((t.ts - T0) / 100)}`);
      if (price === undefined) continue;
      compared++;
      expect(Math.abs(price - t.price)).toBeLessThanOrEqual(0.0030001);
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  it('produces a Poisson stream at the asked rate with sequential ids, both sides and tick-size prices', () => {
    const ticks = new SimMarket({ seed: 3, tradesPerSecond: 50, startTs: T0 }).generateUntil(T0 + 600_000);
    expect(ticks.length).toBeGreaterThan(50 * 600 * 0.95);
    expect(ticks.length).toBeLessThan(50 * 600 * 1.05);
    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      const own = ticks.filter((t) => t.instrument === instrument);
      expect(own.length).toBeGreaterThan(1000);
      expect(own.every((t, i) => t.id === i + 1)).toBe(true);
      expect(own.some((t) => t.buyerMaker)).toBe(true);
      expect(own.some((t) => !t.buyerMaker)).toBe(true);
    }
    expect(ticks.every((t, i) => i === 0 || t.ts >= ticks[i - 1].ts)).toBe(true);
    expect(ticks.every((t) => t.qty > 0 && Number.isFinite(t.price))).toBe(true);
    // Prices and sizes print as the decimals of their tick and lot, with no binary residue.
    const aaa = ticks.filter((t) => t.instrument === 'sim:AAA');
    expect(aaa.every((t) => (String(t.price).split('.')[1]?.length ?? 0) <= 3)).toBe(true);
    expect(aaa.every((t) => Math.abs(t.price * 1000 - Math.round(t.price * 1000)) < 1e-6)).toBe(true);
    expect(aaa.every((t) => (String(t.qty).split('.')[1]?.length ?? 0) <= 3)).toBe(true);
  });

  it('makes AAA and BBB move together through a mean-reverting spread while CCC is independent', () => {
    const ticks = new SimMarket({ seed: 11, tradesPerSecond: 5, startTs: T0 }).generateUntil(T0 + 12 * 3_600_000);
    const a = closesPerMinute(ticks, 'sim:AAA');
    const b = closesPerMinute(ticks, 'sim:BBB');
    const c = closesPerMinute(ticks, 'sim:CCC');
    const minutes = [...a.keys()].filter((m) => b.has(m) && c.has(m)).sort((x, y) => x - y);
    const ra = logReturns(a, minutes);
    expect(correlation(ra, logReturns(b, minutes))).toBeGreaterThan(0.9);
    expect(Math.abs(correlation(ra, logReturns(c, minutes)))).toBeLessThan(0.15);
    // The log ratio stays within a few stationary standard deviations (0.0002) of its start.
    const spread = minutes.map((m) => Math.log(b.get(m)! / a.get(m)!) - Math.log(0.5));
    expect(Math.max(...spread.map(Math.abs))).toBeLessThan(0.0015);
  });

  it('continues the id sequence after stored ids and the price from stored prices', () => {
    const ticks = new SimMarket({
      seed: 1,
      startTs: T0,
      lastTradeIds: { AAA: 41 },
      startPrices: { AAA: 200, BBB: 100 },
    }).generate(200);
    const aaa = ticks.find((t) => t.instrument === 'sim:AAA')!;
    expect(aaa.id).toBe(42);
    expect(aaa.price).toBeCloseTo(200, 0);
    expect(ticks.find((t) => t.instrument === 'sim:BBB')!.price).toBeCloseTo(100, 0);
    expect(ticks.find((t) => t.instrument === 'sim:CCC')?.id).toBe(1);
  });

  it('changes the rate from now on and names a bad rate', () => {
    const market = new SimMarket({ seed: 2, startTs: T0, tradesPerSecond: 5 });
    const slow = market.generateUntil(T0 + 600_000).length;
    market.tradesPerSecond = 50;
    const fast = market.generateUntil(T0 + 1_200_000).length;
    expect(slow).toBeGreaterThan(5 * 600 * 0.9);
    expect(slow).toBeLessThan(5 * 600 * 1.1);
    expect(fast).toBeGreaterThan(50 * 600 * 0.95);
    expect(() => (market.tradesPerSecond = 0)).toThrow('sim tradesPerSecond must be > 0 trades/s, got 0');
    expect(() => new SimMarket({ startTs: T0, startPrices: { CCC: -1 } })).toThrow('startPrices.CCC');
  });
});
