// A /ws client that stops reading while alerts keep coming is disconnected with code 4008 and a
// reason, after receiving an unbroken prefix of the events; a client that keeps up gets them all.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/alerts/delivery/alert-feed.js';
import { ALERT_APP } from './fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

let t: TestApp<'alerts'>;
beforeEach(async () => {
  t = await createTestApp({ ...ALERT_APP, feed: { maxQueued: 200, highWaterBytes: 64 * 1024 } });
});
afterEach(async () => {
  await t.close();
});

it('closes a client that stops reading with 4008 and a reason, never skipping an event before that', async () => {
  const slow = await connectClient(t.wsUrl, ['alerts']);
  const fast = await connectClient(t.wsUrl, ['alerts']);
  (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

  const padding = 'x'.repeat(600);
  let sent = 0;
  // Bounded: the kernel's socket buffers hold a few MB, far less than this.
  while (t.alertFeed.slowClosures === 0 && sent < 100_000) {
    for (let i = 0; i < 100; i++, sent++)
      t.alertFeed.publish(JSON.stringify({ channel: 'alerts', type: 'event', data: { seq: sent, padding } }));
    await new Promise((r) => setImmediate(r));
  }
  expect(t.alertFeed.slowClosures).toBe(1);
  expect(t.alertFeed.size).toBe(1);

  (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  const closed = await slow.closed;
  expect(closed.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
  expect(closed.reason).toMatch(
    /^too slow for alerts: \d+ events unsent; reconnect and GET \/api\/v1\/alerts\/events$/,
  );
  const slowSeqs = slow.messages.filter((m) => m.type === 'event').map((m) => m.data.seq);
  expect(slowSeqs.length).toBeGreaterThan(0);
  expect(slowSeqs).toEqual(slowSeqs.map((_, i) => i));
  expect(slowSeqs.length).toBeLessThan(sent);

  await fast.next((m) => m.type === 'event' && m.data.seq === sent - 1, 20_000);
  const fastSeqs = fast.messages.filter((m) => m.type === 'event').map((m) => m.data.seq);
  expect(fastSeqs).toEqual(Array.from({ length: sent }, (_, i) => i));
  fast.socket.close();
}, 60_000);
