// Every session of the range, newest first (the open one on top, marked provisional): a row's
// date is a button, so a click or Enter selects the session for the chart.
import type { ProvisionalSession, SessionRow } from '../../api/sessions-api.ts';
import { formatFixed, formatPrice } from '../../format/number-format.ts';
import { WEEKDAY_NAMES } from '../../state/session-heatmap.ts';

interface SessionsTableProps {
  sessions: readonly SessionRow[];
  provisional: ProvisionalSession | null;
  selected: string | null;
  precision: number;
  onSelect(date: string): void;
}

const minute = (value: number | null) => (value === null ? '—' : `${value}`);

export function SessionsTable({ sessions, provisional, selected, precision, onSelect }: SessionsTableProps) {
  const rows: Array<SessionRow | ProvisionalSession> = [...sessions].reverse();
  if (provisional) rows.unshift(provisional);
  return (
    <section className="session-panel" aria-labelledby="sessions-heading">
      <header className="session-panel-header">
        <h2 id="sessions-heading">Sessions</h2>
        <span className="muted">{sessions.length} in the range · select one to chart it</span>
      </header>
      <div className="table-scroll session-rows">
        <table className="data-table" aria-label="Sessions">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Day</th>
              <th scope="col">IB high</th>
              <th scope="col">IB low</th>
              <th scope="col">Type</th>
              <th scope="col">First break</th>
              <th scope="col">Break min</th>
              <th scope="col">Ext up</th>
              <th scope="col">Ext down</th>
              <th scope="col">Range ratio</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr className="empty-row">
                <td colSpan={10}>No session in the range has enough bars.</td>
              </tr>
            )}
            {rows.map((row) => {
              const open = 'elapsedMinutes' in row;
              const breakMinute =
                row.firstBreak === 'down' ? row.breakDownMinute : (row.breakUpMinute ?? row.breakDownMinute);
              return (
                <tr key={row.date} aria-selected={row.date === selected} className={open ? 'provisional' : ''}>
                  <th scope="row">
                    <button type="button" className="row-select" onClick={() => onSelect(row.date)}>
                      {row.date}
                    </button>
                    {open && <span className="open-bar-tag">open</span>}
                  </th>
                  <td>{WEEKDAY_NAMES[row.weekday - 1]?.slice(0, 3)}</td>
                  <td className="num">{formatPrice(row.ibHigh, precision)}</td>
                  <td className="num">{formatPrice(row.ibLow, precision)}</td>
                  <td>{row.dayType}</td>
                  <td>{row.firstBreak}</td>
                  <td className="num">{minute(breakMinute)}</td>
                  <td className="num">{formatFixed(row.extUp, 2)}</td>
                  <td className="num">{formatFixed(row.extDown, 2)}</td>
                  <td className="num">{formatFixed(row.rangeRatio, 2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
