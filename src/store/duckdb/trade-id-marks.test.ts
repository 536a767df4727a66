import { describe, expect, it } from 'vitest';
import { acceptTradeId, TradeIdMarks } from './trade-id-marks.js';

function marksWithStored(stored: number | null) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stale: Array<[number, number]> = [];
  const marks = new TradeIdMarks(
    async () => {
      await gate;
      return stored;
    },
    (code, maxId) => stale.push([code, maxId]),
  );
  return { marks, release, stale };
}

const accepted = (mark: Parameters<typeof acceptTradeId>[0], ids: number[]) =>
  ids.filter((id) => acceptTradeId(mark, id));

describe('TradeIdMarks', () => {
  it('accepts rising ids, drops repeats, and lets each id of a skipped range in once', async () => {
    const { marks, release } = marksWithStored(null);
    const mark = marks.get('binance:BTCUSDT');
    release();
    await marks.loadAll();
    expect(accepted(mark, [10, 11, 11, 9, 15, 13, 13, 12, 14, 14, 16])).toEqual([10, 11, 15, 13, 12, 14, 16]);
  });

  it('continues after the stored mark once it has loaded', async () => {
    const { marks, release, stale } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    release();
    await marks.loadAll();
    expect(accepted(mark, [99, 100, 101, 103, 102])).toEqual([101, 103, 102]);
    expect(stale).toEqual([]);
  });

  it('reports ids accepted before the stored mark loaded that it covers', async () => {
    const { marks, release, stale } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    expect(accepted(mark, [98, 99, 105])).toEqual([98, 99, 105]);
    expect(marks.allLoaded).toBe(false);
    release();
    await marks.loadAll();
    expect(marks.allLoaded).toBe(true);
    expect(stale).toEqual([[mark.code, 100]]);
    // 101-104 were skipped above the stored mark; 100 and below may be stored.
    expect(accepted(mark, [100, 102, 104, 102, 106])).toEqual([102, 104, 106]);
  });

  it('treats the ids between the stored mark and the first one seen as a gap', async () => {
    const { marks, release, stale } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    accepted(mark, [110]);
    release();
    await marks.loadAll();
    expect(stale).toEqual([]);
    expect(accepted(mark, [100, 101, 109, 109, 110])).toEqual([101, 109]);
  });
});
