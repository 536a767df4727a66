import { describe, expect, it } from 'vitest';
import type { Bar, Tick } from '../../domain/index.js';
import { BarBuffer } from './bar-buffer.js';
import { SEGMENT_ROWS, TickBuffer, type TickBatch } from './tick-buffer.js';

const tick = (id: number): Tick => ({ instrument: 'x', id, ts: id * 1.5, price: id, qty: 1, buyerMaker: id % 2 === 0 });

function ids(batch: TickBatch): number[] {
  return batch.segments.flatMap((segment) => Array.from(segment.id.subarray(0, segment.length)));
}

describe('TickBuffer', () => {
  it('spreads ticks over segments of one vector each and hands them over in order', () => {
    const buffer = new TickBuffer();
    for (let id = 0; id < SEGMENT_ROWS + 10; id++) buffer.push(tick(id), 0);
    const batch = buffer.take();
    expect(batch.segments.map((s) => s.length)).toEqual([SEGMENT_ROWS, 10]);
    expect(ids(batch)).toEqual(Array.from({ length: SEGMENT_ROWS + 10 }, (_, i) => i));
    expect(buffer.length).toBe(0);
  });

  it('puts a failed batch back before the ticks buffered since', () => {
    const buffer = new TickBuffer();
    buffer.push(tick(1), 0);
    buffer.push(tick(2), 0);
    const failed = buffer.take();
    buffer.push(tick(3), 0);
    buffer.restore(failed);
    buffer.push(tick(4), 0);
    expect(buffer.length).toBe(4);
    expect(ids(buffer.take())).toEqual([1, 2, 3, 4]);
  });

  it('drops the ticks of one instrument up to an id', () => {
    const buffer = new TickBuffer();
    [1, 2, 3, 4].forEach((id) => {
      buffer.push(tick(id), 0);
    });
    [1, 2].forEach((id) => {
      buffer.push(tick(id), 1);
    });
    expect(buffer.dropUpTo(0, 2)).toBe(2);
    const batch = buffer.take();
    expect(ids(batch)).toEqual([3, 4, 1, 2]);
    expect(Array.from(batch.segments[0].tag.subarray(0, 4)).map((tag) => tag >> 1)).toEqual([0, 0, 1, 1]);
  });
});

describe('BarBuffer', () => {
  const bar = (start: number, close: number, timeframe: Bar['timeframe'] = '1m'): Bar => ({
    instrument: 'x',
    timeframe,
    start,
    open: 1,
    high: 1,
    low: 1,
    close,
    volume: 1,
    quoteVolume: 1,
    trades: 1,
    buyVolume: 1,
    vwap: 1,
  });

  it('keeps one row per bar, the last version', () => {
    const buffer = new BarBuffer();
    buffer.upsert(bar(0, 1));
    buffer.upsert(bar(60_000, 2));
    buffer.upsert(bar(0, 3));
    buffer.upsert(bar(0, 4, '5m'));
    expect(buffer.take().map((b) => [b.timeframe, b.start, b.close])).toEqual([
      ['1m', 0, 3],
      ['1m', 60_000, 2],
      ['5m', 0, 4],
    ]);
  });

  it('lets versions buffered after a failed batch win over it when it is put back', () => {
    const buffer = new BarBuffer();
    buffer.upsert(bar(0, 1));
    buffer.upsert(bar(60_000, 1));
    const failed = buffer.take();
    buffer.upsert(bar(0, 2));
    buffer.restore(failed);
    expect(buffer.take().map((b) => [b.start, b.close])).toEqual([
      [0, 2],
      [60_000, 1],
    ]);
  });
});
