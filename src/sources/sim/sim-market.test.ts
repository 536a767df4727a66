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

  it('produces a Poisson stream at the asked rate with sequential ids, both sides and tick-size prices', () => {
    const ticks = new SimMarket({ seed: 3, tradesPerSecond: 50, startTs: T0 }).generateUntil(T0 + 600_000);
    expect(ticks.length).toBeGreaterThan(50 * 600 * 0.95);
    expect(ticks.length).toBeLessThan(50 * 600 * 1.05);
    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      const own = ticks.filter((t) => t.instrument === instrument);
      expect(own.length).toBeGreaterThan(1000);
      own.forEach((t, i) => {
        expect(t.id).toBe(i + 1);
      });
      expect(own.some((t) => t.buyerMaker)).toBe(true);
      expect(own.some((t) => !t.buyerMaker)).toBe(true);
    }
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].ts).toBeGreaterThanOrEqual(ticks[i - 1].ts);
    expect(ticks.every((t) => t.qty > 0 && Number.isFinite(t.price))).toBe(true);
    const aaa = ticks.filter((t) => t.instrument === 'sim:AAA');
    expect(aaa.every((t) => Math.abs(t.price * 100 - Math.round(t.price * 100)) < 1e-6)).toBe(true);
  });

  it('makes AAA and BBB move together through a mean-reverting spread while CCC is independent', () => {
    const ticks = new SimMarket({ seed: 11, tradesPerSecond: 20, startTs: T0 }).generateUntil(T0 + 12 * 3_600_000);
    const a = closesPerMinute(ticks, 'sim:AAA');
    const b = closesPerMinute(ticks, 'sim:BBB');
    const c = closesPerMinute(ticks, 'sim:CCC');
    const minutes = [...a.keys()].filter((m) => b.has(m) && c.has(m)).sort((x, y) => x - y);
    const ra = logReturns(a, minutes);
    expect(correlation(ra, logReturns(b, minutes))).toBeGreaterThan(0.8);
    expect(Math.abs(correlation(ra, logReturns(c, minutes)))).toBeLessThan(0.15);
    // The log ratio stays within a few stationary standard deviations of its start.
    const spread = minutes.map((m) => Math.log(b.get(m)! / a.get(m)!) - Math.log(0.5));
    expect(Math.max(...spread.map(Math.abs))).toBeLessThan(0.006);
  });

  it('continues the id sequence after stored ids', () => {
    const ticks = new SimMarket({ seed: 1, startTs: T0, lastTradeIds: { AAA: 41 } }).generate(200);
    expect(ticks.find((t) => t.instrument === 'sim:AAA')?.id).toBe(42);
    expect(ticks.find((t) => t.instrument === 'sim:CCC')?.id).toBe(1);
  });
});
