// The headline odds of the report: how often the Initial Balance breaks up, down, both ways or not
// at all, how often a break fails (the session closes back inside), and how far sessions range.
import type { SessionReportGroup } from '../../api/sessions-api.ts';
import { formatFixed, formatInteger } from '../../format/number-format.ts';

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;

interface Card {
  name: string;
  value: string;
  detail: string;
  tone?: 'up' | 'down';
}

function cardsOf(all: SessionReportGroup): Card[] {
  return [
    { name: 'Sessions', value: formatInteger(all.n), detail: 'evaluated in the range' },
    { name: 'Break up', value: percent(all.pBreakUp), detail: 'traded above the IB high', tone: 'up' },
    { name: 'Break down', value: percent(all.pBreakDown), detail: 'traded below the IB low', tone: 'down' },
    { name: 'Both sides', value: percent(all.pBoth), detail: 'broke up and down' },
    { name: 'Inside', value: percent(all.pInside), detail: 'never left the IB' },
    { name: 'False break up', value: percent(all.pFalseBreakUp), detail: 'of up breaks, closed back at or below' },
    {
      name: 'False break down',
      value: percent(all.pFalseBreakDown),
      detail: 'of down breaks, closed back at or above',
    },
    {
      name: 'Range ratio',
      value: formatFixed(all.meanRangeRatio, 2),
      detail: `mean; median ${formatFixed(all.medianRangeRatio, 2)} (session range / IB range)`,
    },
  ];
}

export function ProbabilityCards({ all }: { all: SessionReportGroup }) {
  return (
    <div className="session-cards">
      {cardsOf(all).map((card) => (
        <section key={card.name} className={`status-card session-card ${card.tone ?? ''}`} aria-label={card.name}>
          <h2 className="card-title">{card.name}</h2>
          <div className="card-value num">{card.value}</div>
          <div className="card-detail">{card.detail}</div>
        </section>
      ))}
    </div>
  );
}
