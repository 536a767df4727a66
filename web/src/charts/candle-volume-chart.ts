// Candlesticks over a volume histogram in one pane, fed incrementally: history through setData
// (first load, reload, scroll-back), then one series.update per changed bar, never a full redraw
// per tick. Asks for older bars when the user scrolls near the left edge of what is loaded.
import {
  CandlestickSeries,
  createChart,
  createTextWatermark,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ITextWatermarkPluginApi,
  type LogicalRange,
  type MouseEventParams,
  type TextWatermarkLineOptions,
  type Time,
} from 'lightweight-charts';
import type { Bar } from '../api/types.ts';
import type { BarChange } from '../state/bar-book.ts';
import { indexOfStart, toCandle, toVolume } from './bar-to-series.ts';
import { chartOptions, DEFAULT_BAR_SPACING, fontFamily, type ChartPalette } from './chart-theme.ts';
import { utcTimeFormatter } from './utc-time-format.ts';

const VOLUME_SCALE_ID = 'volume';
/** Widest candles when a short history is spread over the chart. */
const MAX_FIT_BAR_SPACING = 12;
/** Fewer loaded bars than this left of the viewport asks for older history. */
const SCROLL_BACK_MARGIN = 60;

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
  private bars: readonly Bar[] = [];
  private labels: ChartLabels = { title: '', simulated: false, showSeconds: false };
  private precision = -1;
  private olderListener: (() => void) | null = null;

  constructor(
    private readonly container: HTMLElement,
    private palette: ChartPalette,
  ) {
    this.chart = createChart(container, chartOptions(palette));
    this.chart.applyOptions({ rightPriceScale: { scaleMargins: { top: 0.08, bottom: 0.26 } } });
    this.candles = this.chart.addSeries(CandlestickSeries, { priceLineStyle: 2 });
    this.volume = this.chart.addSeries(HistogramSeries, {
      priceScaleId: VOLUME_SCALE_ID,
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    // The volume scale is an overlay squeezed into the bottom fifth, under the candles.
    this.chart.priceScale(VOLUME_SCALE_ID).applyOptions({ scaleMargins: { top: 0.8, bottom: 0 }, visible: false });
    this.watermark = createTextWatermark(this.chart.panes()[0], { horzAlign: 'center', vertAlign: 'center', lines: [] });
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(this.onRangeChange);
    this.setPalette(palette);
  }

  setPalette(palette: ChartPalette): void {
    this.palette = palette;
    this.chart.applyOptions(chartOptions(palette));
    this.candles.applyOptions({
      upColor: palette.up,
      downColor: palette.down,
      borderUpColor: palette.up,
      borderDownColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
    });
    this.setLabels(this.labels);
    // Volume bars carry their colour per point.
    if (this.bars.length > 0) this.volume.setData(this.bars.map((bar) => toVolume(bar, palette)));
  }

  setLabels(labels: ChartLabels): void {
    this.labels = labels;
    this.chart.applyOptions({
      timeScale: { secondsVisible: labels.showSeconds },
      localization: { timeFormatter: utcTimeFormatter(labels.showSeconds) },
    });
    const lines: TextWatermarkLineOptions[] = [{ text: labels.title, color: this.palette.symbolWatermark, fontSize: 44, fontStyle: '600', fontFamily }];
    if (labels.simulated) lines.push({ text: 'SIMULATED', color: this.palette.simulated, fontSize: 56, fontStyle: '800', fontFamily });
    this.watermark.applyOptions({ lines });
  }

  /**
   * Replaces the whole series. `scrollToLatest` jumps to the newest bar (first load); otherwise
   * the view stays where the user left it: lightweight-charts anchors the viewport to the right
   * edge, so bars prepended by a scroll-back do not move what is on screen.
   */
  setHistory(bars: readonly Bar[], precision: number, scrollToLatest = true): void {
    this.bars = bars;
    this.setPrecision(precision);
    this.candles.setData(bars.map(toCandle));
    this.volume.setData(bars.map((bar) => toVolume(bar, this.palette)));
    if (scrollToLatest) this.showLatest(bars.length);
  }

  applyChanges(changes: readonly BarChange[], bars: readonly Bar[], precision: number): void {
    this.bars = bars;
    this.setPrecision(precision);
    for (const { kind, bar } of changes) {
      // Amending a closed bar behind the newest one needs the historical-update path.
      const historical = kind === 'amend';
      this.candles.update(toCandle(bar), historical);
      this.volume.update(toVolume(bar, this.palette), historical);
    }
  }

  /** Calls `listener` with the bar under the crosshair, or null when the cursor leaves the chart. */
  onCrosshairBar(listener: (bar: Bar | null) => void): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      if (param.time === undefined) return listener(null);
      const index = indexOfStart(this.bars, (param.time as number) * 1000);
      listener(index === -1 ? null : this.bars[index]);
    };
    this.chart.subscribeCrosshairMove(handler);
    return () => this.chart.unsubscribeCrosshairMove(handler);
  }

  /** `listener` is called when the user scrolls close to the oldest loaded bar. */
  onNeedOlder(listener: (() => void) | null): void {
    this.olderListener = listener;
  }

  dispose(): void {
    this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onRangeChange);
    this.watermark.detach();
    this.chart.remove();
  }

  private readonly onRangeChange = (range: LogicalRange | null): void => {
    if (range && this.bars.length > 0 && range.from < SCROLL_BACK_MARGIN) this.olderListener?.();
  };

  /**
   * A short series (a freshly started server) is spread over the width instead of huddling at the
   * right edge, but candles never grow wider than a trader expects.
   */
  private showLatest(barCount: number): void {
    const timeScale = this.chart.timeScale();
    const width = timeScale.width() || this.container.clientWidth;
    const spread = barCount > 1 ? (width * 0.9) / barCount : DEFAULT_BAR_SPACING;
    timeScale.applyOptions({ barSpacing: Math.max(DEFAULT_BAR_SPACING, Math.min(MAX_FIT_BAR_SPACING, spread)) });
    timeScale.scrollToRealTime();
  }

  private setPrecision(precision: number): void {
    if (precision === this.precision) return;
    this.precision = precision;
    this.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
  }

}
