// The weekday picture: every figure of the report per weekday, probability cells shaded by value,
// so the choppy weekdays (both sides broken, or none) stand out at a glance.
import type { SessionReport, SessionReportGroup } from '../../api/sessions-api.ts';
import { formatFixed } from '../../format/number-format.ts';
import { WEEKDAY_NAMES } from '../../state/session-heatmap.ts';
import { percent } from './probability-cards.tsx';

const COLUMNS: ReadonlyArray<{ key: keyof SessionReportGroup; label: string }> = [
  { key: 'pBreakUp', label: 'Break up' },
  { key: 'pBreakDown', label: 'Break down' },
  { key: 'pBoth', label: 'Both' },
  { key: 'pInside', label: 'Inside' },
  { key: 'pFalseBreakUp', label: 'False up' },
  { key: 'pFalseBreakDown', label: 'False down' },
];

function ShadedCell({ value }: { value: number | null }) {
  const alpha = value === null ? 0 : 0.06 + value * 0.5;
  return (
    <td className="num shaded" style={{ background: `rgba(76, 141, 255, ${alpha.toFixed(3)})` }}>
      {percent(value)}
    </td>
  );
}

export function WeekdayTable({ report }: { report: SessionReport }) {
  return (
    <section className="session-panel" aria-labelledby="weekday-heading">
      <header className="session-panel-header">
        <h2 id="weekday-heading">By weekday</h2>
        <span className="muted">weekday of the session's local start date</span>
      </header>
      <div className="table-scroll">
        <table className="data-table weekday-table" aria-label="Sessions by weekday">
          <thead>
            <tr>
              <th scope="col">Weekday</th>
              <th scope="col">Sessions</th>
              {COLUMNS.map((column) => (
                <th key={column.key} scope="col">
                  {column.label}
                </th>
              ))}
              <th scope="col">Range ratio</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAY_NAMES.map((name, index) => {
              const group = report.byWeekday[String(index + 1)];
              return (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="num">{group?.n ?? 0}</td>
                  {COLUMNS.map((column) => (
                    <ShadedCell key={column.key} value={(group?.[column.key] as number | null | undefined) ?? null} />
                  ))}
                  <td className="num">{formatFixed(group?.meanRangeRatio, 2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
