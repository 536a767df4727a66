import { describe, expect, it } from 'vitest';
import { acceptTradeId, TradeIdMarks } from './trade-id-marks.js';

function marksWithStored(stored: number | null): { marks: TradeIdMarks; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { marks: new TradeIdMarks(async () => (await gate, stored)), release };
}

const accepted = (mark: Parameters<typeof acceptTradeId>[0], ids: number[]) => ids.filter((id) => acceptTradeId(mark, id));

describe('TradeIdMarks', () => {
  it('accepts rising ids, drops repeats, and lets each id of a skipped range in once', async () => {
    const { marks, release } = marksWithStored(null);
    const mark = marks.get('binance:BTCUSDT');
    release();
    await marks.loadAll();
    expect(accepted(mark, [10, 11, 11, 9, 15, 13, 13, 12, 14, 14, 16])).toEqual([10, 11, 15, 13, 12, 14, 16]);
  });

  it('continues after the stored mark once it has loaded', async () => {
    const { marks, release } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    release();
    await marks.loadAll();
    expect(accepted(mark, [99, 100, 101, 103, 102])).toEqual([101, 103, 102]);
    expect(marks.hasStale).toBe(false);
  });

  it('flags ids accepted before the stored mark loaded that it covers', async () => {
    const { marks, release } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    expect(accepted(mark, [98, 99, 105])).toEqual([98, 99, 105]);
    release();
    await marks.loadAll();
    expect(marks.takeStale()).toEqual([[mark.code, 100]]);
    // 101-104 were skipped above the stored mark; 100 and below may be stored.
    expect(accepted(mark, [100, 102, 104, 102, 106])).toEqual([102, 104, 106]);
  });

  it('treats the ids between the stored mark and the first one seen as a gap', async () => {
    const { marks, release } = marksWithStored(100);
    const mark = marks.get('binance:BTCUSDT');
    accepted(mark, [110]);
    release();
    await marks.loadAll();
    expect(marks.hasStale).toBe(false);
    expect(accepted(mark, [100, 101, 109, 109, 110])).toEqual([101, 109]);
  });
});
