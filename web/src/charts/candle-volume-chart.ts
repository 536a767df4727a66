// Candlesticks over a volume histogram in one pane, fed incrementally: history once through
// setData, then one series.update per changed bar, never a full redraw per tick.
import {
  CandlestickSeries,
  createChart,
  createTextWatermark,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ITextWatermarkPluginApi,
  type TextWatermarkLineOptions,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Bar } from '../api/types.ts';
import type { BarChange } from '../state/bar-book.ts';
import { pricePrecisionOf } from '../state/price-precision.ts';
import { chartTime, toCandle, toVolume } from './bar-to-series.ts';
import { baseChartOptions, DEFAULT_BAR_SPACING, fontFamily, palette } from './chart-theme.ts';
import { utcTimeFormatter } from './utc-time-format.ts';

const VOLUME_SCALE_ID = 'volume';

export interface ChartLabels {
  title: string;
  simulated: boolean;
  showSeconds: boolean;
}

export class CandleVolumeChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick', Time>;
  private readonly volume: ISeriesApi<'Histogram', Time>;
  private readonly watermark: ITextWatermarkPluginApi<Time>;
  private readonly barsByTime = new Map<UTCTimestamp, Bar>();
  private precision = -1;

  constructor(private readonly container: HTMLElement) {
    this.chart = createChart(container, baseChartOptions);
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      borderUpColor: palette.up,
      borderDownColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      priceLineStyle: 2,
    });
    this.volume = this.chart.addSeries(HistogramSeries, {
      priceScaleId: VOLUME_SCALE_ID,
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    // The volume scale is an overlay squeezed into the bottom fifth, under the candles.
    this.chart.priceScale(VOLUME_SCALE_ID).applyOptions({ scaleMargins: { top: 0.8, bottom: 0 }, visible: false });
    this.watermark = createTextWatermark(this.chart.panes()[0], { horzAlign: 'center', vertAlign: 'center', lines: [] });
  }

  setLabels(labels: ChartLabels): void {
    this.chart.applyOptions({
      timeScale: { secondsVisible: labels.showSeconds },
      localization: { timeFormatter: utcTimeFormatter(labels.showSeconds) },
    });
    const lines: TextWatermarkLineOptions[] = [{ text: labels.title, color: palette.symbolWatermark, fontSize: 44, fontStyle: '600', fontFamily }];
    if (labels.simulated) {
      lines.push({ text: 'SIMULATED', color: palette.simulated, fontSize: 56, fontStyle: '800', fontFamily });
    }
    this.watermark.applyOptions({ lines });
  }

  /** Replaces the whole series; `scrollToLatest` jumps to the newest bar (off on reloads, so the user's view stays). */
  setHistory(bars: readonly Bar[], scrollToLatest = true): void {
    this.barsByTime.clear();
    for (const bar of bars) this.barsByTime.set(chartTime(bar.start), bar);
    this.precision = -1;
    this.updatePrecision(bars);
    this.candles.setData(bars.map(toCandle));
    this.volume.setData(bars.map(toVolume));
    if (scrollToLatest) this.showLatest(bars.length);
  }

  applyChanges(changes: readonly BarChange[]): void {
    for (const { kind, bar } of changes) {
      // Amending a closed bar behind the newest one needs the historical-update path.
      const historical = kind === 'amend';
      this.barsByTime.set(chartTime(bar.start), bar);
      this.candles.update(toCandle(bar), historical);
      this.volume.update(toVolume(bar), historical);
    }
    this.updatePrecision(changes.map((change) => change.bar));
  }

  /** Calls `listener` with the bar under the crosshair, or null when the cursor leaves the chart. */
  onCrosshairBar(listener: (bar: Bar | null) => void): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      listener(param.time === undefined ? null : (this.barsByTime.get(param.time as UTCTimestamp) ?? null));
    };
    this.chart.subscribeCrosshairMove(handler);
    return () => this.chart.unsubscribeCrosshairMove(handler);
  }

  dispose(): void {
    this.watermark.detach();
    this.chart.remove();
  }

  /** A short series (a freshly started server) is spread over the width instead of huddling at the right edge. */
  private showLatest(barCount: number): void {
    const timeScale = this.chart.timeScale();
    const width = timeScale.width() || this.container.clientWidth;
    if (barCount > 1 && barCount * DEFAULT_BAR_SPACING < width * 0.75) {
      timeScale.fitContent();
    } else {
      timeScale.applyOptions({ barSpacing: DEFAULT_BAR_SPACING });
      timeScale.scrollToRealTime();
    }
  }

  private updatePrecision(bars: readonly Bar[]): void {
    const precision = pricePrecisionOf(bars, Math.max(0, this.precision));
    if (precision === this.precision) return;
    this.precision = precision;
    this.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
  }
}
