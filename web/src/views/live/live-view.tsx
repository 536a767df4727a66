// The live market view: pick an instrument and timeframe, watch candles form in real time.
import { useEffect, useState } from 'react';
import { formatPrice } from '../../format/number-format.ts';
import type { HealthSnapshot } from '../../state/use-health.ts';
import { useInstruments } from '../../state/use-instruments.ts';
import { useSelection } from '../../state/use-selection.ts';
import { StatusBar } from '../shell/status-bar.tsx';
import { ChartPanel, type SeriesSummary } from './chart-panel.tsx';
import { InstrumentPicker } from './instrument-picker.tsx';
import { StatsStrip } from './stats-strip.tsx';
import { TimeframeSwitch } from './timeframe-switch.tsx';

export function LiveView({ health }: { health: HealthSnapshot | null }) {
  const { instruments, error } = useInstruments();
  const { selection, unavailable, selectInstrument, selectTimeframe } = useSelection(instruments);
  const [summary, setSummary] = useState<SeriesSummary>({ stats: null, precision: 2 });
  const simulated = health?.health.source.simulated ?? false;
  const lastPrice = summary.stats?.lastPrice;

  // The tab title carries the price, so a background tab still shows the market.
  useEffect(() => {
    const parts = [lastPrice !== undefined ? formatPrice(lastPrice, summary.precision) : null, selection.instrument, selection.timeframe];
    document.title = `${parts.filter(Boolean).join(' ')}${simulated ? ' (simulated)' : ''} — Tickscope`;
  }, [lastPrice, summary.precision, selection.instrument, selection.timeframe, simulated]);

  return (
    <main className="live-view">
      <div className="toolbar" role="toolbar" aria-label="Chart controls">
        <InstrumentPicker instruments={instruments} value={selection.instrument} onChange={selectInstrument} />
        <TimeframeSwitch value={selection.timeframe} onChange={selectTimeframe} />
        <StatsStrip
          stats={summary.stats}
          precision={summary.precision}
          timeframe={selection.timeframe}
          ticksPerSec={health?.health.ingest.ticksPerSec ?? null}
        />
      </div>
      {unavailable && (
        <div className="notice" role="status">
          {unavailable} is not available on this server; showing {selection.instrument}.
        </div>
      )}
      {selection.instrument ? (
        <ChartPanel
          instrument={selection.instrument}
          timeframe={selection.timeframe}
          simulated={simulated}
          onSummary={setSummary}
        />
      ) : (
        <section className="chart-panel">
          <div className="chart-overlay" role={error ? 'alert' : 'status'}>
            {error
              ? `Could not load instruments: ${error}`
              : instruments?.length === 0
                ? 'The server has no instruments configured.'
                : 'Loading instruments…'}
          </div>
        </section>
      )}
      <StatusBar health={health} instrument={selection.instrument} barCount={summary.stats?.barCount ?? null} />
    </main>
  );
}
