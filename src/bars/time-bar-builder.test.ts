import { describe, expect, it } from 'vitest';
import type { Tick } from '../domain/index.js';
import { TimeBarBuilder, type BarEvent } from './time-bar-builder.js';
import { TradeIdDedup } from './trade-id-dedup.js';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const tick = (id: number, ts: number, price: number, qty = 1, buyerMaker = false): Tick => ({
  instrument: 'sim:AAA',
  id,
  ts,
  price,
  qty,
  buyerMaker,
});

function collect(graceMs = 1000) {
  const events: BarEvent[] = [];
  const builder = new TimeBarBuilder({ timeframes: ['1s', '1m'], graceMs, onBar: (e) => events.push(e) });
  return { builder, events };
}

describe('TimeBarBuilder', () => {
  it('keeps a bar open until a tick of a later bucket arrives, then closes it', () => {
    const { builder, events } = collect();
    builder.add(tick(1, T0 + 100, 10));
    builder.add(tick(2, T0 + 900, 12, 2, true));
    expect(events).toEqual([]);
    expect(builder.openBar('sim:AAA', '1s')).toMatchObject({
      open: 10,
      high: 12,
      low: 10,
      close: 12,
      volume: 3,
      trades: 2,
      buyVolume: 1,
    });
    builder.add(tick(3, T0 + 1000, 11));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'closed', bar: { start: T0, close: 12, vwap: (10 + 24) / 3 } });
    expect(builder.openBar('sim:AAA', '1s')?.start).toBe(T0 + 1000);
    expect(builder.openBar('sim:AAA', '1m')?.trades).toBe(3);
  });

  it('closes a bar when the clock passes its end plus the grace period', () => {
    const { builder, events } = collect(500);
    builder.add(tick(1, T0 + 100, 10));
    builder.advanceClock(T0 + 1499);
    expect(events).toHaveLength(0);
    builder.advanceClock(T0 + 1500);
    expect(events.map((e) => [e.kind, e.bar.timeframe])).toEqual([['closed', '1s']]);
    expect(builder.openBar('sim:AAA', '1s')).toBeUndefined();
  });

  it('amends a closed bar with a late tick instead of dropping it', () => {
    const { builder, events } = collect();
    builder.add(tick(1, T0 + 100, 10));
    builder.add(tick(3, T0 + 1200, 11));
    expect(builder.add(tick(2, T0 + 500, 15, 2))).toBe('late');
    const amended = events.filter((e) => e.kind === 'amended');
    expect(amended).toHaveLength(1);
    expect(amended[0].bar).toMatchObject({ start: T0, open: 10, high: 15, close: 15, volume: 3, trades: 2 });
    // The 1m bar is still open and takes the late trade in its place by time: close stays 11.
    expect(builder.openBar('sim:AAA', '1m')).toMatchObject({ open: 10, high: 15, close: 11, trades: 3 });
  });

  it('amends a bar the clock closed when its tick arrives after the grace period', () => {
    const { builder, events } = collect(100);
    builder.add(tick(1, T0 + 100, 10));
    builder.advanceClock(T0 + 5000);
    expect(builder.add(tick(2, T0 + 900, 9))).toBe('late');
    expect(events.at(-1)).toMatchObject({ kind: 'amended', bar: { start: T0, low: 9, close: 9, trades: 2 } });
    expect(builder.openBar('sim:AAA', '1s')).toBeUndefined();
  });

  it('creates a bar for an empty bucket when a late tick lands in it', () => {
    const { builder, events } = collect();
    builder.add(tick(1, T0 + 100, 10));
    builder.add(tick(3, T0 + 3100, 11));
    builder.add(tick(2, T0 + 2100, 12));
    expect(events.at(-1)).toMatchObject({ kind: 'amended', bar: { start: T0 + 2000, open: 12, trades: 1 } });
  });

  it('reports a late tick older than everything it knows so the caller can rebuild from storage', () => {
    const late: number[] = [];
    const builder = new TimeBarBuilder({
      timeframes: ['1s'],
      onBar: () => {},
      onLateBeyondCache: (_t, _tf, start) => late.push(start),
    });
    builder.add(tick(5, T0 + 10_000, 10));
    builder.add(tick(4, T0 + 2_000, 10));
    expect(late).toEqual([T0 + 2_000]);
  });
});

describe('TradeIdDedup', () => {
  it('drops a repeated trade id and accepts ids that fill a gap exactly once', () => {
    const dedup = new TradeIdDedup();
    expect([1, 2, 2, 5, 3, 3, 4, 4, 1].map((id) => dedup.accept('x:A', id))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(dedup.openGaps('x:A')).toEqual([]);
    expect(dedup.lastTradeId('x:A')).toBe(5);
  });

  it('resumes after a stored id so replayed older trades are duplicates', () => {
    const dedup = new TradeIdDedup();
    dedup.resumeAfter('x:A', 100);
    expect(dedup.accept('x:A', 99)).toBe(false);
    expect(dedup.accept('x:A', 100)).toBe(false);
    expect(dedup.accept('x:A', 103)).toBe(true);
    expect(dedup.openGaps('x:A')).toEqual([{ from: 101, to: 102 }]);
  });
});
