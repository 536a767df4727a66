// Bottom status line: the engine-side figures a trader checks when something looks off (feed lag
// of the instrument on screen, duplicates, late ticks, errors, uptime).
import type { InstrumentId } from '../../api/types.ts';
import { formatDuration, formatInteger } from '../../format/number-format.ts';
import type { HealthSnapshot } from '../../state/use-health.ts';

export function StatusBar({ health, instrument, barCount }: { health: HealthSnapshot | null; instrument: InstrumentId | null; barCount: number | null }) {
  const stream = health?.health.streams.find((candidate) => candidate.instrument === instrument);
  const ingest = health?.health.ingest;
  return (
    <footer className="status-bar" aria-label="Engine status">
      <span>
        Feed <span className={stream?.connected ? 'ok' : 'warn'}>{stream ? (stream.connected ? 'live' : 'down') : '—'}</span>
      </span>
      <span>
        Lag <span className="num">{stream?.feedLagMs != null ? `${formatInteger(stream.feedLagMs)} ms` : '—'}</span>
      </span>
      <span>
        Last trade id <span className="num">{stream?.lastTradeId != null ? stream.lastTradeId : '—'}</span>
      </span>
      <span aria-label="Bars loaded">
        Bars <span className="num">{barCount != null ? formatInteger(barCount) : '—'}</span>
      </span>
      <span className="status-spacer" />
      {ingest && (
        <>
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
            Errors <span className={`num ${ingest.errors > 0 ? 'warn' : ''}`}>{formatInteger(ingest.errors)}</span>
          </span>
        </>
      )}
      <span>
        Uptime <span className="num">{health ? formatDuration(health.health.uptimeSec) : '—'}</span>
      </span>
    </footer>
  );
}
