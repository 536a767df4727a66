import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient } from '../support/ws-client.js';
import { createTestApp } from '../support/test-app.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
let t: Awaited<ReturnType<typeof createTestApp>>;
let url: string;

beforeEach(async () => {
  t = await createTestApp({ timeframes: ['1s', '1m', '1h'] });
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address.replace('http', 'ws')}/ws`;
});
afterEach(async () => {
  await t.close();
});

describe('WebSocket gateway', () => {
  it('pushes open and closed bars of a subscribed channel, in time order', async () => {
    const client = await connectClient(url);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:1s'] }));
    await client.next((m) => m.op === 'subscribed');
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 1, ts: T0 + 10, price: 10, qty: 1, buyerMaker: false }]);
    const open = await client.next((m) => m.channel === 'bars:sim:AAA:1s' && m.data.closed === false);
    // The whole message: every bar field, then the flags.
    expect(open.data).toEqual({ ...t.pipeline.openBar('sim:AAA', '1s'), closed: false, amended: false });
    expect(open.data).toMatchObject({
      instrument: 'sim:AAA',
      timeframe: '1s',
      start: T0,
      open: 10,
      trades: 1,
      vwap: 10,
    });
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 2, ts: T0 + 1010, price: 11, qty: 1, buyerMaker: false }]);
    const closed = await client.next((m) => m.channel === 'bars:sim:AAA:1s' && m.data.closed === true);
    expect(closed.data).toEqual({ ...open.data, closed: true });
    await client.next((m) => m.channel === 'bars:sim:AAA:1s' && m.data.start === T0 + 1000);
    const starts = client.messages.filter((m) => m.channel).map((m) => m.data.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    client.socket.close();
  });

  it('marks a closed bar sent again with corrected contents as amended', async () => {
    const client = await connectClient(url);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:1s'] }));
    await client.next((m) => m.op === 'subscribed');
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 1, ts: T0 + 10, price: 10, qty: 1, buyerMaker: false }]);
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 3, ts: T0 + 1010, price: 11, qty: 1, buyerMaker: false }]);
    const closed = await client.next((m) => m.data?.start === T0 && m.data.closed === true);
    expect(closed.data).toMatchObject({ amended: false, trades: 1 });
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 2, ts: T0 + 500, price: 9, qty: 1, buyerMaker: false }]); // late
    const amended = await client.next((m) => m.data?.start === T0 && m.data.amended === true);
    expect(amended.data).toMatchObject({ closed: true, trades: 2, low: 9 });
    client.socket.close();
  });

  it('coalesces a burst of ticks into the latest bar state', async () => {
    const client = await connectClient(url);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:1m'] }));
    await client.next((m) => m.op === 'subscribed');
    t.pipeline.ingest(
      Array.from({ length: 500 }, (_, i) => ({
        instrument: 'sim:AAA',
        id: i + 1,
        ts: T0 + i,
        price: 10 + i / 100,
        qty: 1,
        buyerMaker: false,
      })),
    );
    const last = await client.next((m) => m.channel === 'bars:sim:AAA:1m' && m.data.trades === 500);
    expect(last.data.close).toBeCloseTo(14.99, 10);
    expect(client.messages.filter((m) => m.channel).length).toBeLessThan(5);
    client.socket.close();
  });

  it('stops pushing after unsubscribe and reports bad requests without closing', async () => {
    const client = await connectClient(url);
    client.socket.send('not json');
    expect((await client.next((m) => m.op === 'error')).error.code).toBe('bad_request');
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:7m'] }));
    expect((await client.next((m) => m.error?.code === 'bad_channel')).error.message).toContain('7m');
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:AAA:1s', 'status'] }));
    expect((await client.next((m) => m.op === 'subscribed' && m.channels.length > 0)).channels).toEqual([
      'bars:sim:AAA:1s',
      'status',
    ]);
    const status = await client.next((m) => m.channel === 'status');
    expect(status.data).toMatchObject({ status: 'ok', source: { simulated: true } });
    client.socket.send(JSON.stringify({ op: 'unsubscribe', channels: ['bars:sim:AAA:1s'] }));
    await client.next((m) => m.op === 'unsubscribed');
    const before = client.messages.filter((m) => m.channel?.startsWith('bars')).length;
    t.pipeline.ingest([{ instrument: 'sim:AAA', id: 9, ts: T0, price: 10, qty: 1, buyerMaker: false }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.messages.filter((m) => m.channel?.startsWith('bars')).length).toBe(before);
    client.socket.close();
  });
});
