import { describe, expect, it } from 'vitest';
import type { PairSignal } from '../api/analytics-types.ts';
import { signalMarkers } from './signal-markers.ts';

const series = (signals: Array<PairSignal | null>) => signals.map((signal, start) => ({ start, signal }));

describe('signalMarkers', () => {
  it('marks one entry per position and its exit', () => {
    const markers = signalMarkers(
      series([
        null,
        'exit',
        'hold',
        'short_spread',
        'short_spread',
        'hold',
        'exit',
        'exit',
        'long_spread',
        'hold',
        'exit',
      ]),
    );
    expect(markers.map((m) => [m.time, m.text])).toEqual([
      [3, 'Short'],
      [6, 'Exit'],
      [8, 'Long'],
      [10, 'Exit'],
    ]);
  });

  it('ignores exit signals while flat and marks a reversal through the mean', () => {
    const markers = signalMarkers(series(['exit', 'hold', 'long_spread', 'short_spread', 'exit']));
    expect(markers.map((m) => m.text)).toEqual(['Long', 'Reverse short', 'Exit']);
  });
});
