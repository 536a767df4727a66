// The analytics WebSocket channels: points on every close, tests when done, the latest state on
// subscribe, and clear errors for channels that cannot exist.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient } from '../support/ws-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectNearlyEqual, simTicks, T0 } from './sim-fixtures.js';

type App = TestApp<'analytics'>;
let t: App;
beforeEach(async () => {
  t = await createTestApp({ engines: 'analytics', listen: true });
});
afterEach(async () => {
  await t.close();
});

describe('analytics WebSocket channels', () => {
  it('pushes a pair point on each aligned close and the tests once they are done', async () => {
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 30, window: 10 },
    });
    const client = await connectClient(t.wsUrl);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['pair:AAA/BBB:1s', 'analytics:sim:AAA:1s'] }));
    const ack = await client.next((m) => m.op === 'subscribed');
    expect(ack).toMatchObject({ channels: ['pair:sim:AAA/sim:BBB:1s', 'analytics:sim:AAA:1s'] });

    const ticks = simTicks(60, 20);
    t.pipeline.ingest(ticks);
    const lastStart = Math.floor(ticks[ticks.length - 1].ts / 1000) * 1000;
    const point = await client.next(
      (m) => m.channel === 'pair:sim:AAA/sim:BBB:1s' && m.type === 'point' && m.data!.start === lastStart - 2000,
    );
    // What is pushed is what the REST API answers for the same bucket.
    const bucket = `from=${point.data!.start}&to=${point.data!.start + 1000}`;
    const rest = await t.get(
      `/api/v1/pairs/analytics?x=sim:AAA&y=sim:BBB&timeframe=1s&lookback=30&window=10&${bucket}`,
    );
    expect(rest.body.series).toHaveLength(1);
    expectNearlyEqual(point.data, rest.body.series[0], 1e-9);
    expect(Number.isFinite(point.data!.zscore)).toBe(true);
    const tests = await client.next((m) => m.channel === 'pair:sim:AAA/sim:BBB:1s' && m.type === 'tests');
    const { adf, engleGranger } = tests.data as unknown as Record<'adf' | 'engleGranger', { pValue: number }>;
    for (const pValue of [adf.pValue, engleGranger.pValue]) {
      expect(pValue).toBeGreaterThan(0);
      expect(pValue).toBeLessThanOrEqual(1);
    }
    const symbol = await client.next((m) => m.channel === 'analytics:sim:AAA:1s' && m.data!.start === lastStart - 1000);
    const lastAaaTick = ticks.filter((tick) => tick.instrument === 'sim:AAA' && tick.ts < lastStart).at(-1)!;
    expect(symbol.data!.close).toBe(lastAaaTick.price);
    expect(Number.isFinite(symbol.data!.macd)).toBe(true);
    // Points of a channel arrive in time order.
    const starts = client.messages
      .filter((m) => m.channel === 'pair:sim:AAA/sim:BBB:1s' && m.type === 'point')
      .map((m) => m.data!.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    client.socket.close();
  });

  it('sends the latest point and tests on subscribe', async () => {
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 30, window: 10 },
    });
    t.pipeline.ingest(simTicks(60, 20));
    await t.analytics.jobs.idle();
    const latest = t.analytics.pair({ x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' })!.latest!;
    const client = await connectClient(t.wsUrl);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['pair:sim:AAA/sim:BBB:1s'] }));
    const point = await client.next((m) => m.type === 'point');
    expect(point.data).toEqual(latest);
    await client.next((m) => m.type === 'tests');
    client.socket.close();
  });

  it('rejects a pair that is not live and malformed analytics channels', async () => {
    const client = await connectClient(t.wsUrl);
    client.socket.send(
      JSON.stringify({ op: 'subscribe', channels: ['pair:AAA/CCC:1s', 'analytics:AAA:2s', 'pair:AAA:1s'] }),
    );
    const ack = await client.next((m) => m.op === 'subscribed');
    expect(ack).toMatchObject({ channels: [] });
    // One error for the request, with each refused channel's reason.
    const errors = client.messages.filter((m) => m.op === 'error');
    expect(errors).toHaveLength(1);
    const details = errors[0].error?.details;
    expect(details?.count).toBe(3);
    const reasons: string[] = details?.channels.map((c: { reason: string }) => c.reason) ?? [];
    expect(reasons[0]).toContain('POST /api/v1/pairs');
    expect(reasons[1]).toContain('unknown timeframe "2s"');
    expect(reasons[2]).toContain('pair:<x>/<y>:<timeframe>');
    client.socket.close();
  });

  it('stops pushing after unsubscribe', async () => {
    const client = await connectClient(t.wsUrl);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['analytics:AAA:1s'] }));
    await client.next((m) => m.op === 'subscribed');
    client.socket.send(JSON.stringify({ op: 'unsubscribe', channels: ['analytics:AAA:1s'] }));
    await client.next((m) => m.op === 'unsubscribed');
    t.pipeline.ingest(simTicks(20, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.messages.filter((m) => m.channel)).toEqual([]);
    client.socket.close();
  });

  it('pushes the bar and the pair point of the same close on one socket', async () => {
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 20, window: 5 },
    });
    const client = await connectClient(t.wsUrl);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:BBB:1s', 'pair:sim:AAA/sim:BBB:1s'] }));
    await client.next((m) => m.op === 'subscribed');
    t.pipeline.ingest([
      { instrument: 'sim:AAA', id: 1, ts: T0 + 10, price: 100, qty: 1, buyerMaker: false },
      { instrument: 'sim:BBB', id: 1, ts: T0 + 20, price: 50, qty: 1, buyerMaker: false },
      { instrument: 'sim:AAA', id: 2, ts: T0 + 1010, price: 101, qty: 1, buyerMaker: false },
      { instrument: 'sim:BBB', id: 2, ts: T0 + 1020, price: 51, qty: 1, buyerMaker: false },
    ]);
    const point = await client.next((m) => m.type === 'point');
    expect(point.data).toMatchObject({ start: T0, x: 100, y: 50, hedgeRatio: null });
    const bar = await client.next(
      (m) => m.channel === 'bars:sim:BBB:1s' && (m.data as { closed?: boolean }).closed === true,
    );
    expect(bar.data).toMatchObject({ start: T0, close: 50 });
    client.socket.close();
  });
});
