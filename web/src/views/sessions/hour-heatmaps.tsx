// When things happen: for the session high, the low and the first IB break, a weekday × hour grid
// of how many sessions had it in that hour of the session (hour 0 is the first after the start).
import type { SessionReport } from '../../api/sessions-api.ts';
import {
  HEATMAP_KINDS,
  HEATMAP_TITLES,
  type HeatmapKind,
  heatOpacity,
  hourHeatmap,
} from '../../state/session-heatmap.ts';

function HourHeatmap({ report, kind }: { report: SessionReport; kind: HeatmapKind }) {
  const map = hourHeatmap(report, kind);
  const hours = Array.from({ length: map.hours }, (_, hour) => hour);
  const title = HEATMAP_TITLES[kind];
  return (
    <figure className="hour-heatmap">
      <figcaption>{title}</figcaption>
      <div className="table-scroll">
        <table className="hour-grid" aria-label={title}>
          <thead>
            <tr>
              <th scope="col" aria-label="Weekday" />
              {hours.map((hour) => (
                <th key={hour} scope="col" className="num">
                  {hour}
                </th>
              ))}
              <th scope="col">Σ</th>
            </tr>
          </thead>
          <tbody>
            {map.rows.map((row) => (
              <tr key={row.weekday}>
                <th scope="row" title={row.name}>
                  {row.name.slice(0, 3)}
                </th>
                {row.counts.map((count, hour) => (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: the hour is the cell's identity
                    key={hour}
                    className="hour-cell num"
                    style={{ background: `rgba(230, 159, 0, ${heatOpacity(count, map.max).toFixed(3)})` }}
                    title={`${row.name}, hour ${hour} of the session: ${count} session${count === 1 ? '' : 's'}`}
                  >
                    {count > 0 ? count : ''}
                  </td>
                ))}
                <td className="num muted">{row.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function HourHeatmaps({ report }: { report: SessionReport }) {
  return (
    <section className="session-panel" aria-labelledby="heatmaps-heading">
      <header className="session-panel-header">
        <h2 id="heatmaps-heading">Timing</h2>
        <span className="muted">sessions per weekday and hour of the session</span>
      </header>
      <div className="hour-heatmaps">
        {HEATMAP_KINDS.map((kind) => (
          <HourHeatmap key={kind} report={report} kind={kind} />
        ))}
      </div>
    </section>
  );
}
