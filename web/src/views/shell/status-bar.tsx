// Bottom status line on every view: the engine's derived health first (its first reason on hover),
// then the figures a trader glances at when something looks off (ingest rate, duplicates, late
// ticks, gaps, errors, uptime).
import { formatDuration, formatInteger, formatRate } from '../../format/number-format.ts';
import type { HealthSnapshot } from '../../state/use-health.ts';
import { healthTone } from '../status/health-tone.ts';

export function StatusBar({ health }: { health: HealthSnapshot | null }) {
  const ingest = health?.health.ingest;
  const gaps = health?.health.gaps;
  const streams = health?.health.streams ?? [];
  const down = streams.filter((stream) => !stream.connected).length;
  const status = health?.health.status;
  const reasons = health?.health.reasons ?? [];
  return (
    <footer className="status-bar" role="contentinfo" aria-label="Engine status">
      <span role="group" aria-label="Health" title={reasons.map((reason) => reason.message).join('\n') || undefined}>
        Health{' '}
        <span className={status ? healthTone(status) : ''}>
          {status ?? '—'}
          {reasons.length > 0 ? ` (${reasons.length})` : ''}
        </span>
      </span>
      <span role="group" aria-label="Feeds">
        Feeds{' '}
        <span className={down > 0 ? 'warn' : 'ok'}>
          {streams.length === 0 ? '—' : down > 0 ? `${down} down` : 'all live'}
        </span>
      </span>
      {ingest && (
        <>
          <span>
            Ticks/s <span className="num">{formatRate(ingest.ticksPerSec)}</span>
          </span>
          <span>
            Ticks <span className="num">{formatInteger(ingest.ticks)}</span>
          </span>
          <span>
            Dup <span className="num">{formatInteger(ingest.duplicates)}</span>
          </span>
          <span>
            Late <span className="num">{formatInteger(ingest.lateTicks)}</span>
          </span>
          <span>
            Gaps{' '}
            <span className={`num ${gaps && gaps.open > 0 ? 'warn' : ''}`}>
              {gaps ? `${formatInteger(gaps.filled)}/${formatInteger(gaps.detected)} filled` : '—'}
            </span>
          </span>
          <span>
            Errors <span className={`num ${ingest.errors > 0 ? 'warn' : ''}`}>{formatInteger(ingest.errors)}</span>
          </span>
        </>
      )}
      <span className="uptime">
        Uptime <span className="num">{health ? formatDuration(health.health.uptimeSec) : '—'}</span>
      </span>
      <span className="status-spacer" />
      <a className="attribution" href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
        Charts: TradingView Lightweight Charts™
      </a>
    </footer>
  );
}
