// The heavy tests (ADF, Engle-Granger, half-life) never hold up ingestion: they run after the
// ingesting call returns, one pair per event-loop turn, coalesced to the newest close.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestInputs } from '../../src/analytics/pair/pair-engine.js';
import { runPairTests } from '../../src/analytics/pair/pair-tests.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { simTicks } from './sim-fixtures.js';

type App = TestApp<'analytics'>;
let t: App | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A test run that takes `ms` of CPU, as a long ADF would, and logs what it ran on. */
function slowTests(ms: number, log: Array<{ start: number; order: number }>, clock: { order: number }) {
  return (inputs: TestInputs) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
    log.push({ start: inputs.start, order: clock.order++ });
    return runPairTests(inputs);
  };
}

describe('heavy tests are scheduled off the ingestion path', () => {
  it('ingestion emits every point while slow tests wait; the tests then run once, on the newest close', async () => {
    const log: Array<{ start: number; order: number }> = [];
    t = await createTestApp({ engines: 'analytics', analytics: { runTests: slowTests(30, log, { order: 0 }) } });
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 20, window: 5 },
    });
    const ticks = simTicks(200, 20);
    for (let i = 0; i < ticks.length; i += 50) t.pipeline.ingest(ticks.slice(i, i + 50));

    const points = t.updates.filter((u) => u.kind === 'pair' && u.event.type === 'point');
    expect(points.length).toBeGreaterThan(190);
    expect(log).toEqual([]); // 190 closes, not one test run yet: ingestion never waited
    expect(t.analytics.jobs.pending).toBe(1);

    await t.analytics.jobs.idle();
    const latest = t.analytics.pair({ x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' })!.latest!;
    expect(log.map((e) => e.start)).toEqual([latest.start]);
    expect(t.analytics.pair({ x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' })!.latestTests!.start).toBe(latest.start);
  });

  it('lets trades in between two pairs’ slow tests', async () => {
    const log: Array<{ start: number; order: number }> = [];
    const clock = { order: 0 };
    t = await createTestApp({ engines: 'analytics', analytics: { runTests: slowTests(20, log, clock) } });
    const params = { lookback: 20, window: 5 };
    await t.analytics.registry.add({ x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s', params });
    await t.analytics.registry.add({ x: 'sim:AAA', y: 'sim:CCC', timeframe: '1s', params });
    const ticks = simTicks(120, 20);
    t.pipeline.ingest(ticks.slice(0, ticks.length - 100));
    expect(t.analytics.jobs.pending).toBe(2);

    let ingestedAt = -1;
    const before = t.pipeline.counters.ticks;
    setImmediate(() => {
      t!.pipeline.ingest(ticks.slice(ticks.length - 100));
      ingestedAt = clock.order++;
    });
    await t.analytics.jobs.idle();
    await t.analytics.jobs.idle();
    expect(t.pipeline.counters.ticks).toBe(before + 100);
    // Trades queued while two slow test runs wait get in after at most one of them.
    expect(ingestedAt).toBeGreaterThanOrEqual(0);
    expect(log.filter((e) => e.order < ingestedAt).length).toBeLessThanOrEqual(1);
    expect(log.some((e) => e.order > ingestedAt)).toBe(true);
  });
});
