// Keeps a chart's markers readable at any zoom: markers closer than a minimum on-screen distance
// are gathered into one, which shows the newest of them (the position the trader ended up in) and
// how many older ones it stands for ("Exit +6"). Distance is counted in bars, as the chart lays
// points out by index, not by time: a gap in the data takes no room.
import type { ChartMarker } from './line-panes-chart.ts';

/** Room a marker and its short label need, CSS px: about the width of "Short +12" at the chart's font. */
export const MARKER_SPACING_PX = 48;

/**
 * Markers at least `minBars` bars apart. From the newest back, each kept marker absorbs the older
 * ones less than `minBars` bars before it, so the newest signal is always shown as it is.
 * `barIndexOf` gives a marker time's position in the series; markers must be in time order.
 */
export function thinMarkers(
  markers: readonly ChartMarker[],
  barIndexOf: (time: number) => number,
  minBars: number,
): ChartMarker[] {
  const kept: ChartMarker[] = [];
  let anchor: ChartMarker | null = null;
  let anchorIndex = 0;
  let absorbed = 0;
  const keep = () => {
    if (anchor) kept.push(absorbed === 0 ? anchor : { ...anchor, text: `${anchor.text ?? ''} +${absorbed}`.trim() });
  };
  for (let i = markers.length - 1; i >= 0; i--) {
    const marker = markers[i];
    const index = barIndexOf(marker.time);
    if (anchor && anchorIndex - index < minBars) {
      absorbed++;
      continue;
    }
    keep();
    anchor = marker;
    anchorIndex = index;
    absorbed = 0;
  }
  keep();
  return kept.reverse();
}
