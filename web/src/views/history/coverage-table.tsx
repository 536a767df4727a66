// What the store holds, one row per instrument and timeframe: first and last bar, bars stored
// against bars expected, and the buckets missing between them (how many gaps they make is in the
// detail of one series: counting runs for every series would cost the summary a window over all).
// A row's instrument is a button that shows its gaps and export below.
import type { Coverage } from '../../api/data-types.ts';
import { formatInteger, formatPercent } from '../../format/number-format.ts';
import { UtcTime } from '../shared/utc-time.tsx';

interface CoverageTableProps {
  rows: readonly Coverage[] | null;
  error: string | null;
  selected: { instrument: string; timeframe: string } | null;
  onSelect(row: Coverage): void;
}

function completeness(row: Coverage): { text: string; tone: string } {
  if (row.expected <= 0) return { text: '—', tone: '' };
  const share = row.count / row.expected;
  return { text: formatPercent(share * 100, 1), tone: share >= 1 ? 'ok' : share >= 0.99 ? 'warn' : 'bad' };
}

export function CoverageTable({ rows, error, selected, onSelect }: CoverageTableProps) {
  return (
    <div className="table-scroll">
      {error && (
        <div className="notice error" role="alert">
          Could not load the stored coverage: {error}
        </div>
      )}
      <table className="data-table" aria-label="Stored coverage">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col">Timeframe</th>
            <th scope="col">First bar (UTC)</th>
            <th scope="col">Last bar (UTC)</th>
            <th scope="col" className="right">
              Bars
            </th>
            <th scope="col" className="right">
              Expected
            </th>
            <th scope="col" className="right" title="Bars missing between the first and the last">
              Missing
            </th>
            <th scope="col" className="right">
              Complete
            </th>
          </tr>
        </thead>
        <tbody>
          {rows === null && !error && (
            <tr className="empty-row">
              <td colSpan={8}>Loading…</td>
            </tr>
          )}
          {rows?.length === 0 && (
            <tr className="empty-row">
              <td colSpan={8}>Nothing stored yet: import a file below, or let the sync fetch history.</td>
            </tr>
          )}
          {rows?.map((row) => {
            const isSelected = selected?.instrument === row.instrument && selected.timeframe === row.timeframe;
            const complete = completeness(row);
            return (
              <tr
                key={`${row.instrument}:${row.timeframe}`}
                className={isSelected ? 'selected' : undefined}
                data-coverage={`${row.instrument} ${row.timeframe}`}
              >
                <th scope="row" className="row-head">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={isSelected}
                    title={`Show the gaps of ${row.instrument} ${row.timeframe}`}
                    onClick={() => onSelect(row)}
                  >
                    {row.instrument}
                  </button>
                </th>
                <td>{row.timeframe}</td>
                <td>{row.first !== null ? <UtcTime ms={row.first} /> : '—'}</td>
                <td>{row.last !== null ? <UtcTime ms={row.last} /> : '—'}</td>
                <td className="right num">{formatInteger(row.count)}</td>
                <td className="right num">{formatInteger(row.expected)}</td>
                <td className={`right num ${row.missingBars > 0 ? 'warn' : ''}`}>{formatInteger(row.missingBars)}</td>
                <td className={`right num ${complete.tone}`}>{complete.text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
