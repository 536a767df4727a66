// What a /ws client costs the server when it misbehaves: a client that stops reading while it keeps
// sending bad requests is closed with 4008 before the bytes held for it pass the gateway's bound; a
// request naming thousands of bad channels is answered with one error; a client that reads slowly
// still ends up with the newest bar states and every alert message, in order.
import { afterEach, describe, expect, it } from 'vitest';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/server/ws-schemas.js';
import { ALERT_APP } from '../alerts/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient, type RecordingClient } from '../support/ws-client.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

let t: TestApp<'alerts'>;
afterEach(async () => {
  await t.close();
});

/** The TCP connection under a `ws` client: paused, the client reads nothing and the server's buffers fill. */
function transportOf(client: RecordingClient): { pause(): void; resume(): void } {
  return (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
}

const tick = (id: number, ts: number, price: number) => ({
  instrument: 'sim:AAA',
  id,
  ts,
  price,
  qty: 1,
  buyerMaker: false,
});

/** A subscribe naming 60 bad channels: a 700-byte request whose refusal lists 50 of them (about 9 KB). */
const BAD_SUBSCRIBE = JSON.stringify({
  op: 'subscribe',
  channels: Array.from({ length: 60 }, (_, i) => `nope:${i}`),
});

describe('a client that does not read', () => {
  it('is closed with 4008 before the bytes held for it pass the bound, its subscriptions released', async () => {
    const maxBufferedBytes = 256 * 1024;
    t = await createTestApp({ ...ALERT_APP, ws: { maxBufferedBytes } });
    const client = await connectClient(t.wsUrl, ['bars:sim:AAA:1s', 'alerts']);
    expect(t.alertFeed.size).toBe(1);
    transportOf(client).pause();

    let sent = 0;
    // Bounded: the kernel's socket buffers hold a few MB of replies before the server holds any.
    while (t.app.wsGateway.stats().closedForBacklog === 0 && sent < 50_000) {
      for (let i = 0; i < 20; i++, sent++) client.socket.send(BAD_SUBSCRIBE);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stats = t.app.wsGateway.stats();
    expect(stats.closedForBacklog).toBe(1);
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(maxBufferedBytes);
    // It was held up to the bound, less than one more reply, and not closed early.
    expect(stats.peakBufferedBytes).toBeGreaterThan(maxBufferedBytes - 16 * 1024);
    expect(t.alertFeed.size).toBe(0);

    transportOf(client).resume();
    const closed = await client.closed;
    expect(closed).toEqual({
      code: SLOW_CONSUMER_CLOSE_CODE,
      reason: `send buffer over ${maxBufferedBytes} bytes; the client is not reading`,
    });
    // What it was sent before the close came whole and in order: one error and one ack per request.
    const replies = client.messages.filter((m) => m.op !== undefined).slice(1);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.length).toBeLessThan(2 * sent);
    replies.forEach((m, i) => {
      if (i % 2 === 0) expect(m.error).toMatchObject({ code: 'bad_channel', details: { count: 60 } });
      else expect(m).toEqual({ op: 'subscribed', channels: [] });
    });
    // The server sees the close after the client does.
    for (let i = 0; i < 100 && t.app.wsGateway.stats().clients > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.app.wsGateway.stats().clients).toBe(0);
  }, 60_000);

  it('reads slowly: still gets the newest state of every bar and every alert message, in order', async () => {
    const maxBufferedBytes = 1024 * 1024;
    t = await createTestApp({ ...ALERT_APP, ws: { maxBufferedBytes } });
    const client = await connectClient(t.wsUrl, ['bars:sim:AAA:1s', 'alerts']);
    transportOf(client).pause();
    // Backed up past the slow mark (a quarter of the bound), under the bound.
    while (t.app.wsGateway.stats().peakBufferedBytes < maxBufferedBytes / 4 + 16 * 1024) {
      client.socket.send(BAD_SUBSCRIBE);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }

    // Five 1-second bars of ten bursts each, and 100 alert messages, while it reads nothing.
    let id = 0;
    for (let bucket = 0; bucket < 5; bucket++) {
      for (let burst = 0; burst < 10; burst++) {
        t.pipeline.ingest([tick(++id, T0 + bucket * 1000 + burst * 10, 100 + bucket + burst / 100)]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const padding = 'x'.repeat(600);
    for (let seq = 0; seq < 100; seq++) {
      t.alertFeed.publish(JSON.stringify({ channel: 'alerts', type: 'event', data: { seq, padding } }));
    }
    const held = t.app.wsGateway.stats();
    expect(held.peakBufferedBytes).toBeLessThanOrEqual(maxBufferedBytes);

    transportOf(client).resume();
    const open = { ...t.pipeline.openBar('sim:AAA', '1s'), closed: false, amended: false };
    expect(open.trades).toBe(10);
    await client.next((m) => m.channel === 'alerts' && m.data.seq === 99, 20_000);
    await client.next((m) => m.channel === 'bars:sim:AAA:1s' && m.data.start === open.start, 20_000);

    const seqs = client.messages.filter((m) => m.channel === 'alerts').map((m) => m.data.seq);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const bars = client.messages.filter((m) => m.channel === 'bars:sim:AAA:1s').map((m) => m.data);
    for (let bucket = 0; bucket < 4; bucket++) {
      const states = bars.filter((bar) => bar.start === T0 + bucket * 1000);
      // Ten bursts while it was backed up: one message, the bar's final state.
      expect(states).toHaveLength(1);
      expect(states[0]).toMatchObject({ closed: true, amended: false, trades: 10, close: 100 + bucket + 0.09 });
    }
    expect(bars.filter((bar) => bar.start === open.start)).toEqual([open]);
    expect(t.app.wsGateway.stats().closedForBacklog).toBe(0);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.close();
  }, 60_000);
});

describe('refused channels', () => {
  it('answers a request naming 20,000 bad channels with one error naming the count, and one ack', async () => {
    t = await createTestApp(ALERT_APP);
    const client = await connectClient(t.wsUrl, ['status']);
    const frame = JSON.stringify({ op: 'subscribe', channels: Array(20_000).fill('') });
    expect(frame.length).toBeLessThan(64 * 1024);
    const before = client.messages.filter((m) => m.op !== undefined).length;
    client.socket.send(frame);
    client.socket.send(JSON.stringify({ op: 'unsubscribe', channels: ['status'] }));
    await client.next((m) => m.op === 'unsubscribed');

    const replies = client.messages.filter((m) => m.op !== undefined).slice(before);
    expect(replies).toHaveLength(3);
    const [error, ack] = replies;
    expect(error.error).toMatchObject({
      code: 'too_many_channels',
      message: expect.stringMatching(
        /^20000 channels refused .*a request names at most 200 channels; this one names 20000$/,
      ),
      details: { count: 20_000, limit: 200 },
    });
    expect(error.error.details.channels).toHaveLength(50);
    expect(ack).toEqual({ op: 'subscribed', channels: [] });
    client.socket.close();
  });

  it('lists the bad channels of a request in one error and takes the good ones', async () => {
    t = await createTestApp(ALERT_APP);
    const client = await connectClient(t.wsUrl, ['status']);
    const bad = Array.from({ length: 150 }, (_, i) => `bars:sim:AAA:${i}x`);
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: [...bad, 'bars:sim:AAA:1s'] }));
    const ack = await client.next((m) => m.op === 'subscribed' && m.channels[0] !== 'status');
    expect(ack.channels).toEqual(['bars:sim:AAA:1s']);
    const errors = client.messages.filter((m) => m.op === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].error.code).toBe('bad_channel');
    expect(errors[0].error.details.count).toBe(150);
    expect(errors[0].error.details.channels.slice(0, 2)).toEqual([
      { channel: 'bars:sim:AAA:0x', reason: 'unknown timeframe "0x" in channel "bars:sim:AAA:0x"' },
      { channel: 'bars:sim:AAA:1x', reason: expect.any(String) },
    ]);
    client.socket.close();
  });

  it('takes at most 200 channels per connection and names the ones past it in one error', async () => {
    t = await createTestApp(ALERT_APP);
    const client = await connectClient(
      t.wsUrl,
      Array.from({ length: 198 }, (_, i) => `bars:sim:S${i}:1s`),
    );
    client.socket.send(
      JSON.stringify({ op: 'subscribe', channels: Array.from({ length: 5 }, (_, i) => `bars:sim:T${i}:1s`) }),
    );
    const ack = await client.next((m) => m.op === 'subscribed' && m.channels[0] === 'bars:sim:T0:1s');
    expect(ack.channels).toEqual(['bars:sim:T0:1s', 'bars:sim:T1:1s']);
    const [error] = client.messages.filter((m) => m.op === 'error');
    expect(error.error).toMatchObject({
      code: 'too_many_channels',
      details: {
        count: 3,
        limit: 200,
        channels: ['T2', 'T3', 'T4'].map((s) => ({
          channel: `bars:sim:${s}:1s`,
          reason: 'at most 200 channels per connection; unsubscribe some first',
        })),
      },
    });
    client.socket.close();
  });
});
