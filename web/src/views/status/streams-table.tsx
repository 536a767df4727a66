// One row per live stream: its connection, trade rate, last trade, and the lags that tell a slow
// feed from a slow clock.
import type { StreamHealth } from '../../api/types.ts';
import { formatInteger, formatRate } from '../../format/number-format.ts';
import { formatAge } from '../../format/time-format.ts';
import type { HealthRates } from '../../state/health-rates.ts';
import { UtcTime } from '../shared/utc-time.tsx';

interface StreamsTableProps {
  streams: readonly StreamHealth[];
  sourceKind: string;
  rates: HealthRates;
  receivedAt: number;
}

/** A live stream without a trade for this long is worth a look. */
const STALE_AFTER_MS = 30_000;

function connectionOf(
  stream: StreamHealth,
  sourceKind: string,
  receivedAt: number,
): { label: string; tone: 'ok' | 'warn' | 'bad' } {
  if (!stream.connected) {
    // The Binance source reconnects on its own with backoff; the simulator only stops with the server.
    return { label: sourceKind.startsWith('binance') ? 'Disconnected · reconnecting' : 'Stopped', tone: 'bad' };
  }
  if (stream.lastTradeTs !== null && receivedAt - stream.lastTradeTs > STALE_AFTER_MS)
    return { label: 'Connected · quiet', tone: 'warn' };
  return { label: 'Live', tone: 'ok' };
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${formatInteger(value)} ms`;
}

export function StreamsTable({ streams, sourceKind, rates, receivedAt }: StreamsTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Streams">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col">Venue</th>
            <th scope="col">Connection</th>
            <th scope="col" className="right">
              Trades/s
            </th>
            <th scope="col" className="right">
              Last trade id
            </th>
            <th scope="col">Last trade (UTC)</th>
            <th scope="col" className="right" title="Receive time minus exchange trade time of the last trade">
              Feed lag
            </th>
            <th scope="col" className="right" title="Receive time minus exchange event time">
              Event lag
            </th>
            <th scope="col" className="right" title="Local clock minus exchange clock">
              Clock skew
            </th>
            <th scope="col" className="right" title="Trades held back behind a gap being filled">
              Held
            </th>
            <th scope="col" className="right">
              Open gaps
            </th>
          </tr>
        </thead>
        <tbody>
          {streams.length === 0 && (
            <tr className="empty-row">
              <td colSpan={11}>No streams: the server runs without a live source.</td>
            </tr>
          )}
          {streams.map((stream) => {
            const connection = connectionOf(stream, sourceKind, receivedAt);
            const rate = rates.tradesPerSecByStream.get(stream.instrument);
            const [venue] = stream.instrument.split(':');
            return (
              <tr key={stream.instrument} data-instrument={stream.instrument}>
                <th scope="row" className="row-head">
                  {stream.instrument}
                </th>
                <td>{venue}</td>
                <td>
                  <span className={`pill ${connection.tone}`} data-testid="stream-connection">
                    <span className="dot" aria-hidden="true" />
                    {connection.label}
                  </span>
                </td>
                <td className="right num">{rate !== undefined ? formatRate(rate) : '—'}</td>
                <td className="right num">{stream.lastTradeId ?? '—'}</td>
                <td>
                  {stream.lastTradeTs !== null ? (
                    <>
                      <UtcTime ms={stream.lastTradeTs} format="clock" />{' '}
                      <span className="muted">{formatAge(receivedAt - stream.lastTradeTs)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="right num">{ms(stream.feedLagMs)}</td>
                <td className="right num">{ms(stream.eventLagMs)}</td>
                <td className="right num">{ms(stream.clockSkewMs)}</td>
                <td className="right num">
                  {stream.heldTrades !== undefined ? formatInteger(stream.heldTrades) : '—'}
                </td>
                <td className={`right num ${stream.openGaps ? 'warn' : ''}`}>
                  {stream.openGaps !== undefined ? formatInteger(stream.openGaps) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
