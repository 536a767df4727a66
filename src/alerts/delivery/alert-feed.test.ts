import { describe, expect, it } from 'vitest';
import { AlertFeed, SLOW_CONSUMER_CLOSE_CODE, type AlertSocket } from './alert-feed.js';

/** A socket whose kernel buffer is modelled by `bufferedAmount`; `drain()` flushes it. */
class FakeSocket implements AlertSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  private callbacks: Array<() => void> = [];

  send(data: string, callback?: () => void): void {
    this.sent.push(data);
    this.bufferedAmount += data.length;
    if (callback) this.callbacks.push(callback);
  }

  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
    this.readyState = 2;
  }

  drain(): void {
    this.bufferedAmount = 0;
    for (const callback of this.callbacks.splice(0)) callback();
  }
}

describe('AlertFeed', () => {
  it('sends every message to every subscriber once, in order', () => {
    const feed = new AlertFeed();
    const a = new FakeSocket();
    const b = new FakeSocket();
    feed.subscribe(a);
    feed.subscribe(b);
    feed.subscribe(a); // twice: still once
    for (let i = 0; i < 5; i++) expect(feed.publish(`m${i}`)).toBe(2);
    expect(a.sent).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(b.sent).toEqual(a.sent);
  });

  it('queues for a backed-up socket and sends the queue, in order, when it drains', () => {
    const feed = new AlertFeed({ highWaterBytes: 10, maxQueued: 100 });
    const socket = new FakeSocket();
    feed.subscribe(socket);
    for (let i = 0; i < 20; i++) feed.publish(`message-${String(i).padStart(2, '0')}`);
    expect(socket.sent).toHaveLength(1); // 12 bytes pass the high-water mark
    while (socket.sent.length < 20) socket.drain();
    expect(socket.sent).toEqual(Array.from({ length: 20 }, (_, i) => `message-${String(i).padStart(2, '0')}`));
    expect(socket.closed).toBeNull();
  });

  it('closes a subscriber whose queue passes its bound with 4008 and a reason, leaving the others alone', () => {
    const feed = new AlertFeed({ highWaterBytes: 1, maxQueued: 3 });
    const slow = new FakeSocket();
    const fast = new FakeSocket();
    feed.subscribe(slow);
    feed.subscribe(fast);
    for (let i = 0; i < 6; i++) {
      feed.publish(`m${i}`);
      fast.drain();
    }
    expect(slow.closed?.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
    expect(slow.closed?.reason).toMatch(
      /too slow for alerts: 4 events unsent; reconnect and GET \/api\/v1\/alerts\/events/,
    );
    expect(Buffer.byteLength(slow.closed!.reason!)).toBeLessThanOrEqual(123);
    expect(slow.sent).toEqual(['m0']);
    expect(fast.sent).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(feed.size).toBe(1);
    expect(feed.slowClosures).toBe(1);
  });

  it('picks its queue up again by itself when another channel filled the socket', async () => {
    const feed = new AlertFeed({ highWaterBytes: 10, retryMs: 5 });
    const socket = new FakeSocket();
    feed.subscribe(socket);
    socket.bufferedAmount = 1_000; // bar updates, not ours: no callback of ours will fire
    feed.publish('alert');
    expect(socket.sent).toEqual([]);
    socket.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 30));
    expect(socket.sent).toEqual(['alert']);
  });

  it('counts the UTF-8 bytes it holds for a subscriber beyond its socket, down to 0 once sent', () => {
    const feed = new AlertFeed({ highWaterBytes: 1, maxQueued: 100 });
    const socket = new FakeSocket();
    feed.subscribe(socket);
    feed.publish('first'); // straight into the socket
    feed.publish('é'.repeat(10)); // 20 bytes in UTF-8
    feed.publish('third');
    expect(feed.queuedBytes(socket)).toBe(25);
    socket.drain();
    expect(feed.queuedBytes(socket)).toBe(5);
    socket.drain();
    expect(feed.queuedBytes(socket)).toBe(0);
    expect(socket.sent).toEqual(['first', 'é'.repeat(10), 'third']);
    expect(feed.queuedBytes(new FakeSocket())).toBe(0);
  });
});
