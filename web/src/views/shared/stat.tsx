// One labelled figure. Direction is shown by sign and arrow as well as colour, so it reads the
// same for colour-blind users and on monochrome screenshots.
import type { ReactNode } from 'react';
import { directionArrow, type Direction } from '../../format/number-format.ts';

interface StatProps {
  label: ReactNode;
  /** Accessible name of the figure. */
  name: string;
  value: ReactNode;
  direction?: Direction;
  title?: string;
  sub?: ReactNode;
}

export function Stat({ label, name, value, direction, title, sub }: StatProps) {
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
      {sub !== undefined && <span className="stat-sub num">{sub}</span>}
    </div>
  );
}
