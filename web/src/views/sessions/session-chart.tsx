// The selected session's 1m candles with its Initial Balance high and low and the profile's
// extension levels drawn across, listed beside the chart with their prices.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { describeError } from '../../api/http.ts';
import { fetchBars } from '../../api/market-api.ts';
import type { ProvisionalSession, SessionRow } from '../../api/sessions-api.ts';
import type { Bar } from '../../api/types.ts';
import { CandleVolumeChart } from '../../charts/candle-volume-chart.ts';
import { type ChartPalette, chartPalette } from '../../charts/chart-theme.ts';
import { formatPrice } from '../../format/number-format.ts';
import { pricePrecisionOf } from '../../state/price-precision.ts';
import { type SessionLevel, sessionLevels } from '../../state/session-levels.ts';
import { getTheme, useTheme } from '../../state/theme-store.ts';

/** A 25-hour session has 1,500 minutes. */
const MAX_SESSION_BARS = 1_500;

interface SessionChartProps {
  instrument: string;
  session: SessionRow | ProvisionalSession | null;
  extensionLevels: readonly number[];
}

function levelColor(level: SessionLevel, palette: ChartPalette): string {
  return level.kind === 'ib' ? palette.series[0] : level.kind === 'extension-up' ? palette.up : palette.down;
}

export function SessionChart({ instrument, session, extensionLevels }: SessionChartProps) {
  const theme = useTheme();
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<CandleVolumeChart | null>(null);
  const [bars, setBars] = useState<Bar[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const levels = session ? sessionLevels(session, extensionLevels) : [];
  const precision = bars && bars.length > 0 ? pricePrecisionOf(bars) : 2;
  const elapsed = session && 'elapsedMinutes' in session ? session.elapsedMinutes : null;

  useLayoutEffect(() => {
    const created = new CandleVolumeChart(container.current as HTMLDivElement, chartPalette(getTheme()));
    chartRef.current = created;
    return () => {
      chartRef.current = null;
      created.dispose();
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: an open session's bars grow with its elapsed minutes
  useEffect(() => {
    setBars(null);
    setError(null);
    if (!session) return;
    const request = new AbortController();
    fetchBars(
      { instrument, timeframe: '1m', from: session.start, to: session.end, limit: MAX_SESSION_BARS },
      request.signal,
    )
      .then(setBars)
      .catch((cause: unknown) => {
        if (!request.signal.aborted) setError(describeError(cause));
      });
    return () => request.abort();
  }, [instrument, session?.start, session?.end, elapsed]);

  const levelKey = levels.map((level) => `${level.title}=${level.price}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: levelKey stands for the levels
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const palette = chartPalette(theme);
    chart.setPalette(palette);
    chart.setLabels({ title: session ? `${instrument} · ${session.date}` : '', simulated: false, showSeconds: false });
    chart.setHistory(bars ?? [], precision);
    chart.showAll();
    chart.setPriceLevels(
      levels.map((level) => ({
        title: level.title,
        price: level.price,
        color: levelColor(level, palette),
        dashed: level.kind !== 'ib',
      })),
    );
  }, [bars, theme, levelKey, precision, instrument, session?.date]);

  const label = session ? `Session chart ${instrument} ${session.date}` : 'Session chart';
  return (
    <section className="session-panel session-chart-panel" aria-label={label}>
      <div className="session-chart-box">
        <div className="chart-surface" ref={container} data-testid="session-chart" data-bars={bars?.length ?? 0} />
        {!session && (
          <div className="chart-overlay" role="status">
            Select a session in the table to see its candles and levels.
          </div>
        )}
        {session && error && (
          <div className="chart-overlay" role="alert">
            {error}
          </div>
        )}
      </div>
      <ul className="session-levels" aria-label="Session levels">
        {levels.map((level) => (
          <li key={level.title} className={`level-${level.kind}`}>
            <span className="level-swatch" aria-hidden="true" />
            <span className="level-title">{level.title}</span>
            <span className="num">{formatPrice(level.price, precision)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
