import { describe, expect, it } from 'vitest';
import type { Instrument } from '../api/types.ts';
import { resolveLiveSelection } from './live-selection.ts';

const instruments = ['sim:AAA', 'sim:BBB', 'sim:CCC'].map(
  (id) => ({ id, venue: 'sim', symbol: id.slice(4), live: true, lastPrice: null, lastTs: null }) as Instrument,
);

describe('resolveLiveSelection', () => {
  it('keeps a valid link as it is', () => {
    const resolved = resolveLiveSelection({ instrument: 'sim:BBB', compare: 'sim:CCC', timeframe: '15m' }, instruments);
    expect(resolved).toEqual({
      selection: { instrument: 'sim:BBB', compare: 'sim:CCC', timeframe: '15m' },
      unavailable: [],
      correction: null,
    });
  });

  it('falls back to the first instrument and 1m, and writes the fallback into the link', () => {
    const resolved = resolveLiveSelection({ instrument: 'binance:XRPUSDT', timeframe: '2m' }, instruments);
    expect(resolved.selection).toEqual({ instrument: 'sim:AAA', compare: null, timeframe: '1m' });
    expect(resolved.unavailable).toEqual(['binance:XRPUSDT']);
    expect(resolved.correction).toEqual({ instrument: 'sim:AAA', timeframe: '1m' });
  });

  it('drops a comparison with itself or with an unknown instrument', () => {
    expect(
      resolveLiveSelection({ instrument: 'sim:AAA', compare: 'sim:AAA', timeframe: '1m' }, instruments).selection
        .compare,
    ).toBeNull();
    expect(
      resolveLiveSelection({ instrument: 'sim:AAA', compare: 'x:Y', timeframe: '1m' }, instruments).correction,
    ).toEqual({ compare: null });
  });

  it('waits for the instrument list before correcting anything', () => {
    expect(resolveLiveSelection({ instrument: 'sim:ZZZ' }, null)).toEqual({
      selection: { instrument: 'sim:ZZZ', compare: null, timeframe: '1m' },
      unavailable: [],
      correction: null,
    });
  });
});
