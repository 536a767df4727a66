// The live engines, fed bar by bar from the bus, give the same series as the recomputation from
// the stored bars that the REST routes serve for pairs that are not live.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PairPoint } from '../../src/analytics/pair/pair-engine.js';
import { computePairSeries } from '../../src/analytics/pair/pair-series.js';
import { resolvePairParams, type PairConfig } from '../../src/analytics/params.js';
import type { SymbolPoint } from '../../src/analytics/symbol/symbol-engine.js';
import { computeSymbolSeries } from '../../src/analytics/symbol/symbol-series.js';
import type { Tick } from '../../src/domain/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectNearlyEqual, simTicks, T0 } from './sim-fixtures.js';

type App = TestApp<'analytics'>;
let t: App;
beforeEach(async () => {
  t = await createTestApp({ engines: 'analytics' });
});
afterEach(async () => {
  await t.close();
});

// Rolling sums restarted at another point round differently; the z-score divides a spread's
// distance to its mean by a std that can be 1e-4 of the spread, so allow 1e-9 relative.
const expectSameValues = (got: unknown, want: unknown, where: string) => expectNearlyEqual(got, want, 1e-9, where);

function livePairPoints(id: string): PairPoint[] {
  const byStart = new Map<number, PairPoint>();
  for (const u of t.updates)
    if (u.kind === 'pair' && u.id === id && u.event.type === 'point') byStart.set(u.event.point.start, u.event.point);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

async function ingestInBatches(seconds: number, rate: number, late: Tick[] = []) {
  const ticks = simTicks(seconds, rate);
  for (let i = 0; i < ticks.length; i += 37) t.pipeline.ingest(ticks.slice(i, i + 37));
  // Late trades amend closed bars: one still in the bar builder's memory, one rebuilt from the store.
  t.pipeline.ingest(late);
  await t.settle();
}

const lateTrade = (instrument: string, id: number, second: number, price: number): Tick => ({
  instrument,
  id,
  ts: T0 + second * 1000 + 400,
  price,
  qty: 1,
  buyerMaker: false,
});

describe('live analytics equal the recomputation from stored bars', () => {
  for (const hedge of ['ols', 'kalman', 'theil-sen'] as const) {
    it(`pair series with hedge=${hedge}, sparse legs carrying closes`, async () => {
      const params = resolvePairParams({ lookback: 40, window: 15, hedge, price: hedge === 'kalman' ? 'log' : 'raw' });
      const config: PairConfig = { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s', params };
      await t.analytics.registry.add(config);
      await ingestInBatches(400, 3, [
        lateTrade('sim:BBB', 50_000_000, 350, 52),
        lateTrade('sim:AAA', 50_000_001, 120, 99),
      ]);
      expect(t.pipeline.counters.lateTicks).toBe(2);

      const live = livePairPoints('sim:AAA/sim:BBB:1s');
      const recomputed = await computePairSeries(t.store, config, { limit: 100_000 });
      expect(live.length).toBeGreaterThan(250);
      expect(recomputed.series.map((p) => p.start)).toEqual(live.map((p) => p.start));
      expect(recomputed.carried.x).toBeGreaterThan(10);
      expect(recomputed.carried.y).toBeGreaterThan(10);
      recomputed.series.forEach((want, i) => {
        expectSameValues(live[i], want, `start ${want.start}`);
      });
      expect(live.filter((p) => p.zscore !== null).length).toBeGreaterThan(200);

      const tests = t.analytics.pair(config)!.latestTests!;
      expect(tests.start).toBe(live[live.length - 1].start);
      expectSameValues(tests.adf, recomputed.latest!.tests!.adf, 'adf');
      expect(tests.engleGranger!.pValue).toBe(recomputed.latest!.tests!.engleGranger!.pValue);
    });
  }

  it('symbol analytics, including an amended bar', async () => {
    await ingestInBatches(300, 8);
    // A late trade for an early bucket amends its stored bar; the engine recomputes from there.
    t.pipeline.ingest([
      {
        instrument: 'sim:AAA',
        id: 10_000_000,
        ts: Date.UTC(2024, 0, 1, 12, 0, 5, 500),
        price: 250,
        qty: 1,
        buyerMaker: false,
      },
    ]);
    await t.settle();
    const byStart = new Map<number, SymbolPoint>();
    for (const u of t.updates)
      if (u.kind === 'symbol' && u.instrument === 'sim:AAA' && u.timeframe === '1s')
        byStart.set(u.point.start, u.point);
    const live = [...byStart.values()].sort((a, b) => a.start - b.start);
    const recomputed = await computeSymbolSeries(
      t.store,
      { instrument: 'sim:AAA', timeframe: '1s', params: { window: 20 } },
      { limit: 100_000 },
    );
    const computedDefault = await computeSymbolSeries(
      t.store,
      { instrument: 'sim:AAA', timeframe: '1s', params: { window: 60 } },
      { limit: 100_000 },
    );
    expect(recomputed.series.length).toBe(live.length);
    expect(live.some((p) => p.high === 250)).toBe(true);
    computedDefault.series.forEach((want, i) => {
      expectSameValues(live[i], want, `start ${want.start}`);
    });
    expect(
      live.filter((p) => p.yangZhang !== null && p.rsi !== null && p.macd !== null && p.volumeZscore !== null).length,
    ).toBeGreaterThan(200);
  });

  it('serves a live pair from memory and the same numbers recomputed for other parameters', async () => {
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 40, window: 15 },
    });
    await ingestInBatches(300, 6);
    const live = await t.get(
      '/api/v1/pairs/analytics?x=sim:AAA&y=sim:BBB&timeframe=1s&lookback=40&window=15&limit=100',
    );
    const recomputed = await t.get(
      '/api/v1/pairs/analytics?x=AAA&y=BBB&timeframe=1s&lookback=40&window=15&limit=100&includeOpen=true',
    );
    expect(live.status).toBe(200);
    expect(live.body.live).toBe(true);
    expect(recomputed.body.live).toBe(false);
    expect(live.body.series).toHaveLength(100);
    live.body.series.forEach((p: PairPoint, i: number) => {
      expectSameValues(p, recomputed.body.series[i], `start ${p.start}`);
    });
    expect(live.body.latest.adf.pValue).toBeCloseTo(recomputed.body.latest.adf.pValue, 12);
    expect(live.body.latest.testsStart).toBe(live.body.latest.start);
  });
});
