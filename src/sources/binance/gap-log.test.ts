import { describe, expect, it } from 'vitest';
import { GapLog, type GapRecord } from './gap-log.js';

const gap = (fromId: number, toId: number) => ({ fromId, toId, fromTs: 1, toTs: 2 });

describe('GapLog', () => {
  it('records a gap once and marks it filled when every id is recovered or skipped', () => {
    const changes: GapRecord[] = [];
    const log = new GapLog(100, (record) => changes.push({ ...record }));
    expect(log.record('binance:X', gap(10, 13), 1_000)).not.toBeNull();
    expect(log.record('binance:X', gap(12, 20), 1_001)).toBeNull();
    expect(log.hasOpen('binance:X')).toBe(true);
    log.noteFilled('binance:X', 10, 'historicalTrades', 1_100);
    log.noteFilled('binance:X', 11, 'historicalTrades', 1_100);
    log.noteFilled('binance:X', 99, 'historicalTrades', 1_100);
    log.noteSkipped('binance:X', 12, 12, 1_150);
    expect(log.all()[0]).toMatchObject({ filled: false, filledCount: 2, skippedCount: 1 });
    log.noteFilled('binance:X', 13, 'live', 1_200);
    expect(log.all()).toEqual([
      {
        instrument: 'binance:X',
        fromId: 10,
        toId: 13,
        fromTs: 1,
        toTs: 2,
        filled: true,
        filledCount: 3,
        skippedCount: 1,
        method: 'live',
        detectedAt: 1_000,
        filledAt: 1_200,
        error: null,
      },
    ]);
    expect(log.hasOpen('binance:X')).toBe(false);
    expect(changes.map((c) => c.filled)).toEqual([false, true]);
  });

  it('keeps the last fill error on open gaps and forgets the oldest records beyond its size', () => {
    const log = new GapLog(2);
    log.record('binance:X', gap(1, 1), 0);
    log.record('binance:X', gap(5, 5), 0);
    log.noteError('binance:X', 'HTTP 503');
    log.record('binance:Y', gap(1, 1), 0);
    expect(log.all().map((r) => [r.instrument, r.fromId, r.error])).toEqual([
      ['binance:X', 5, 'HTTP 503'],
      ['binance:Y', 1, null],
    ]);
  });
});
