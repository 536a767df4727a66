import { describe, expect, it } from 'vitest';
import { sessionLevels } from './session-levels.ts';

describe('session levels', () => {
  it('puts each extension level above the IB high and below the IB low, in IB ranges', () => {
    const levels = sessionLevels({ ibHigh: 110, ibLow: 100, ibRange: 10 }, [0.5, 2]);
    expect(levels.map((level) => [level.title, level.price])).toEqual([
      ['IB high', 110],
      ['IB low', 100],
      ['+0.5 IB', 115],
      ['−0.5 IB', 95],
      ['+2 IB', 130],
      ['−2 IB', 80],
    ]);
  });

  it('draws only the IB of a flat IB', () => {
    expect(sessionLevels({ ibHigh: 5, ibLow: 5, ibRange: 0 }, [1]).map((level) => level.title)).toEqual([
      'IB high',
      'IB low',
    ]);
  });
});
