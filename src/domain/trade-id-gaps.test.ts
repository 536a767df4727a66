import { describe, expect, it } from 'vitest';
import { TradeIdGaps } from './trade-id-gaps.js';

describe('TradeIdGaps', () => {
  it('takes each missing id once, splitting ranges as ids arrive in any order', () => {
    const gaps = new TradeIdGaps();
    gaps.add(10, 14);
    expect([12, 12, 10, 14, 9, 15].map((id) => gaps.take(id))).toEqual([true, false, true, true, false, false]);
    expect(gaps.list()).toEqual([
      { from: 11, to: 11 },
      { from: 13, to: 13 },
    ]);
  });

  it('forgets ids up to a stored mark and keeps older ranges first', () => {
    const gaps = new TradeIdGaps();
    gaps.add(20, 30);
    gaps.addOldest(5, 8);
    gaps.forgetUpTo(25);
    expect(gaps.list()).toEqual([{ from: 26, to: 30 }]);
  });
});
