// Alerts on replayed real data: the BTCUSDT/ETHUSDT spot captures are replayed into a DuckDB file,
// then their stored trades are fed through a live server (pipeline → bars → pair analytics →
// alert engine → /ws) with the engine's clock following the trades. A rule `zscore crosses_above
// 2` on the pair must fire at exactly the closes where the pair's z-score, recomputed here from
// the stored bars, crosses 2 — and not again until it has gone back to 2 − band — and the
// cooldown, disable and expiry must hold on the same data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import type { PairPoint } from '../../src/analytics/pair/pair-engine.js';
import { computePairSeries } from '../../src/analytics/pair/pair-series.js';
import { resolvePairParams, type PairConfig } from '../../src/analytics/params.js';
import { replayFiles } from '../../src/cli/commands/replay.js';
import type { Tick } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';
import { ALERT_APP } from './fixtures.js';
import { createTestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

const dataDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
const files = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz', 'ethusdt_20240808.gz', 'ethusdt_20240809.gz'].map((f) =>
  join(dataDir, 'binance/hftbacktest/spot', f),
);
const X = 'binance:BTCUSDT';
const Y = 'binance:ETHUSDT';
const PARAMS = { lookback: 60, window: 20 };
const THRESHOLD = 2;
const BAND = 0.2; // the zscore default: max(0.1·|2|, 0.1)

const dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-replay-'));
let ticks: Tick[] = [];
let reference: PairPoint[] = [];

beforeAll(async () => {
  const db = join(dir, 'replay.duckdb');
  await replayFiles(files, { venue: 'binance', speed: 'max', db, progress: false });
  const store = await openStore({ path: db });
  try {
    const [btc, eth] = await Promise.all([X, Y].map((instrument) => store.readTicks({ instrument })));
    ticks = [...btc, ...eth].sort((a, b) => a.ts - b.ts || (a.instrument < b.instrument ? -1 : 1) || a.id - b.id);
    const config: PairConfig = { x: X, y: Y, timeframe: '1s', params: resolvePairParams(PARAMS) };
    reference = (await computePairSeries(store, config, { limit: 100_000 })).series;
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Raw crossings of the threshold from below: previous value ≤ threshold < value (consecutive z-scores). */
function rawCrossings(series: PairPoint[]): number[] {
  const out: number[] = [];
  let previous: number | null = null;
  for (const { start, zscore } of series) {
    if (zscore === null) continue;
    if (previous !== null && previous <= THRESHOLD && zscore > THRESHOLD) out.push(start);
    previous = zscore;
  }
  return out;
}

/**
 * The closes a `crosses_above` rule must fire at, from the rule's definition: a crossing fires
 * when the rule is armed — by a first value at or below the threshold, or by a value at or below
 * threshold − band since the last crossing — and no firing happened within the cooldown.
 */
function expectedFirings(series: PairPoint[], band: number, cooldownMs: number): number[] {
  const fired: number[] = [];
  let armed: boolean | undefined;
  let lastFired = Number.NEGATIVE_INFINITY;
  for (const { start, zscore } of series) {
    if (zscore === null) continue;
    if (armed === undefined) armed = zscore <= THRESHOLD;
    else if (armed && zscore > THRESHOLD) {
      armed = false;
      if (start - lastFired >= cooldownMs) {
        fired.push(start);
        lastFired = start;
      }
    } else if (!armed && zscore <= THRESHOLD - band) armed = true;
  }
  return fired;
}

describe('alerts on replayed BTCUSDT/ETHUSDT trades', () => {
  it('fire where the pair z-score crosses 2 (hysteresis, cooldown, disable, expiry), pushed to /ws', async () => {
    let clock = ticks[0].ts;
    const t = await createTestApp({
      ...ALERT_APP,
      alerts: { now: () => clock },
    });
    try {
      await t.analytics.registry.add({ x: X, y: Y, timeframe: '1s', params: PARAMS });
      const live: PairPoint[] = [];
      t.analytics.onUpdate((u) => {
        if (u.kind === 'pair' && u.event.type === 'point') live.push(u.event.point);
      });

      const crossingsAt = expectedFirings(reference, BAND, 0);
      const raw = rawCrossings(reference);
      expect(crossingsAt.length).toBeGreaterThanOrEqual(3);
      // With a wider band, the data has a crossing that hysteresis must hold back (noise 3 s after a firing).
      const wideBandAt = expectedFirings(reference, 0.5, 0);
      expect(wideBandAt.length).toBeLessThan(raw.length);

      // Expire one rule in the widest gap between two firings.
      const gaps = crossingsAt.slice(1).map((start, i) => ({ after: crossingsAt[i], before: start }));
      const widest = gaps.reduce((a, b) => (b.before - b.after > a.before - a.after ? b : a));
      expect(widest.before - widest.after).toBeGreaterThan(10_000);
      const expiresAt = Math.round((widest.after + widest.before) / 2);

      const base = {
        target: { pair: { x: 'BTCUSDT', y: 'ETHUSDT' } },
        timeframe: '1s',
        metric: 'zscore',
        operator: 'crosses_above',
        threshold: THRESHOLD,
      };
      const create = async (name: string, extra: object) => {
        const res = await t.request('POST', '/api/v1/alerts', { ...base, name, ...extra });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body as { id: string; band: number };
      };
      const crossing = await create('z crosses 2', { cooldownSec: 0, severity: 'high' });
      const cooled = await create('z crosses 2, 60 s cooldown', { cooldownSec: 60 });
      const wideBand = await create('z crosses 2, band 0.5', { cooldownSec: 0, band: 0.5 });
      const disabled = await create('z crosses 2, disabled', { cooldownSec: 0, enabled: false });
      const expiring = await create('z crosses 2, expiring', { cooldownSec: 0, expiresAt });
      expect(crossing.band).toBeCloseTo(BAND, 12);

      const client = await connectClient(t.wsUrl, ['alerts']);
      for (const tick of ticks) {
        clock = tick.ts;
        t.pipeline.ingest([tick]);
      }
      await t.pipeline.finish();
      t.analytics.advanceClock(Number.MAX_SAFE_INTEGER / 2);
      await t.analytics.jobs.idle();

      // The live pair series is the reference recomputed from the stored bars.
      expect(live.map((p) => p.start)).toEqual(reference.map((p) => p.start));
      live.forEach((p, i) => {
        const want = reference[i].zscore;
        if (want === null) expect(p.zscore).toBeNull();
        else expect(p.zscore).toBeCloseTo(want, 9);
      });

      const events = (rule: { id: string }) =>
        t
          .request('GET', `/api/v1/alerts/events?ruleId=${rule.id}&limit=1000`)
          .then((r) => (r.body as AlertEvent[]).reverse());
      const zAt = new Map(reference.map((p) => [p.start, p.zscore]));

      const fired = await events(crossing);
      expect(fired.map((e) => e.barStart)).toEqual(crossingsAt);
      for (const event of fired) {
        expect(event.value).toBe(zAt.get(event.barStart));
        expect(event.previousValue!).toBeLessThanOrEqual(THRESHOLD);
        expect(event.value).toBeGreaterThan(THRESHOLD);
        expect(raw).toContain(event.barStart);
      }
      // Between two firings the z-score went back to 2 − band.
      for (let i = 1; i < fired.length; i++) {
        const between = reference.filter((p) => p.start > fired[i - 1].barStart && p.start < fired[i].barStart);
        expect(between.some((p) => p.zscore !== null && p.zscore <= THRESHOLD - BAND)).toBe(true);
      }

      const cooledAt = (await events(cooled)).map((e) => e.barStart);
      expect(cooledAt).toEqual(expectedFirings(reference, BAND, 60_000));
      expect(cooledAt.length).toBeLessThan(crossingsAt.length);
      for (let i = 1; i < cooledAt.length; i++) expect(cooledAt[i] - cooledAt[i - 1]).toBeGreaterThanOrEqual(60_000);
      expect((await t.request('GET', `/api/v1/alerts/${cooled.id}`)).body.state.suppressedCount).toBe(
        crossingsAt.length - cooledAt.length,
      );

      const wideBandFired = await events(wideBand);
      expect(wideBandFired.map((e) => e.barStart)).toEqual(wideBandAt);
      const heldBack = raw.filter((start) => !wideBandAt.includes(start));
      expect(heldBack.length).toBeGreaterThan(0);
      // Each held-back crossing came before the z-score had gone back to 1.5 since the last firing.
      for (const start of heldBack) {
        const lastFiring = Math.max(...wideBandAt.filter((s) => s < start));
        expect(
          reference.some(
            (p) => p.start > lastFiring && p.start < start && p.zscore !== null && p.zscore <= THRESHOLD - 0.5,
          ),
        ).toBe(false);
      }

      expect(await events(disabled)).toEqual([]);
      expect((await t.request('GET', `/api/v1/alerts/${disabled.id}`)).body).toMatchObject({
        status: 'disabled',
        state: { fireCount: 0, latched: null },
      });

      const expiredEvents = await events(expiring);
      expect(expiredEvents.map((e) => e.barStart)).toEqual(crossingsAt.filter((start) => start <= widest.after));
      expect(expiredEvents.every((e) => e.firedAt < expiresAt)).toBe(true);
      const expiredRule = (await t.request('GET', `/api/v1/alerts/${expiring.id}`)).body;
      expect(expiredRule.status).toBe('expired');
      expect(expiredRule.expiredAt).toBeGreaterThanOrEqual(expiresAt);

      // Every event reached the /ws client exactly once.
      const all = [...fired, ...(await events(cooled)), ...wideBandFired, ...expiredEvents];
      await client.next((m) => m.type === 'event' && m.data.id === fired[fired.length - 1].id);
      const pushed = client.messages.filter((m) => m.type === 'event').map((m) => m.data.id);
      expect([...pushed].sort()).toEqual(all.map((e) => e.id).sort());
      expect(
        client.messages.filter((m) => m.type === 'rule' && m.data.id === expiring.id).map((m) => m.data.status),
      ).toContain('expired');
      client.socket.close();
    } finally {
      await t.close();
    }
  }, 120_000);
});
