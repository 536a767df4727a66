// Headline figures for the instrument on screen. Direction is shown by sign and arrow as well as
// colour, so it reads the same for colour-blind users and on monochrome screenshots.
import { useRef, type ReactNode } from 'react';
import type { Timeframe } from '../../api/types.ts';
import {
  directionArrow,
  directionOf,
  formatInteger,
  formatPrice,
  formatQuantity,
  formatRate,
  formatSignedPercent,
  formatSignedPrice,
  type Direction,
} from '../../format/number-format.ts';
import type { WindowStats } from '../../state/window-stats.ts';

interface StatsStripProps {
  stats: WindowStats | null;
  precision: number;
  timeframe: Timeframe;
  ticksPerSec: number | null;
}

interface StatProps {
  label: ReactNode;
  name: string;
  value: string;
  direction?: Direction;
  title?: string;
}

function Stat({ label, name, value, direction, title }: StatProps) {
  return (
    <div className="stat" role="group" aria-label={name} title={title}>
      <span className="stat-label">{label}</span>
      <span className={`stat-value num ${direction ? `dir-${direction}` : ''}`}>
        {direction && (
          <span className="arrow" aria-hidden="true">
            {directionArrow[direction]}{' '}
          </span>
        )}
        {value}
      </span>
    </div>
  );
}

export function StatsStrip({ stats, precision, timeframe, ticksPerSec }: StatsStripProps) {
  // Tick direction: compare the last price with the previous distinct last price.
  const previous = useRef<{ price: number; direction: Direction }>({ price: NaN, direction: 'flat' });
  if (stats && stats.lastPrice !== previous.current.price) {
    const delta = Number.isNaN(previous.current.price) ? 0 : stats.lastPrice - previous.current.price;
    previous.current = { price: stats.lastPrice, direction: delta === 0 ? previous.current.direction : directionOf(delta) };
  }
  const dash = '—';
  const changeDirection = stats ? directionOf(stats.change) : undefined;
  const windowTitle = stats
    ? `From the open of the first loaded bar (${new Date(stats.firstStart).toISOString().replace('.000Z', 'Z')}, ${stats.barCount} ${timeframe} bars)`
    : undefined;
  return (
    <section className="stats-strip" aria-label="Market statistics">
      <Stat
        label="Last"
        name="Last price"
        value={stats ? formatPrice(stats.lastPrice, precision) : dash}
        direction={stats ? previous.current.direction : undefined}
      />
      <Stat
        label="Change"
        name="Change over loaded window"
        value={stats ? `${formatSignedPercent(stats.changePct)}  ${formatSignedPrice(stats.change, precision)}` : dash}
        direction={changeDirection}
        title={windowTitle}
      />
      <Stat label="High" name="Window high" value={stats ? formatPrice(stats.windowHigh, precision) : dash} />
      <Stat label="Low" name="Window low" value={stats ? formatPrice(stats.windowLow, precision) : dash} />
      <Stat label={<>Volume <span className="stat-tf">{timeframe}</span></>} name="Volume of current bar" value={stats ? formatQuantity(stats.current.volume) : dash} />
      <Stat label={<>Trades <span className="stat-tf">{timeframe}</span></>} name="Trades of current bar" value={stats ? formatInteger(stats.current.trades) : dash} />
      <Stat label="Ticks/s" name="Ingest ticks per second" value={ticksPerSec != null ? `${formatRate(ticksPerSec)}/s` : dash} />
    </section>
  );
}
