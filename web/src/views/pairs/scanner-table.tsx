// The pair scanner: every pair of the instruments ranked by Engle-Granger p-value, half-life and
// correlation over the lookback; columns sort on click, a row opens its pair.
import { useState, type KeyboardEvent } from 'react';
import { fetchScan } from '../../api/analytics-api.ts';
import type { PriceMode, ScanRow } from '../../api/analytics-types.ts';
import type { InstrumentId, Timeframe } from '../../api/types.ts';
import { formatFixed, formatPValue, formatSigned, formatSignificant } from '../../format/number-format.ts';
import { sortScanRows, type ScanSortKey as SortKey, type ScanSortState as Sort } from '../../state/scan-sort.ts';
import { usePolled } from '../../state/use-polled.ts';

interface ScannerProps {
  instruments: readonly InstrumentId[];
  timeframe: Timeframe;
  lookback: number;
  price: PriceMode;
  current: { x: InstrumentId; y: InstrumentId } | null;
  onOpen(x: InstrumentId, y: InstrumentId): void;
}

const COLUMNS: Array<{ key: SortKey; label: string; title: string; numeric: boolean; greek?: boolean }> = [
  { key: 'pair', label: 'Pair (y ~ x)', title: 'y regressed on x', numeric: false },
  { key: 'pValue', label: 'EG p-value', title: 'Engle-Granger p-value: lower is more cointegrated', numeric: true },
  { key: 'stat', label: 't-stat', title: 'Engle-Granger statistic', numeric: true },
  { key: 'hedgeRatio', label: 'β', title: 'OLS hedge ratio', numeric: true, greek: true },
  {
    key: 'halfLife',
    label: 'Half-life',
    title: 'Bars for the residual to halve its distance to the mean',
    numeric: true,
  },
  { key: 'correlation', label: 'ρ', title: 'Correlation of simple returns', numeric: true, greek: true },
];

const short = (id: InstrumentId) => id.slice(id.indexOf(':') + 1);

export function ScannerTable({ instruments, timeframe, lookback, price, current, onOpen }: ScannerProps) {
  const [sort, setSort] = useState<Sort>({ key: 'pValue', ascending: true });
  const interval = timeframe === '1s' ? 10_000 : 60_000;
  const scan = usePolled(
    instruments.length >= 2 ? (signal) => fetchScan({ instruments, timeframe, lookback, price }, signal) : null,
    [instruments.join(','), timeframe, lookback, price],
    interval,
  );
  const rows = scan.data ? sortScanRows(scan.data.pairs, sort) : [];
  const toggle = (key: SortKey) =>
    setSort((previous) => ({ key, ascending: previous.key === key ? !previous.ascending : true }));
  const openOnKey = (event: KeyboardEvent, row: ScanRow) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row.x, row.y);
    }
  };
  return (
    <section className="bottom-panel scanner-panel" aria-labelledby="scanner-heading">
      <header className="side-header">
        <h2 id="scanner-heading">Pair scanner</h2>
        <span className="muted">
          {timeframe} · lookback {lookback} · {scan.data ? `${scan.data.pairs.length} pairs` : ''} · click a row to open
          it
        </span>
      </header>
      {!scan.data ? (
        <p className="panel-note" role={scan.error ? 'alert' : 'status'}>
          {instruments.length < 2 ? 'Needs at least two instruments.' : scan.error ? scan.error : 'Scanning…'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact scanner" aria-label="Pair scanner">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={`${column.numeric ? 'right' : ''} ${column.greek ? 'greek' : ''}`}
                    aria-sort={sort.key === column.key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
                    title={column.title}
                  >
                    <button type="button" className="sort-button" onClick={() => toggle(column.key)}>
                      {column.label}
                      <span aria-hidden="true" className="sort-arrow">
                        {sort.key === column.key ? (sort.ascending ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const selected = current !== null && current.x === row.x && current.y === row.y;
                const cointegrated = row.pValue !== null && row.pValue < 0.05;
                return (
                  <tr
                    key={`${row.x}|${row.y}`}
                    className={`clickable ${selected ? 'selected' : ''}`}
                    tabIndex={0}
                    aria-selected={selected}
                    aria-label={`Open ${row.y} against ${row.x}`}
                    onClick={() => onOpen(row.x, row.y)}
                    onKeyDown={(event) => openOnKey(event, row)}
                  >
                    <td className="num strong">
                      {short(row.y)} <span className="muted">~</span> {short(row.x)}
                    </td>
                    <td className={`right num ${cointegrated ? 'ok' : ''}`}>{formatPValue(row.pValue)}</td>
                    <td className="right num">{formatFixed(row.stat, 2)}</td>
                    <td className="right num">{formatSignificant(row.hedgeRatio, 4)}</td>
                    <td className="right num">
                      {row.halfLife !== null && row.halfLife > 0 ? formatFixed(row.halfLife, 1) : '—'}
                    </td>
                    <td className="right num">{formatSigned(row.correlation, 3)}</td>
                    <td>
                      {row.error ? (
                        <span className="muted" title={row.error}>
                          n/a
                        </span>
                      ) : (
                        <span className={`pill ${cointegrated ? 'ok' : ''}`}>
                          {cointegrated ? '✓ coint. 5%' : '✗ none'}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
