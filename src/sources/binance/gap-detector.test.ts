import { describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { TradeSequencer, type SequencedTrade } from './gap-detector.js';

function trade(id: number, excluded = false): SequencedTrade {
  const tick: Tick = { instrument: 'binance:BTCUSDT', id, ts: 1_000 + id, price: 100, qty: 1, buyerMaker: false };
  return { id, ts: tick.ts, tick: excluded ? null : tick };
}

const ids = (ticks: Tick[]) => ticks.map((tick) => tick.id);
const options = { reorderWindowMs: 100, maxHoldMs: 1_000, maxHoldWhileFillingMs: 5_000 };

describe('TradeSequencer', () => {
  it('delivers consecutive trades at once and drops duplicates', () => {
    const sequencer = new TradeSequencer(null, options);
    expect(ids(sequencer.accept(trade(10), 0))).toEqual([10]);
    expect(ids(sequencer.accept(trade(11), 0))).toEqual([11]);
    expect(ids(sequencer.accept(trade(11), 0))).toEqual([]);
    expect(ids(sequencer.accept(trade(9), 0))).toEqual([]);
    expect(sequencer.counts.duplicates).toBe(2);
    expect(sequencer.lastId).toBe(11);
  });

  it('puts an out-of-order trade back in order without reporting a gap', () => {
    const sequencer = new TradeSequencer(10, options);
    expect(ids(sequencer.accept(trade(12), 0))).toEqual([]);
    expect(ids(sequencer.accept(trade(13), 10))).toEqual([]);
    expect(ids(sequencer.accept(trade(11), 20))).toEqual([11, 12, 13]);
    expect(sequencer.detectGaps(1_000)).toEqual([]);
  });

  it('reports a gap once after the reorder window and fills it in order', () => {
    const sequencer = new TradeSequencer(10, options);
    sequencer.accept(trade(14), 0);
    sequencer.accept(trade(15), 0);
    expect(sequencer.detectGaps(50)).toEqual([]);
    expect(sequencer.detectGaps(100)).toEqual([{ fromId: 11, toId: 13, fromTs: null, toTs: 1_014 }]);
    expect(sequencer.detectGaps(200)).toEqual([]);
    expect(sequencer.nextMissing()).toEqual({ fromId: 11, toId: 14, fromTs: null });
    expect(ids(sequencer.accept(trade(11), 300))).toEqual([11]);
    expect(ids(sequencer.accept(trade(12), 300))).toEqual([12]);
    expect(ids(sequencer.accept(trade(13), 300))).toEqual([13, 14, 15]);
    expect(sequencer.nextMissing()).toBeNull();
  });

  it('reports each separate missing range', () => {
    const sequencer = new TradeSequencer(10, options);
    for (const id of [12, 13, 16]) sequencer.accept(trade(id), 0);
    expect(sequencer.detectGaps(100).map(({ fromId, toId }) => [fromId, toId])).toEqual([
      [11, 11],
      [14, 15],
    ]);
  });

  it('skips ids that are not trades, unblocking the trades held behind them', () => {
    const sequencer = new TradeSequencer(10, options);
    sequencer.accept(trade(13), 0);
    expect(ids(sequencer.skip(11, 12))).toEqual([13]);
    expect(ids(sequencer.accept(trade(14, true), 0))).toEqual([]);
    expect(sequencer.lastId).toBe(14);
  });

  it('releases held trades after the hold time and still accepts the missing ones late', () => {
    const sequencer = new TradeSequencer(10, options);
    sequencer.accept(trade(13), 0);
    sequencer.accept(trade(14), 0);
    expect(sequencer.shouldRelease(999, false)).toBe(false);
    expect(sequencer.shouldRelease(1_000, true)).toBe(false);
    expect(sequencer.shouldRelease(1_000, false)).toBe(true);
    const { ticks, holes } = sequencer.release();
    expect(ids(ticks)).toEqual([13, 14]);
    expect(holes).toEqual([{ fromId: 11, toId: 12, fromTs: null, toTs: 1_013 }]);
    expect(sequencer.nextMissing()).toEqual({ fromId: 11, toId: 12, fromTs: null });
    expect(ids(sequencer.accept(trade(12), 2_000))).toEqual([12]);
    expect(ids(sequencer.accept(trade(12), 2_000))).toEqual([]);
    expect(ids(sequencer.accept(trade(11), 2_000))).toEqual([11]);
    expect(sequencer.counts.late).toBe(2);
    expect(sequencer.nextMissing()).toBeNull();
  });

  it('asks for everything after the last id when catching up after a restart', () => {
    const sequencer = new TradeSequencer(500, options);
    expect(sequencer.nextMissing()).toBeNull();
    expect(sequencer.nextMissing(true)).toEqual({ fromId: 501, toId: null, fromTs: null });
  });
});
