// The Pairs view's chart: spread, z-score (with ±entry / ±exit lines and trade markers), return
// correlation and the hedge ratio of every method in four panes on one time axis. The main
// series arrive once in full, then one update per new or recomputed close. Trade markers are
// thinned to the zoom, so a long 1m history does not pile them into one unreadable band.
import { LineStyle } from 'lightweight-charts';
import { HEDGE_LABELS, HEDGE_METHODS, type HedgeMethod, type PairPoint } from '../api/analytics-types.ts';
import type { ChartPalette } from './chart-theme.ts';
import { type ChartMarker, LinePanesChart, type LineSpec, type TimedValue } from './line-panes-chart.ts';
import { MARKER_SPACING_PX, thinMarkers } from './marker-thinning.ts';
import { signalMarkers } from './signal-markers.ts';

export const PANE_TITLES = ['Spread', 'Z-score', 'Correlation', 'Hedge ratio β'] as const;

const HEDGE_STYLES: Record<HedgeMethod, { color: LineSpec['color']; style: LineStyle }> = {
  ols: { color: 'series0', style: LineStyle.Solid },
  kalman: { color: 'series1', style: LineStyle.Dashed },
  'theil-sen': { color: 'series2', style: LineStyle.Dotted },
};

const SPECS: LineSpec[] = [
  { id: 'spread', title: 'spread', pane: 0, color: 'series0', precision: 4 },
  { id: 'zscore', title: 'z', pane: 1, color: 'series1', precision: 2 },
  { id: 'correlation', title: 'ρ', pane: 2, color: 'series2', precision: 3 },
  ...HEDGE_METHODS.map((method) => ({
    id: `hedge-${method}`,
    title: `β ${HEDGE_LABELS[method]}`,
    pane: 3,
    color: HEDGE_STYLES[method].color,
    style: HEDGE_STYLES[method].style,
    precision: 4,
  })),
];

/**
 * Four significant digits at the spread's magnitude: raw BTC/ETH spreads in the hundreds, log spreads in the
 * thousandths.
 */
export function spreadPrecision(points: readonly Pick<PairPoint, 'spread'>[]): number {
  let largest = 0;
  for (const { spread } of points) if (spread !== null && Math.abs(spread) > largest) largest = Math.abs(spread);
  if (largest === 0) return 4;
  return Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(largest))));
}

type Field = 'spread' | 'zscore' | 'correlation' | 'hedgeRatio';
const valuesOf = (points: readonly PairPoint[], field: Field): TimedValue[] =>
  points.map((p) => ({ time: p.start, value: p[field] }));

export class PairChart {
  private readonly chart: LinePanesChart;
  private readonly stopZoomWatch: () => void;
  private markerCount = -1;
  private lastMarkerTime = -1;
  private markers: ChartMarker[] = [];
  private barIndex = new Map<number, number>();

  constructor(container: HTMLElement, palette: ChartPalette) {
    this.chart = new LinePanesChart(container, palette, SPECS, [1.1, 1.3, 0.8, 0.9]);
    this.chart.setMinimumRange('correlation', -1, 1);
    this.stopZoomWatch = this.chart.onBarSpacingChange(() => this.renderMarkers());
  }

  setPalette(palette: ChartPalette): void {
    this.chart.setPalette(palette);
  }

  setTimeFormat(showSeconds: boolean): void {
    this.chart.setTimeFormat(showSeconds);
  }

  /** Names each pane in its top-left corner (with the window or lookback it uses). */
  setPaneLabels(labels: readonly string[]): void {
    this.chart.setPaneLabels(labels);
  }

  setThresholds(entry: number, exit: number): void {
    const margin = Math.max(0.25, entry * 0.15);
    this.chart.setMinimumRange('zscore', -entry - margin, entry + margin);
    this.chart.setGuides('zscore', [
      // The entry levels carry their value on the axis; the exit band is named on the line.
      { price: entry, title: '', color: 'entry' },
      { price: -entry, title: '', color: 'entry' },
      { price: exit, title: 'exit', color: 'exit', style: LineStyle.Dotted, axisLabel: false },
      { price: -exit, title: '', color: 'exit', style: LineStyle.Dotted, axisLabel: false },
      { price: 0, title: '', color: 'text', style: LineStyle.SparseDotted, axisLabel: false },
    ]);
  }

  /** The selected method's full series. */
  setMain(points: readonly PairPoint[], hedge: HedgeMethod): void {
    this.chart.setPrecision('spread', spreadPrecision(points));
    this.chart.setData('spread', valuesOf(points, 'spread'));
    this.chart.setData('zscore', valuesOf(points, 'zscore'));
    this.chart.setData('correlation', valuesOf(points, 'correlation'));
    this.chart.setData(`hedge-${hedge}`, valuesOf(points, 'hedgeRatio'));
    this.refreshMarkers(points, true);
  }

  /** New or recomputed closes at the end of the selected method's series. */
  updateMain(changed: readonly PairPoint[], all: readonly PairPoint[], hedge: HedgeMethod): void {
    for (const point of changed) {
      this.chart.update('spread', { time: point.start, value: point.spread });
      this.chart.update('zscore', { time: point.start, value: point.zscore });
      this.chart.update('correlation', { time: point.start, value: point.correlation });
      this.chart.update(`hedge-${hedge}`, { time: point.start, value: point.hedgeRatio });
    }
    this.refreshMarkers(all, false);
  }

  setHedge(method: HedgeMethod, points: readonly PairPoint[]): void {
    this.chart.setData(`hedge-${method}`, valuesOf(points, 'hedgeRatio'));
  }

  updateHedge(method: HedgeMethod, changed: readonly PairPoint[]): void {
    for (const point of changed) this.chart.update(`hedge-${method}`, { time: point.start, value: point.hedgeRatio });
  }

  clearHedge(method: HedgeMethod): void {
    this.chart.setData(`hedge-${method}`, []);
  }

  fit(): void {
    this.chart.fit();
  }

  onCrosshair(listener: (time: number | null, values: ReadonlyMap<string, number>) => void): () => void {
    return this.chart.onCrosshair(listener);
  }

  paneTops(): number[] {
    return this.chart.paneTops();
  }

  dispose(): void {
    this.stopZoomWatch();
    this.chart.dispose();
  }

  /** Markers are recomputed from the signals but only handed to the chart when they changed. */
  private refreshMarkers(points: readonly PairPoint[], force: boolean): void {
    const markers = signalMarkers(points);
    const lastTime = markers.at(-1)?.time ?? -1;
    if (!force && markers.length === this.markerCount && lastTime === this.lastMarkerTime) return;
    this.markerCount = markers.length;
    this.lastMarkerTime = lastTime;
    this.markers = markers;
    this.barIndex = new Map(points.map((point, index) => [point.start, index]));
    this.renderMarkers();
  }

  private renderMarkers(): void {
    const minBars = MARKER_SPACING_PX / Math.max(this.chart.barSpacing(), 0.01);
    const indexOf = (time: number) => this.barIndex.get(time) ?? 0;
    this.chart.setMarkers('zscore', thinMarkers(this.markers, indexOf, minBars));
  }
}
