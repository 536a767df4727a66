// Candlesticks over a volume histogram in one pane, fed incrementally: history through setData
// (first load, reload, scroll-back), then one series.update per changed bar, never a full redraw
// per tick. The chart holds a sliding window of the series (see bar-window.ts) so that ticks stay
// cheap with 100,000 bars loaded; it asks for older bars when the user scrolls past the oldest.
import {
  CandlestickSeries,
  createChart,
  createTextWatermark,
  HistogramSeries,
  type IChartApi,
  type IPriceLine,
  LineStyle,
  type ISeriesApi,
  type ITextWatermarkPluginApi,
  type Logical,
  type LogicalRange,
  type MouseEventParams,
  type TextWatermarkLineOptions,
  type Time,
} from 'lightweight-charts';
import type { Bar } from '../api/types.ts';
import type { BarChange } from '../state/bar-book.ts';
import { indexOfStart, toCandle, toVolume } from './bar-to-series.ts';
import {
  afterAppend,
  isLive,
  liveWindow,
  lowerBoundByStart,
  slideBack,
  slideForward,
  windowPolicyFor,
  type BarWindow,
  type WindowPolicy,
} from './bar-window.ts';
import { chartOptions, DEFAULT_BAR_SPACING, fontFamily, MIN_BAR_SPACING, type ChartPalette } from './chart-theme.ts';
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

/** A horizontal level over the candles (the Sessions view's IB and extension levels). */
export interface PriceLevel {
  title: string;
  price: number;
  color: string;
  dashed: boolean;
}

export class CandleVolumeChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick', Time>;
  private readonly volume: ISeriesApi<'Histogram', Time>;
  private readonly watermark: ITextWatermarkPluginApi<Time>;
  /** The whole series as the feed knows it (mutated in place by appends). */
  private bars: readonly Bar[] = [];
  /** Its length when the chart last looked, to tell appends from a live window. */
  private knownLength = 0;
  /** The slice of `bars` the chart holds. */
  private window: BarWindow = { start: 0, end: 0 };
  /** Start time of the window's first bar, to find it again after older bars are prepended. */
  private windowFirstStart: number | null = null;
  private reshaping = false;
  private labels: ChartLabels = { title: '', simulated: false, showSeconds: false };
  private precision = -1;
  private olderListener: (() => void) | null = null;
  private priceLines: IPriceLine[] = [];

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
    this.watermark = createTextWatermark(this.chart.panes()[0], {
      horzAlign: 'center',
      vertAlign: 'center',
      lines: [],
    });
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
    if (this.window.end > this.window.start)
      this.volume.setData(this.windowBars().map((bar) => toVolume(bar, palette)));
  }

  setLabels(labels: ChartLabels): void {
    this.labels = labels;
    this.chart.applyOptions({
      timeScale: { secondsVisible: labels.showSeconds },
      localization: { timeFormatter: utcTimeFormatter(labels.showSeconds) },
    });
    const lines: TextWatermarkLineOptions[] = [
      { text: labels.title, color: this.palette.symbolWatermark, fontSize: 44, fontStyle: '600', fontFamily },
    ];
    if (labels.simulated)
      lines.push({ text: 'SIMULATED', color: this.palette.simulated, fontSize: 56, fontStyle: '800', fontFamily });
    this.watermark.applyOptions({ lines });
  }

  /**
   * Replaces the whole series. `scrollToLatest` jumps to the newest bar (first load); otherwise the
   * view stays on the bars the user was looking at (a reload, a reshape, older bars prepended).
   */
  setHistory(bars: readonly Bar[], precision: number, scrollToLatest = true): void {
    const wasLive = isLive(this.window, this.knownLength);
    const size = this.window.end - this.window.start;
    const anchor = this.windowFirstStart === null ? 0 : lowerBoundByStart(bars, this.windowFirstStart);
    this.bars = bars;
    this.knownLength = bars.length;
    this.setPrecision(precision);
    if (scrollToLatest || size === 0) {
      this.window = liveWindow(bars.length, this.policy());
      this.render(null);
      this.showLatest(this.window.end - this.window.start);
      return;
    }
    const end = wasLive ? bars.length : Math.min(bars.length, anchor + size);
    const start = Math.max(0, Math.min(anchor, end - this.policy().size));
    this.reshape({ start, end }, anchor);
  }

  applyChanges(changes: readonly BarChange[], bars: readonly Bar[], precision: number): void {
    const previousLength = this.knownLength;
    this.bars = bars;
    this.knownLength = bars.length;
    this.setPrecision(precision);
    const { window, trimmed } = afterAppend(this.window, previousLength, bars.length, this.policy());
    if (trimmed) {
      this.reshape(window, this.window.start);
      return;
    }
    this.window = window;
    const first = this.windowFirstStart ?? Number.NEGATIVE_INFINITY;
    const last = this.bars[this.window.end - 1]?.start ?? Number.NEGATIVE_INFINITY;
    for (const { kind, bar } of changes) {
      // Ticks outside the window (the user is looking at the past) only land in the series.
      if (bar.start < first || bar.start > last) continue;
      // Amending a closed bar behind the newest one needs the historical-update path.
      const historical = kind === 'amend';
      this.candles.update(toCandle(bar), historical);
      this.volume.update(toVolume(bar, this.palette), historical);
    }
  }

  /** Replaces the horizontal levels drawn over the candles. */
  setPriceLevels(levels: readonly PriceLevel[]): void {
    for (const line of this.priceLines) this.candles.removePriceLine(line);
    this.priceLines = levels.map((level) =>
      this.candles.createPriceLine({
        price: level.price,
        color: level.color,
        title: level.title,
        lineWidth: 1,
        lineStyle: level.dashed ? LineStyle.Dashed : LineStyle.Solid,
        axisLabelVisible: true,
      }),
    );
  }

  /** Spreads the held bars over the width (as far as the narrowest bar spacing allows), e.g. one whole session. */
  showAll(): void {
    this.chart.timeScale().fitContent();
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

  /** Start times of the first and last bar on screen (the range an export takes), or null when none is. */
  visibleBarStarts(): { first: number; last: number } | null {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    const bars = this.windowBars();
    if (!range || bars.length === 0) return null;
    // Logical indexes count from the window's first bar; the right offset reaches past the last.
    const first = Math.max(0, Math.ceil(range.from));
    const last = Math.min(bars.length - 1, Math.floor(range.to));
    return last < first ? null : { first: bars[first].start, last: bars[last].start };
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
    if (!range || this.reshaping || this.bars.length === 0) return;
    const held = this.window.end - this.window.start;
    if (range.from < SCROLL_BACK_MARGIN) {
      const back = slideBack(this.window, this.bars.length, this.policy());
      if (back) this.reshape(back, this.window.start);
      else this.olderListener?.();
    } else if (range.to > held - SCROLL_BACK_MARGIN) {
      const forward = slideForward(this.window, this.bars.length, this.policy());
      if (forward) this.reshape(forward, this.window.start);
    }
  };

  /**
   * Gives the chart another slice of the series and keeps the same bars on screen: logical
   * indexes count from the window's first bar, so the visible range shifts by the distance
   * between the old first bar (`anchor`, an index in the current series) and the new one.
   */
  private reshape(next: BarWindow, anchor: number): void {
    const visible = this.chart.timeScale().getVisibleLogicalRange();
    this.window = next;
    const shift = anchor - next.start;
    this.render(visible ? { from: (visible.from + shift) as Logical, to: (visible.to + shift) as Logical } : null);
  }

  private render(visible: LogicalRange | null): void {
    this.reshaping = true;
    try {
      const bars = this.windowBars();
      this.windowFirstStart = bars[0]?.start ?? null;
      this.candles.setData(bars.map(toCandle));
      this.volume.setData(bars.map((bar) => toVolume(bar, this.palette)));
      if (visible) this.chart.timeScale().setVisibleLogicalRange(visible);
    } finally {
      this.reshaping = false;
    }
  }

  /** Sized to the chart's current width, so a 4K chart zoomed out still shows only held bars. */
  private policy(): WindowPolicy {
    return windowPolicyFor(this.chart.timeScale().width() || this.container.clientWidth, MIN_BAR_SPACING);
  }

  private windowBars(): readonly Bar[] {
    return this.window.start === 0 && this.window.end === this.bars.length
      ? this.bars
      : this.bars.slice(this.window.start, this.window.end);
  }

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
