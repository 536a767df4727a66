// The pair's newest close in figures: the trading signal (in words and an icon, not colour
// alone), z-score, spread, hedge ratio, correlation, half-life and how many closes carried a leg.
import type { PairPoint, PairSignal } from '../../api/analytics-types.ts';
import { TIMEFRAME_MS, type Timeframe } from '../../api/types.ts';
import { formatSigned, formatSignificant, formatSpan } from '../../format/number-format.ts';
import type { PairTests } from '../../state/pair-feed.ts';
import { Stat } from '../shared/stat.tsx';

const SIGNALS: Record<PairSignal, { label: string; icon: string; tone: string; title: string }> = {
  short_spread: {
    label: 'Short spread',
    icon: '▼',
    tone: 'dir-down',
    title: 'z ≥ entry: the spread is rich — sell y, buy β·x',
  },
  long_spread: {
    label: 'Long spread',
    icon: '▲',
    tone: 'dir-up',
    title: 'z ≤ −entry: the spread is cheap — buy y, sell β·x',
  },
  exit: { label: 'Exit / flat', icon: '●', tone: 'signal-exit', title: '|z| ≤ exit: close any open spread position' },
  hold: { label: 'Hold', icon: '■', tone: 'dir-flat', title: 'Between exit and entry: keep what you hold' },
};

export function halfLifeText(halfLife: number | null | undefined, timeframe: Timeframe): string {
  if (halfLife === null || halfLife === undefined) return '—';
  if (halfLife <= 0) return 'no reversion';
  const bars = halfLife < 10 ? halfLife.toFixed(1) : Math.round(halfLife).toString();
  return `${bars} bars ≈ ${formatSpan(halfLife * TIMEFRAME_MS[timeframe])}`;
}

export function PairSummary({
  latest,
  tests,
  timeframe,
}: {
  latest: PairPoint | null;
  tests: PairTests | null;
  timeframe: Timeframe;
}) {
  const signal = latest?.signal ? SIGNALS[latest.signal] : null;
  return (
    <div className="pair-summary" role="group" aria-label="Latest close">
      <div className="signal-box" role="group" aria-label="Signal" title={signal?.title}>
        <span className="stat-label">Signal</span>
        <span className={`signal-value ${signal?.tone ?? ''}`} data-testid="pair-signal">
          {signal ? (
            <>
              <span aria-hidden="true">{signal.icon}</span> {signal.label}
            </>
          ) : (
            '— warming up'
          )}
        </span>
      </div>
      <Stat label="Z-score" name="Z-score" value={formatSigned(latest?.zscore, 2)} />
      <Stat label="Spread" name="Spread" value={formatSignificant(latest?.spread, 6)} />
      <Stat
        label={
          <>
            Hedge <span className="greek">β</span>
          </>
        }
        name="Hedge ratio"
        value={formatSignificant(latest?.hedgeRatio, 5)}
        sub={latest?.intercept != null ? `α ${formatSignificant(latest.intercept, 4)}` : undefined}
      />
      <Stat
        label={
          <>
            Corr <span className="greek">ρ</span>
          </>
        }
        name="Correlation"
        value={formatSigned(latest?.correlation, 3)}
      />
      <Stat label="Half-life" name="Half-life" value={halfLifeText(tests?.halfLife, timeframe)} />
      <Stat
        label="Carried"
        name="Carried legs"
        value={
          latest
            ? latest.carriedX || latest.carriedY
              ? [latest.carriedX && 'x', latest.carriedY && 'y'].filter(Boolean).join('+')
              : 'none'
            : '—'
        }
        title="A leg with no trade in the newest bucket carries its last close forward"
      />
    </div>
  );
}
