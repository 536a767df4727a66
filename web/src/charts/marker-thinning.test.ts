import { describe, expect, it } from 'vitest';
import type { ChartMarker } from './line-panes-chart.ts';
import { thinMarkers } from './marker-thinning.ts';

const marker = (time: number, text: string): ChartMarker => ({
  time,
  position: text === 'Long' ? 'belowBar' : 'aboveBar',
  shape: text === 'Exit' ? 'circle' : text === 'Long' ? 'arrowUp' : 'arrowDown',
  color: text === 'Exit' ? 'exit' : text === 'Long' ? 'up' : 'down',
  text,
});

// One bar per minute: a marker's bar index is its time in minutes.
const minuteIndex = (time: number) => time / 60_000;
const atMinutes = (entries: Array<[number, string]>) => entries.map(([minute, text]) => marker(minute * 60_000, text));
const summary = (markers: ChartMarker[]) => markers.map((m) => [m.time / 60_000, m.text]);

describe('thinMarkers', () => {
  const signals = atMinutes([
    [0, 'Short'],
    [2, 'Exit'],
    [3, 'Long'],
    [5, 'Exit'],
    [40, 'Short'],
    [47, 'Exit'],
  ]);

  it('leaves markers alone when they are far enough apart at the current zoom', () => {
    expect(thinMarkers(signals, minuteIndex, 1)).toEqual(signals);
  });

  it('gathers a dense run into its newest marker, with the count of the others', () => {
    // Six bars of room per marker: the first four fall within six bars of the Exit at minute 5.
    expect(summary(thinMarkers(signals, minuteIndex, 6))).toEqual([
      [5, 'Exit +3'],
      [40, 'Short'],
      [47, 'Exit'],
    ]);
    expect(summary(thinMarkers(signals, minuteIndex, 10))).toEqual([
      [5, 'Exit +3'],
      [47, 'Exit +1'],
    ]);
  });

  it('shows the newest signal, keeps markers the minimum apart, and accounts for every signal', () => {
    const dense = atMinutes(Array.from({ length: 500 }, (_, i) => [i * 3, ['Short', 'Exit', 'Long'][i % 3]]));
    for (const minBars of [1, 4, 25, 100]) {
      const thinned = thinMarkers(dense, minuteIndex, minBars);
      const newest = dense.at(-1)!;
      expect(thinned.at(-1)).toMatchObject({ time: newest.time, shape: newest.shape, color: newest.color });
      expect(thinned.at(-1)?.text).toMatch(new RegExp(`^${newest.text}( \\+\\d+)?$`));
      for (let i = 1; i < thinned.length; i++) {
        expect(minuteIndex(thinned[i].time) - minuteIndex(thinned[i - 1].time)).toBeGreaterThanOrEqual(minBars);
      }
      // Every signal is either shown or counted in the marker that stands for it.
      const counted = thinned.reduce((sum, m) => sum + 1 + Number(/\+(\d+)$/.exec(m.text ?? '')?.[1] ?? 0), 0);
      expect(counted).toBe(dense.length);
    }
  });

  it('counts distance in bars, so a gap in the data takes no room', () => {
    // Bars exist only at minutes 0 and 600: adjacent on screen.
    const index = (time: number) => (time === 0 ? 0 : 1);
    const thinned = thinMarkers(
      atMinutes([
        [0, 'Long'],
        [600, 'Exit'],
      ]),
      index,
      3,
    );
    expect(summary(thinned)).toEqual([[600, 'Exit +1']]);
  });
});
