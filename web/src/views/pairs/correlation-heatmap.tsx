// The correlation matrix of returns as a heatmap: a diverging blue–orange scale that reads for
// colour-blind users, with the value printed in every cell. A cell opens that pair.
import { fetchCorrelation } from '../../api/analytics-api.ts';
import type { InstrumentId, Timeframe } from '../../api/types.ts';
import { formatFixed } from '../../format/number-format.ts';
import { usePolled } from '../../state/use-polled.ts';
import { UtcTime } from '../shared/utc-time.tsx';

interface HeatmapProps {
  instruments: readonly InstrumentId[];
  timeframe: Timeframe;
  window: number;
  current: { x: InstrumentId; y: InstrumentId } | null;
  onOpen(x: InstrumentId, y: InstrumentId): void;
}

export function heatColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'transparent';
  const strength = Math.min(1, Math.abs(value));
  // Okabe-Ito orange for positive, sky blue for negative.
  return value >= 0
    ? `rgba(230, 159, 0, ${(0.08 + strength * 0.72).toFixed(3)})`
    : `rgba(86, 180, 233, ${(0.08 + strength * 0.72).toFixed(3)})`;
}

const short = (id: InstrumentId) => id.slice(id.indexOf(':') + 1);

export function CorrelationHeatmap({ instruments, timeframe, window, current, onOpen }: HeatmapProps) {
  const interval = timeframe === '1s' ? 5_000 : 30_000;
  const matrix = usePolled(
    instruments.length >= 2 ? (signal) => fetchCorrelation({ instruments, timeframe, window }, signal) : null,
    [instruments.join(','), timeframe, window],
    interval,
  );
  const data = matrix.data;
  return (
    <section className="bottom-panel heatmap-panel" aria-labelledby="heatmap-heading">
      <header className="side-header">
        <h2 id="heatmap-heading">Correlation matrix</h2>
        <span className="muted">
          returns · {timeframe} · window {window}
          {data?.end != null && (
            <>
              {' '}
              · to <UtcTime ms={data.end} format="clock" seconds={timeframe === '1s'} />
            </>
          )}
        </span>
      </header>
      {!data ? (
        <p className="panel-note" role={matrix.error ? 'alert' : 'status'}>
          {instruments.length < 2 ? 'Needs at least two instruments.' : matrix.error ? matrix.error : 'Loading…'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="heatmap" aria-label="Correlation matrix">
            <thead>
              <tr>
                <th scope="col" />
                {data.instruments.map((id) => (
                  <th key={id} scope="col" title={id}>
                    {short(id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.instruments.map((row, i) => (
                <tr key={row}>
                  <th scope="row" title={row}>
                    {short(row)}
                  </th>
                  {data.matrix[i].map((value, j) => {
                    const column = data.instruments[j];
                    const selected =
                      current !== null &&
                      ((current.y === row && current.x === column) || (current.x === row && current.y === column));
                    if (i === j) {
                      return (
                        <td key={column} className="heat-cell diagonal num">
                          1
                        </td>
                      );
                    }
                    return (
                      <td
                        key={column}
                        className={`heat-cell num ${selected ? 'selected' : ''}`}
                        style={{ background: heatColor(value) }}
                      >
                        <button
                          type="button"
                          className="heat-button"
                          aria-label={`Open ${row} against ${column}: correlation ${formatFixed(value, 3)}`}
                          title={`Open ${row} against ${column}: ρ = ${formatFixed(value, 3)}`}
                          onClick={() => onOpen(column, row)}
                        >
                          {formatFixed(value, 2)}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {data.missing.length > 0 && <p className="panel-note">No stored bars for {data.missing.join(', ')}.</p>}
        </div>
      )}
    </section>
  );
}
