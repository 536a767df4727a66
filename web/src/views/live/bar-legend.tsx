// OHLCV read-out in the chart's corner for the bar under the crosshair (or the latest bar), with
// its UTC time and, while hovering, the same instant in local time.
import type { Bar, InstrumentId, Timeframe } from '../../api/types.ts';
import {
  directionOf,
  formatInteger,
  formatPrice,
  formatQuantity,
  formatSignedPercent,
} from '../../format/number-format.ts';
import { formatLocalHint, formatUtcDateTime } from '../../format/time-format.ts';

interface BarLegendProps {
  instrument: InstrumentId;
  timeframe: Timeframe;
  bar: Bar | null;
  precision: number;
  hovering: boolean;
}

export function BarLegend({ instrument, timeframe, bar, precision, hovering }: BarLegendProps) {
  const direction = bar ? directionOf(bar.close - bar.open) : 'flat';
  const price = (value: number) => formatPrice(value, precision);
  return (
    <div className="bar-legend" aria-live="off" data-testid="bar-legend">
      <span className="legend-title">
        {instrument} <span className="muted">· {timeframe} · UTC</span>
      </span>
      {bar && (
        <span className={`legend-values num dir-${direction}`}>
          <span className="muted">O</span>
          {price(bar.open)} <span className="muted">H</span>
          {price(bar.high)} <span className="muted">L</span>
          {price(bar.low)} <span className="muted">C</span>
          {price(bar.close)}{' '}
          <span>{bar.open !== 0 ? formatSignedPercent(((bar.close - bar.open) / bar.open) * 100) : ''}</span>{' '}
          <span className="muted">V</span>
          <span className="legend-neutral">{formatQuantity(bar.volume)}</span> <span className="muted">T</span>
          <span className="legend-neutral">{formatInteger(bar.trades)}</span>
          {!bar.closed && <span className="open-bar-tag">open</span>}
        </span>
      )}
      {bar && (
        <span className="legend-time num">
          {formatUtcDateTime(bar.start, timeframe === '1s')} UTC
          {hovering && <span className="muted"> · {formatLocalHint(bar.start)}</span>}
        </span>
      )}
    </div>
  );
}
