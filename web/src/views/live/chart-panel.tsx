// One instrument on the live view: its stat boxes, a CandleVolumeChart for the panel's lifetime,
// one LiveBarsFeed per instrument/timeframe, the crosshair read-out, the feed's state, and export
// of the bars in view.
import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { TIMEFRAME_MS, type Bar, type InstrumentId, type Timeframe } from '../../api/types.ts';
import { CandleVolumeChart } from '../../charts/candle-volume-chart.ts';
import { chartPalette } from '../../charts/chart-theme.ts';
import { formatInteger } from '../../format/number-format.ts';
import { useHealthSnapshot, useSimulated } from '../../state/health-context.ts';
import { LiveBarsFeed, type FeedStatus, type OlderPhase } from '../../state/live-bars-feed.ts';
import { pricePrecisionOf } from '../../state/price-precision.ts';
import { useSocket } from '../../state/socket-context.ts';
import { getTheme, useTheme } from '../../state/theme-store.ts';
import { useSessionStats } from '../../state/use-session-stats.ts';
import { tradesPerSecOf } from '../../state/health-rates.ts';
import { useSymbolVolatility } from '../../state/use-symbol-volatility.ts';
import { ExportButtons } from '../shared/export-buttons.tsx';
import { SimulatedTag } from '../shared/simulated-tag.tsx';
import { BarLegend } from './bar-legend.tsx';
import { PanelStats } from './panel-stats.tsx';

/** Precision is read from the newest bars: the instrument's tick size shows in a few hundred prices. */
const PRECISION_SAMPLE = 1_000;

interface ChartPanelProps {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Reports the last price and its precision (the page title shows the first panel's). */
  onLastPrice?(price: number | null, precision: number): void;
  /** Decimals of the exchange's tick size (GET /instruments): prices never show fewer, even when round. */
  tickDecimals?: number;
}

export const ChartPanel = memo(function ChartPanel({
  instrument,
  timeframe,
  onLastPrice,
  tickDecimals = 0,
}: ChartPanelProps) {
  const socket = useSocket();
  const theme = useTheme();
  const simulated = useSimulated();
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<CandleVolumeChart | null>(null);
  const [status, setStatus] = useState<FeedStatus>({ phase: 'loading' });
  const [older, setOlder] = useState<OlderPhase>('idle');
  const [latest, setLatest] = useState<Bar | null>(null);
  const [barCount, setBarCount] = useState(0);
  const [hovered, setHovered] = useState<Bar | null>(null);
  const [precision, setPrecision] = useState(2);
  const session = useSessionStats(instrument);
  const health = useHealthSnapshot();
  const tradesPerSec = tradesPerSecOf(instrument, health?.health, health?.rates);
  const volatility = useSymbolVolatility(instrument, timeframe);

  // Created in a layout effect so that the feed below starts its history request in the same
  // commit, not one render later: that request is on the path to the first meaningful paint.
  useLayoutEffect(() => {
    const created = new CandleVolumeChart(container.current!, chartPalette(getTheme()));
    const stopCrosshair = created.onCrosshairBar(setHovered);
    chartRef.current = created;
    return () => {
      stopCrosshair();
      chartRef.current = null;
      created.dispose();
    };
  }, []);

  useEffect(() => chartRef.current?.setPalette(chartPalette(theme)), [theme]);

  useEffect(() => {
    chartRef.current?.setLabels({ title: `${instrument}  ${timeframe}`, simulated, showSeconds: timeframe === '1s' });
  }, [instrument, timeframe, simulated]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    let seriesPrecision = tickDecimals;
    const publish = (bars: readonly Bar[]) => {
      const last = bars.at(-1) ?? null;
      setLatest(last);
      setBarCount(bars.length);
      setPrecision(seriesPrecision);
      onLastPrice?.(last?.close ?? null, seriesPrecision);
    };
    chart.setHistory([], seriesPrecision);
    setHovered(null);
    setOlder('idle');
    publish([]);
    const feed = new LiveBarsFeed(socket, instrument, timeframe, {
      history(bars, reason) {
        seriesPrecision = pricePrecisionOf(bars.slice(-PRECISION_SAMPLE), seriesPrecision);
        chart.setHistory(bars, seriesPrecision, reason === 'initial');
        publish(bars);
      },
      changes(changes, bars) {
        seriesPrecision = pricePrecisionOf(
          changes.map((change) => change.bar),
          seriesPrecision,
        );
        chart.applyChanges(changes, bars, seriesPrecision);
        publish(bars);
      },
      status: setStatus,
      older: setOlder,
    });
    chart.onNeedOlder(() => feed.loadOlder());
    feed.start();
    return () => {
      chart.onNeedOlder(null);
      feed.stop();
    };
  }, [socket, instrument, timeframe, onLastPrice, tickDecimals]);

  return (
    <section className="chart-panel" aria-label={`Candlestick chart ${instrument} ${timeframe}`}>
      <PanelStats
        session={session}
        tradesPerSec={tradesPerSec}
        volatility={volatility}
        precision={precision}
        timeframe={timeframe}
      />
      <div className="chart-box">
        <div className="chart-surface" ref={container} data-testid="price-chart" />
        <BarLegend
          instrument={instrument}
          timeframe={timeframe}
          bar={hovered ?? latest}
          precision={precision}
          hovering={hovered !== null}
        />
        <SimulatedTag />
        {older === 'loading' && (
          <span className="older-loading" role="status">
            <span className="spinner small" aria-hidden="true" /> Loading older bars…
          </span>
        )}
        <ChartOverlay status={status} empty={latest === null} instrument={instrument} timeframe={timeframe} />
      </div>
      <PanelFooter instrument={instrument} barCount={barCount} older={older}>
        <ExportButtons
          what={`the ${instrument} ${timeframe} bars in view`}
          disabled={barCount === 0}
          range={() => {
            const visible = chartRef.current?.visibleBarStarts();
            return visible
              ? { instrument, timeframe, from: visible.first, to: visible.last + TIMEFRAME_MS[timeframe] }
              : null;
          }}
        />
      </PanelFooter>
    </section>
  );
});

function PanelFooter({
  instrument,
  barCount,
  older,
  children,
}: {
  instrument: InstrumentId;
  barCount: number;
  older: OlderPhase;
  children: ReactNode;
}) {
  const stream = useHealthSnapshot()?.health.streams.find((candidate) => candidate.instrument === instrument);
  return (
    <div className="panel-footer">
      <span>
        Feed{' '}
        <span className={stream?.connected ? 'ok' : 'warn'}>
          {stream ? (stream.connected ? 'live' : 'down') : 'not streamed'}
        </span>
      </span>
      <span>
        Lag <span className="num">{stream?.feedLagMs != null ? `${formatInteger(stream.feedLagMs)} ms` : '—'}</span>
      </span>
      <span>
        Last id <span className="num">{stream?.lastTradeId ?? '—'}</span>
      </span>
      <span className="panel-footer-spacer" />
      {children}
      <span
        role="group"
        aria-label="Bars loaded"
        title={older === 'exhausted' ? 'All stored history is loaded' : 'Scroll left to load older bars'}
      >
        Bars <span className="num">{formatInteger(barCount)}</span>
        {older === 'exhausted' ? (
          <span className="muted"> · all history</span>
        ) : (
          <span className="muted"> · scroll ← for more</span>
        )}
      </span>
    </div>
  );
}

function ChartOverlay({
  status,
  empty,
  instrument,
  timeframe,
}: {
  status: FeedStatus;
  empty: boolean;
  instrument: InstrumentId;
  timeframe: Timeframe;
}) {
  if (status.phase === 'loading') {
    return (
      <div className="chart-overlay" role="status">
        <span className="spinner" aria-hidden="true" /> Loading {instrument} {timeframe} history…
      </div>
    );
  }
  if (status.phase === 'error') {
    return (
      <div className="chart-overlay error" role="alert">
        Could not load {instrument} {timeframe} bars: {status.message}
        {status.retrying ? ' — retrying.' : ''}
      </div>
    );
  }
  if (empty) {
    return (
      <div className="chart-overlay" role="status">
        No {timeframe} bars for {instrument} yet — waiting for the first trade.
      </div>
    );
  }
  return null;
}
