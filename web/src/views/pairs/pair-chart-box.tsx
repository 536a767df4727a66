// The pair's chart with a crosshair read-out, its SIMULATED label and what it is waiting for.
import { useEffect, useRef, useState } from 'react';
import {
  HEDGE_LABELS,
  HEDGE_METHODS,
  type HedgeMethod,
  type PairParams,
  type PairPoint,
} from '../../api/analytics-types.ts';
import type { InstrumentId, Timeframe } from '../../api/types.ts';
import { chartPalette } from '../../charts/chart-theme.ts';
import { PairChart } from '../../charts/pair-chart.ts';
import { formatSigned, formatSignificant } from '../../format/number-format.ts';
import { formatLocalHint, formatUtcDateTime } from '../../format/time-format.ts';
import { getTheme, useTheme } from '../../state/theme-store.ts';
import type { PairFeedView } from '../../state/use-pair-feed.ts';
import { SimulatedTag } from '../shared/simulated-tag.tsx';

interface PairChartBoxProps {
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
  params: PairParams;
  feed: PairFeedView;
  hedgeLatest: Partial<Record<HedgeMethod, number | null>>;
  onChart(chart: PairChart | null): void;
}

interface Hover {
  time: number;
  values: ReadonlyMap<string, number>;
}

export function PairChartBox({ x, y, timeframe, params, feed, hedgeLatest, onChart }: PairChartBoxProps) {
  const container = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<PairChart | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const theme = useTheme();

  useEffect(() => {
    const created = new PairChart(container.current!, chartPalette(getTheme()));
    const stop = created.onCrosshair((time, values) => setHover(time === null ? null : { time, values }));
    setChart(created);
    onChart(created);
    return () => {
      stop();
      onChart(null);
      created.dispose();
    };
  }, [onChart]);

  useEffect(() => chart?.setPalette(chartPalette(theme)), [chart, theme]);
  useEffect(() => chart?.setTimeFormat(timeframe === '1s'), [chart, timeframe]);
  useEffect(() => {
    chart?.setPaneLabels([
      `SPREAD  ${y} − β·${x}${params.price === 'log' ? ' (log)' : ''}`,
      `Z-SCORE  window ${params.window} · entry ±${params.entry} · exit ±${params.exit}`,
      `CORRELATION OF RETURNS  window ${params.window}`,
      `HEDGE RATIO β  lookback ${params.lookback}`,
    ]);
  }, [chart, x, y, params.price, params.window, params.entry, params.exit, params.lookback]);

  const need = params.lookback + params.window - 1;
  const latest = feed.latest;
  return (
    <section className="pair-chart-box" aria-label={`Pair chart ${y} vs ${x} ${timeframe}`}>
      <PairLegend
        hover={hover}
        latest={latest}
        hedge={params.hedge}
        hedgeLatest={hedgeLatest}
        showSeconds={timeframe === '1s'}
      />
      <div className="chart-box">
        <div className="chart-surface" ref={container} data-testid="pair-chart" />
        {feed.status.phase === 'loading' && (
          <div className="chart-overlay" role="status">
            <span className="spinner" aria-hidden="true" /> Loading {y} / {x} {timeframe}…
          </div>
        )}
        {feed.status.phase === 'error' && feed.points === 0 && (
          <div className="chart-overlay error" role="alert">
            Could not load the pair: {feed.status.message}
          </div>
        )}
        {feed.status.phase === 'ready' && feed.scored === 0 && (
          <div className="chart-overlay" role="status">
            Warming up: {feed.points} of {need} aligned {timeframe} closes before the first z-score (lookback{' '}
            {params.lookback} + window {params.window} − 1).
          </div>
        )}
      </div>
    </section>
  );
}

function PairLegend({
  hover,
  latest,
  hedge,
  hedgeLatest,
  showSeconds,
}: {
  hover: Hover | null;
  latest: PairPoint | null;
  hedge: HedgeMethod;
  hedgeLatest: Partial<Record<HedgeMethod, number | null>>;
  showSeconds: boolean;
}) {
  const time = hover?.time ?? latest?.start;
  if (time === undefined) {
    return (
      <div className="pair-legend">
        <SimulatedTag inline />
      </div>
    );
  }
  const value = (id: string, fallback: number | null | undefined) =>
    hover ? (hover.values.get(id) ?? null) : (fallback ?? null);
  const betas = HEDGE_METHODS.map((method) => ({
    method,
    value: value(`hedge-${method}`, method === hedge ? latest?.hedgeRatio : hedgeLatest[method]),
  }));
  return (
    <div className="pair-legend num" aria-live="off" data-testid="pair-legend">
      <span className="legend-clock" title={formatLocalHint(time)}>
        {formatUtcDateTime(time, showSeconds)} UTC{hover ? '' : ' · latest'}
      </span>
      <span>
        <span className="muted">spread</span> {formatSignificant(value('spread', latest?.spread), 6)}
      </span>
      <span>
        <span className="muted">z</span> {formatSigned(value('zscore', latest?.zscore), 2)}
      </span>
      <span>
        <span className="muted">ρ</span> {formatSigned(value('correlation', latest?.correlation), 3)}
      </span>
      {betas.map(({ method, value: beta }) => (
        <span key={method} className={method === hedge ? '' : 'muted-value'}>
          <span className="muted">β {HEDGE_LABELS[method]}</span> {formatSignificant(beta, 5)}
        </span>
      ))}
      {hover && <span className="muted local-hint">{formatLocalHint(time)}</span>}
      <SimulatedTag inline />
    </div>
  );
}
