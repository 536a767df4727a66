// Line series stacked in panes that share one time axis and one crosshair (the Pairs view's
// spread / z-score / correlation / hedge ratio, the Status view's throughput). Colours are named
// by role so a theme switch recolours everything; data arrives once through setData, then one
// update per new point.
import {
  type AutoscaleInfo,
  createChart,
  createTextWatermark,
  createSeriesMarkers,
  LineSeries,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type ITextWatermarkPluginApi,
  type LineData,
  type MouseEventParams,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts';
import { chartFontSize, chartOptions, fontFamily, type ChartPalette } from './chart-theme.ts';
import { utcTimeFormatter } from './utc-time-format.ts';

export type PaletteColor = 'series0' | 'series1' | 'series2' | 'series3' | 'entry' | 'exit' | 'up' | 'down' | 'text';

export interface LineSpec {
  id: string;
  title: string;
  pane: number;
  color: PaletteColor;
  style?: LineStyle;
  width?: 1 | 2 | 3;
  /** Decimals on the price scale and in the last-value label. */
  precision?: number;
  priceScaleId?: 'left' | 'right';
  lastValueVisible?: boolean;
}

export interface TimedValue {
  /** Epoch ms. */
  time: number;
  value: number | null;
}

export interface GuideLine {
  price: number;
  title: string;
  color: PaletteColor;
  style?: LineStyle;
  /** Label on the price scale (default true); off for secondary lines, to keep the axis readable. */
  axisLabel?: boolean;
}

export interface ChartMarker {
  time: number;
  position: 'aboveBar' | 'belowBar' | 'inBar';
  shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  color: PaletteColor;
  text?: string;
}

export function resolveColor(palette: ChartPalette, color: PaletteColor): string {
  switch (color) {
    case 'series0':
    case 'series1':
    case 'series2':
    case 'series3':
      return palette.series[Number(color.slice(-1))];
    case 'text':
      return palette.text;
    default:
      return palette[color];
  }
}

const toTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

function toPoint({ time, value }: TimedValue): LineData<Time> | WhitespaceData<Time> {
  return value === null || !Number.isFinite(value) ? { time: toTime(time) } : { time: toTime(time), value };
}

interface SeriesEntry {
  spec: LineSpec;
  series: ISeriesApi<'Line', Time>;
  guides: Array<{ guide: GuideLine; line: IPriceLine }>;
  markers: ISeriesMarkersPluginApi<Time> | null;
  markerSpecs: ChartMarker[];
}

export class LinePanesChart {
  private readonly chart: IChartApi;
  private readonly entries = new Map<string, SeriesEntry>();
  private paneLabels: Array<{ text: string; watermark: ITextWatermarkPluginApi<Time> }> = [];

  constructor(
    container: HTMLElement,
    private palette: ChartPalette,
    specs: readonly LineSpec[],
    paneStretch: readonly number[] = [],
  ) {
    this.chart = createChart(container, chartOptions(palette));
    for (const spec of specs) {
      const series = this.chart.addSeries(
        LineSeries,
        {
          lineWidth: spec.width ?? 2,
          lineStyle: spec.style ?? LineStyle.Solid,
          priceScaleId: spec.priceScaleId ?? 'right',
          lastValueVisible: spec.lastValueVisible ?? true,
          priceLineVisible: false,
          title: spec.title,
          priceFormat: { type: 'price', precision: spec.precision ?? 4, minMove: 10 ** -(spec.precision ?? 4) },
          crosshairMarkerRadius: 3,
        },
        spec.pane,
      );
      this.entries.set(spec.id, { spec, series, guides: [], markers: null, markerSpecs: [] });
    }
    if (specs.some((spec) => spec.priceScaleId === 'left'))
      this.chart.applyOptions({ leftPriceScale: { visible: true } });
    this.chart.panes().forEach((pane, index) => {
      if (paneStretch[index] !== undefined) pane.setStretchFactor(paneStretch[index]);
    });
    this.setPalette(palette);
  }

  setPalette(palette: ChartPalette): void {
    this.palette = palette;
    this.chart.applyOptions(chartOptions(palette));
    this.chart.applyOptions({ leftPriceScale: { borderColor: palette.border } });
    for (const entry of this.entries.values()) {
      entry.series.applyOptions({ color: resolveColor(palette, entry.spec.color) });
      for (const { guide, line } of entry.guides)
        line.applyOptions({
          color: resolveColor(palette, guide.color),
          axisLabelColor: resolveColor(palette, guide.color),
        });
      this.renderMarkers(entry);
    }
    this.setPaneLabels(this.paneLabels.map((label) => label.text));
  }

  setPaneLabels(labels: readonly string[]): void {
    for (const label of this.paneLabels) label.watermark.detach();
    const panes = this.chart.panes();
    this.paneLabels = labels.slice(0, panes.length).map((text, index) => ({
      text,
      watermark: createTextWatermark(panes[index], {
        horzAlign: 'left',
        vertAlign: 'top',
        lines: [{ text, color: this.palette.text, fontSize: chartFontSize(), fontStyle: '600', fontFamily }],
      }),
    }));
  }

  setTimeFormat(showSeconds: boolean): void {
    this.chart.applyOptions({
      timeScale: { secondsVisible: showSeconds },
      localization: { timeFormatter: utcTimeFormatter(showSeconds) },
    });
  }

  setData(id: string, points: readonly TimedValue[]): void {
    this.entry(id).series.setData(points.map(toPoint));
  }

  /** Appends a point or replaces the newest one; never redraws the series. */
  update(id: string, point: TimedValue): void {
    this.entry(id).series.update(toPoint(point));
  }

  setGuides(id: string, guides: readonly GuideLine[]): void {
    const entry = this.entry(id);
    for (const { line } of entry.guides) entry.series.removePriceLine(line);
    entry.guides = guides.map((guide) => ({
      guide,
      line: entry.series.createPriceLine({
        price: guide.price,
        title: guide.title,
        color: resolveColor(this.palette, guide.color),
        lineStyle: guide.style ?? LineStyle.Dashed,
        lineWidth: 1,
        axisLabelVisible: guide.axisLabel ?? true,
        axisLabelColor: resolveColor(this.palette, guide.color),
      }),
    }));
  }

  setMarkers(id: string, markers: readonly ChartMarker[]): void {
    const entry = this.entry(id);
    entry.markerSpecs = [...markers];
    this.renderMarkers(entry);
  }

  setPrecision(id: string, precision: number): void {
    this.entry(id).series.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
  }

  /** Top of every pane in CSS pixels from the chart's top, for labels drawn over the panes. */
  paneTops(): number[] {
    let top = 0;
    return this.chart.panes().map((pane) => {
      const current = top;
      top += pane.getHeight() + 1;
      return current;
    });
  }

  /** Keeps `[min, max]` in view whatever the data does (e.g. the z-score's ±entry lines, correlation's ±1). */
  setMinimumRange(id: string, min: number, max: number): void {
    this.entry(id).series.applyOptions({
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const range = original()?.priceRange;
        return {
          priceRange: {
            minValue: Math.min(range?.minValue ?? min, min),
            maxValue: Math.max(range?.maxValue ?? max, max),
          },
        };
      },
    });
  }

  /** Empty bars kept right of the newest point (0 for a chart that is only history). */
  setRightOffset(bars: number): void {
    this.chart.applyOptions({ timeScale: { rightOffset: bars } });
  }

  fit(): void {
    this.chart.timeScale().fitContent();
  }

  scrollToLatest(): void {
    this.chart.timeScale().scrollToRealTime();
  }

  /** Horizontal room per bar at the current zoom, CSS px. */
  barSpacing(): number {
    return this.chart.timeScale().options().barSpacing;
  }

  /** Calls `listener` when zooming changes the room per bar (scrolling alone does not). */
  onBarSpacingChange(listener: (barSpacing: number) => void): () => void {
    let last = this.barSpacing();
    const handler = () => {
      const current = this.barSpacing();
      if (current === last) return;
      last = current;
      listener(current);
    };
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(handler);
    return () => this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(handler);
  }

  /** Calls `listener` with the values under the crosshair by series id (epoch ms time), or null when it leaves. */
  onCrosshair(listener: (time: number | null, values: ReadonlyMap<string, number>) => void): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      if (param.time === undefined) return listener(null, new Map());
      const values = new Map<string, number>();
      for (const [id, entry] of this.entries) {
        const data = param.seriesData.get(entry.series) as LineData<Time> | undefined;
        if (data && typeof data.value === 'number') values.set(id, data.value);
      }
      listener((param.time as number) * 1000, values);
    };
    this.chart.subscribeCrosshairMove(handler);
    return () => this.chart.unsubscribeCrosshairMove(handler);
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.markers?.detach();
    for (const label of this.paneLabels) label.watermark.detach();
    this.chart.remove();
  }

  private renderMarkers(entry: SeriesEntry): void {
    const markers: SeriesMarker<Time>[] = entry.markerSpecs.map((marker) => ({
      time: toTime(marker.time),
      position: marker.position,
      shape: marker.shape,
      color: resolveColor(this.palette, marker.color),
      text: marker.text,
      size: 1,
    }));
    if (!entry.markers) {
      if (markers.length === 0) return;
      entry.markers = createSeriesMarkers(entry.series, markers);
    } else {
      entry.markers.setMarkers(markers);
    }
  }

  private entry(id: string): SeriesEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no series "${id}" on this chart (have ${[...this.entries.keys()].join(', ')})`);
    return entry;
  }
}
