// The headline figures of the Status view as a row of cards.
import type { ReactNode } from 'react';
import type { ConnectionState } from '../../api/market-socket.ts';
import { formatBytes, formatDuration, formatInteger, formatRate } from '../../format/number-format.ts';
import type { HealthRates } from '../../state/health-rates.ts';
import type { HealthSnapshot } from '../../state/use-health.ts';
import { UtcTime } from '../shared/utc-time.tsx';
import { sourceLabel } from '../shell/source-label.ts';

interface StatusCardsProps {
  snapshot: HealthSnapshot;
  connection: ConnectionState;
  rates: HealthRates;
}

interface CardProps {
  title: string;
  value: ReactNode;
  tone?: 'ok' | 'warn' | 'bad';
  /** Numbers get the tabular figure font; words stay in the UI font. */
  numeric?: boolean;
  children?: ReactNode;
}

function Card({ title, value, tone, numeric, children }: CardProps) {
  return (
    <section className={`status-card ${tone ?? ''}`} aria-label={title}>
      <h3 className="card-title">{title}</h3>
      <div className={`card-value ${numeric ? 'num' : ''}`}>{value}</div>
      {children && <div className="card-detail">{children}</div>}
    </section>
  );
}

export function StatusCards({ snapshot, connection, rates }: StatusCardsProps) {
  const { health } = snapshot;
  const { ingest, store, gaps } = health;
  const down = health.streams.filter((stream) => !stream.connected).length;
  return (
    <div className="status-cards">
      <Card title="Source" value={sourceLabel(health.source.kind)} tone={health.source.simulated ? 'warn' : undefined}>
        {health.source.simulated ? (
          <span className="pill warn">SIMULATED prices</span>
        ) : (
          <span>live exchange data</span>
        )}
      </Card>
      <Card
        title="Live streams"
        numeric
        value={`${health.streams.length - down}/${health.streams.length} live`}
        tone={down > 0 ? 'bad' : 'ok'}
      >
        {down > 0 ? `${down} disconnected` : 'all connected'}
      </Card>
      <Card
        title="Dashboard link"
        value={
          connection.phase === 'connected'
            ? 'Connected'
            : connection.phase === 'reconnecting'
              ? 'Reconnecting'
              : 'Connecting'
        }
        tone={connection.phase === 'connected' ? 'ok' : 'warn'}
      >
        WebSocket /ws · {connection.generation} connection{connection.generation === 1 ? '' : 's'}
      </Card>
      <Card title="Messages/s" numeric value={rates.messagesPerSec !== null ? formatRate(rates.messagesPerSec) : '—'}>
        {formatInteger(ingest.messages)} since start
      </Card>
      <Card title="Ticks/s" numeric value={formatRate(ingest.ticksPerSec)}>
        {`${formatInteger(ingest.ticks)} ticks · ${formatInteger(ingest.duplicates)} dup · ` +
          `${formatInteger(ingest.lateTicks)} late`}
      </Card>
      <Card
        title="Gaps"
        numeric
        value={gaps ? `${formatInteger(gaps.filled)}/${formatInteger(gaps.detected)} filled` : '—'}
        tone={gaps && gaps.open > 0 ? 'warn' : undefined}
      >
        {gaps
          ? `${formatInteger(gaps.open)} open · ${formatInteger(gaps.missingTrades)} trades missing`
          : 'no gap tracking for this source'}
      </Card>
      <Card
        title="Store"
        value={store.fileBytes != null ? formatBytes(store.fileBytes) : 'in memory'}
        numeric={store.fileBytes != null}
        tone={store.failingSince !== null || ingest.pausedSince !== null ? 'bad' : undefined}
      >
        {formatInteger(store.writtenTicks ?? 0)} ticks · {formatInteger(store.writtenBars ?? 0)} bars written ·{' '}
        {formatInteger(store.pendingTicks ?? 0)} pending
        {store.failingSince !== null && <span className="pill bad">writes failing</span>}
        {ingest.pausedSince !== null && (
          <span className="pill bad">ingestion paused · {formatInteger(ingest.refusedTicks)} refused</span>
        )}
      </Card>
      <Card
        title="Uptime"
        numeric
        value={formatDuration(health.uptimeSec)}
        tone={ingest.errors > 0 ? 'warn' : undefined}
      >
        since <UtcTime ms={health.startedAt} suffix /> · {formatInteger(ingest.errors)} errors
      </Card>
    </div>
  );
}
