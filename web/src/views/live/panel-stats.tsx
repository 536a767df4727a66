// Headline figures of one instrument: last price, change over the session (the UTC day), the
// day's range, volume, volatility and the trade rate.
import { useRef } from 'react';
import type { Timeframe } from '../../api/types.ts';
import {
  directionOf,
  formatInteger,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatRate,
  formatSignedPercent,
  formatSignedPrice,
  type Direction,
} from '../../format/number-format.ts';
import { formatUtcDateTime } from '../../format/time-format.ts';
import type { SessionStats } from '../../state/session-stats.ts';
import type { Volatility } from '../../state/use-symbol-volatility.ts';
import { Stat } from '../shared/stat.tsx';

interface PanelStatsProps {
  session: SessionStats | null;
  /** From the server's health (trade ids taken in per second); null until known. */
  tradesPerSec: number | null;
  volatility: Volatility | null;
  precision: number;
  timeframe: Timeframe;
}

const DASH = '—';

export function PanelStats({ session, tradesPerSec, volatility, precision, timeframe }: PanelStatsProps) {
  // Tick direction: the last price against the previous different last price.
  const previous = useRef<{ price: number; direction: Direction }>({ price: NaN, direction: 'flat' });
  if (session && session.last !== previous.current.price) {
    const delta = Number.isNaN(previous.current.price) ? 0 : session.last - previous.current.price;
    previous.current = {
      price: session.last,
      direction: delta === 0 ? previous.current.direction : directionOf(delta),
    };
  }
  const price = (value: number) => formatPrice(value, precision);
  const sessionTitle = session
    ? `Since the session open at ${formatUtcDateTime(session.sessionStart, false)} UTC (open ${price(session.open)})`
    : undefined;
  return (
    <div className="panel-stats" aria-label="Market statistics" role="group">
      <Stat
        label="Last"
        name="Last price"
        value={session ? price(session.last) : DASH}
        direction={session ? previous.current.direction : undefined}
      />
      <Stat
        label="Chg session"
        name="Change over the session"
        value={session ? formatSignedPercent(session.changePct) : DASH}
        sub={session ? formatSignedPrice(session.change, precision) : undefined}
        direction={session ? directionOf(session.change) : undefined}
        title={sessionTitle}
      />
      <Stat
        label="Day range"
        name="Session range"
        value={session ? price(session.high) : DASH}
        sub={session ? price(session.low) : undefined}
        title="Session high (top) and low (bottom), UTC day"
      />
      <Stat
        label="Volume day"
        name="Session volume"
        value={session ? formatQuantity(session.volume) : DASH}
        sub={session ? `${formatQuantity(session.quoteVolume)} quote` : undefined}
        title="Base volume since the session open; quote notional below"
      />
      <Stat
        label={`Vol ${volatility?.window ?? 60}×${timeframe}`}
        name="Volatility"
        value={volatility?.value != null ? formatPercent(volatility.value * 100, 1) : DASH}
        sub={volatility?.value != null ? 'annualised' : volatility ? 'warming up' : undefined}
        title={
          `Annualised close-to-close volatility over the last ${volatility?.window ?? 60} ${timeframe} bars ` +
          '(server symbol engine)'
        }
      />
      <Stat
        label="Trades/s"
        name="Trades per second"
        value={tradesPerSec != null ? formatRate(tradesPerSec) : DASH}
        sub={session ? `${formatInteger(session.trades)} today` : undefined}
        title="Trades per second the server took in over the last 5 s; trades since the session open below"
      />
    </div>
  );
}
