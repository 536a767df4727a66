// Messages per second and the worst feed lag since the page opened, one point per status update.
import { useEffect, useRef } from 'react';
import { chartPalette } from '../../charts/chart-theme.ts';
import { LinePanesChart, type LineSpec } from '../../charts/line-panes-chart.ts';
import { healthHistory, onHealthPoint, type HealthPoint } from '../../state/health-history.ts';
import { getTheme, useTheme } from '../../state/theme-store.ts';

const SPECS: LineSpec[] = [
  { id: 'messages', title: 'msg/s', pane: 0, color: 'series0', precision: 1 },
  { id: 'ticks', title: 'ticks/s', pane: 0, color: 'series1', precision: 1, style: 2, width: 1 },
  { id: 'lag', title: 'max feed lag ms', pane: 1, color: 'series2', precision: 0 },
];

const SHORT_HISTORY = 150;

function series(points: readonly HealthPoint[]) {
  return {
    messages: points.map((p) => ({ time: p.time * 1000, value: p.messagesPerSec })),
    ticks: points.map((p) => ({ time: p.time * 1000, value: p.ticksPerSec })),
    lag: points.map((p) => ({ time: p.time * 1000, value: p.maxFeedLagMs })),
  };
}

export function ThroughputChart() {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<LinePanesChart | null>(null);
  const theme = useTheme();

  useEffect(() => {
    const chart = new LinePanesChart(container.current!, chartPalette(getTheme()), SPECS, [2, 1]);
    chart.setTimeFormat(true);
    chart.setRightOffset(1);
    chartRef.current = chart;
    for (const [id, points] of Object.entries(series(healthHistory()))) chart.setData(id, points);
    // A page opened a minute ago has a minute of points: spread them until they fill the width.
    const fitWhileShort = () => {
      if (healthHistory().length < SHORT_HISTORY) chart.fit();
    };
    fitWhileShort();
    const stop = onHealthPoint((point) => {
      for (const [id, [value]] of Object.entries(series([point]))) chart.update(id, value);
      fitWhileShort();
    });
    return () => {
      stop();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => chartRef.current?.setPalette(chartPalette(theme)), [theme]);

  return (
    <div
      className="throughput-chart"
      ref={container}
      aria-label="Messages per second and feed lag since the page opened"
      role="img"
    />
  );
}
