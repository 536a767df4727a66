import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { ClientOutbox, type ClientOutboxOptions } from './ws-client-outbox.js';
import { SLOW_CONSUMER_CLOSE_CODE } from './ws-schemas.js';

/** A socket that never drains by itself: what it is sent stays in `bufferedAmount`, plus ws's frame header. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  terminated = false;

  send(frame: string): void {
    this.sent.push(frame);
    this.bufferedAmount += Buffer.byteLength(frame) + 2;
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = 2;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}

const transport = { cork() {}, uncork() {} } as unknown as Duplex;

function outbox(options: Partial<ClientOutboxOptions> = {}) {
  const socket = new FakeSocket();
  const box = new ClientOutbox(socket as unknown as WebSocket, transport, { maxBufferedBytes: 1_000, ...options });
  return { socket, box };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientOutbox', () => {
  it('counts the socket, its own queue and what is held elsewhere', () => {
    let alerts = 100;
    const { socket, box } = outbox({ heldElsewhere: () => alerts });
    box.send('x'.repeat(40));
    box.put('bars:a|1', 'y'.repeat(90));
    expect(box.bufferedBytes).toBe(42 + 100 + 100);
    box.put('bars:a|1', 'y'.repeat(30)); // a newer state of the same bar replaces the older one
    expect(box.bufferedBytes).toBe(42 + 40 + 100);
    alerts = 0;
    box.forgetChannel('bars:a');
    expect(box.bufferedBytes).toBe(socket.bufferedAmount);
    expect(box.hasPending).toBe(false);
  });

  it('closes a client with 4008 and a reason instead of sending what would take it over its bound', () => {
    vi.useFakeTimers();
    let overflowedAt = 0;
    const { socket, box } = outbox({ onOverflow: (bytes) => (overflowedAt = bytes) });
    for (let i = 0; i < 9; i++) expect(box.send('z'.repeat(100))).toBe(true);
    expect(box.send('z'.repeat(100))).toBe(false);
    expect(socket.sent).toHaveLength(9);
    expect(socket.closed).toEqual({
      code: SLOW_CONSUMER_CLOSE_CODE,
      reason: 'send buffer over 1000 bytes; the client is not reading',
    });
    expect(overflowedAt).toBe(9 * 102 + 110);
    expect(box.peakBufferedBytes).toBeLessThanOrEqual(1_000);
    expect(box.isOpen).toBe(false);
    // Nothing more is sent or queued, and a client that never reads up to the close frame is dropped.
    box.put('bars:a|1', 'late');
    expect(box.hasPending).toBe(false);
    expect(socket.terminated).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(socket.terminated).toBe(true);
  });

  it('counts a queued state against the bound when it is queued, not only when it is sent', () => {
    const { socket, box } = outbox();
    for (let i = 0; i < 20; i++) box.put(`bars:a|${i}`, 'b'.repeat(100));
    expect(socket.closed?.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
    expect(socket.sent).toEqual([]);
    expect(box.peakBufferedBytes).toBeLessThanOrEqual(1_000);
  });

  it('closes on a check when bytes held elsewhere passed the bound', () => {
    let alerts = 0;
    const { socket, box } = outbox({ heldElsewhere: () => alerts });
    expect(box.check()).toBe(true);
    alerts = 1_001;
    expect(box.check()).toBe(false);
    expect(socket.closed?.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
  });

  it('drains queued states before the open bars, reading each open bar once when it drains', () => {
    const { socket, box } = outbox({ maxBufferedBytes: 100_000 });
    box.markOpenBar('bars:a');
    box.put('bars:a|1000', 'closed 1000');
    box.markOpenBar('bars:a');
    box.put('analytics:a|1000', 'point 1000');
    const read: string[] = [];
    box.drain((channel) => {
      read.push(channel);
      return `open ${channel}`;
    });
    expect(socket.sent).toEqual(['closed 1000', 'point 1000', 'open bars:a']);
    expect(read).toEqual(['bars:a']);
    expect(box.hasPending).toBe(false);
    expect(box.bufferedBytes).toBe(socket.bufferedAmount);
  });

  it('calls the slow threshold a quarter of the bound', () => {
    expect(outbox({ maxBufferedBytes: 4 * 1024 * 1024 }).box.slowBytes).toBe(1024 * 1024);
  });
});
