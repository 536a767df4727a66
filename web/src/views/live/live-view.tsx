// The live market view: one instrument, or two side by side, on a shared timeframe; candles form
// in real time, history loads as you scroll back, and a live Binance symbol can be added.
import { useCallback, useEffect, useState } from 'react';
import type { InstrumentId } from '../../api/types.ts';
import { formatPrice } from '../../format/number-format.ts';
import { useSimulated } from '../../state/health-context.ts';
import { resolveLiveSelection } from '../../state/live-selection.ts';
import type { RouteParams } from '../../state/route.ts';
import { updateParams } from '../../state/route-store.ts';
import { useInstruments } from '../../state/use-instruments.ts';
import { TimeframeSwitch } from '../shared/timeframe-switch.tsx';
import { AddSymbolForm } from './add-symbol-form.tsx';
import { exchangeTickDecimals } from '../../format/price-decimals.ts';
import { ChartPanel } from './chart-panel.tsx';
import { InstrumentPicker } from './instrument-picker.tsx';

export function LiveView({ params }: { params: RouteParams }) {
  const { instruments, error, reload } = useInstruments();
  const { selection, unavailable, correction } = resolveLiveSelection(params, instruments);
  const simulated = useSimulated();
  const [title, setTitle] = useState<{ price: number | null; precision: number }>({ price: null, precision: 2 });

  useEffect(() => {
    if (correction) updateParams(correction, { replace: true });
  }, [correction]);

  // The tab title carries the price, so a background tab still shows the market.
  useEffect(() => {
    const parts = [
      title.price !== null ? formatPrice(title.price, title.precision) : null,
      selection.instrument,
      selection.timeframe,
    ];
    document.title = `${parts.filter(Boolean).join(' ')}${simulated ? ' (simulated)' : ''} — Tickscope`;
  }, [title, selection.instrument, selection.timeframe, simulated]);

  const onFirstPrice = useCallback((price: number | null, precision: number) => setTitle({ price, precision }), []);
  // Select the new symbol only once the list has it, or the selection would fall back to the first.
  const onAdded = useCallback(
    async (id: InstrumentId) => {
      await reload().catch(() => {});
      updateParams({ instrument: id });
    },
    [reload],
  );

  return (
    <main id="main" className="view live-view">
      <div className="toolbar" role="toolbar" aria-label="Chart controls">
        <InstrumentPicker
          label="Instrument"
          instruments={instruments}
          value={selection.instrument}
          onChange={(id) => updateParams({ instrument: id })}
        />
        <InstrumentPicker
          label="Compare with"
          instruments={instruments}
          value={selection.compare}
          exclude={selection.instrument}
          emptyLabel="None"
          onChange={(id) => updateParams({ compare: id })}
        />
        <TimeframeSwitch value={selection.timeframe} onChange={(timeframe) => updateParams({ timeframe })} />
        <div className="toolbar-spacer" />
        <AddSymbolForm onAdded={onAdded} />
      </div>
      {unavailable.length > 0 && (
        <div className="notice" role="status">
          {unavailable.join(', ')} {unavailable.length === 1 ? 'is' : 'are'} not available on this server; showing{' '}
          {selection.instrument}.
        </div>
      )}
      {selection.instrument ? (
        <div className={`chart-grid ${selection.compare ? 'two' : 'one'}`}>
          <ChartPanel
            instrument={selection.instrument}
            timeframe={selection.timeframe}
            onLastPrice={onFirstPrice}
            tickDecimals={exchangeTickDecimals(instruments, selection.instrument)}
          />
          {selection.compare && (
            <ChartPanel
              instrument={selection.compare}
              timeframe={selection.timeframe}
              tickDecimals={exchangeTickDecimals(instruments, selection.compare)}
            />
          )}
        </div>
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
    </main>
  );
}
