// Entry and exit markers for the z-score pane, read from the signal series as a trader would
// trade it: flat until a short or long signal, then in that position until an exit signal. A
// short entry whose spread stays rich (several `short_spread` closes in a row) is one marker.
import type { PairPoint } from '../api/analytics-types.ts';
import type { ChartMarker } from './line-panes-chart.ts';

type Position = 'flat' | 'short' | 'long';

export function signalMarkers(points: readonly Pick<PairPoint, 'start' | 'signal'>[]): ChartMarker[] {
  const markers: ChartMarker[] = [];
  let position: Position = 'flat';
  for (const { start, signal } of points) {
    if (position === 'flat' && signal === 'short_spread') {
      position = 'short';
      markers.push({ time: start, position: 'aboveBar', shape: 'arrowDown', color: 'down', text: 'Short' });
    } else if (position === 'flat' && signal === 'long_spread') {
      position = 'long';
      markers.push({ time: start, position: 'belowBar', shape: 'arrowUp', color: 'up', text: 'Long' });
    } else if (position !== 'flat' && signal === 'exit') {
      markers.push({
        time: start,
        position: position === 'short' ? 'belowBar' : 'aboveBar',
        shape: 'circle',
        color: 'exit',
        text: 'Exit',
      });
      position = 'flat';
    } else if (position === 'short' && signal === 'long_spread') {
      // Straight through the mean to the other side: exit and reverse on the same close.
      position = 'long';
      markers.push({ time: start, position: 'belowBar', shape: 'arrowUp', color: 'up', text: 'Reverse long' });
    } else if (position === 'long' && signal === 'short_spread') {
      position = 'short';
      markers.push({ time: start, position: 'aboveBar', shape: 'arrowDown', color: 'down', text: 'Reverse short' });
    }
  }
  return markers;
}
