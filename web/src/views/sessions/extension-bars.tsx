// Extension hit rates: of the sessions that broke on a side, the share that went on to each
// extension level (in IB ranges) beyond the IB, as bars with the figure printed beside them.
import type { SessionReportGroup } from '../../api/sessions-api.ts';
import { percent } from './probability-cards.tsx';

function Bar({ value, side }: { value: number | null; side: 'up' | 'down' }) {
  return (
    <div className="ext-bar">
      <div className={`ext-fill ${side}`} style={{ width: `${((value ?? 0) * 100).toFixed(1)}%` }} aria-hidden="true" />
      <span className="ext-value num">{percent(value)}</span>
    </div>
  );
}

export function ExtensionBars({ all, levels }: { all: SessionReportGroup; levels: readonly number[] }) {
  return (
    <section className="session-panel" aria-labelledby="extension-heading">
      <header className="session-panel-header">
        <h2 id="extension-heading">Extension hit rates</h2>
        <span className="muted">of the sessions that broke on that side</span>
      </header>
      <table className="data-table ext-table" aria-label="Extension hit rates">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Above the IB high</th>
            <th scope="col">Below the IB low</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((level) => (
            <tr key={level}>
              <th scope="row" className="num">
                {level} IB
              </th>
              <td>
                <Bar value={all.pExtUp[String(level)] ?? null} side="up" />
              </td>
              <td>
                <Bar value={all.pExtDown[String(level)] ?? null} side="down" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
