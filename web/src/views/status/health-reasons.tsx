// The health status the server derives and each reason for it, worst first: what is wrong, since
// when, and how bad, in the server's own words.
import type { Health } from '../../api/types.ts';
import { UtcTime } from '../shared/utc-time.tsx';
import { healthTone } from './health-tone.ts';

export function HealthReasons({ health }: { health: Health }) {
  const reasons = [...health.reasons].sort(
    (a, b) => Number(b.severity === 'failing') - Number(a.severity === 'failing'),
  );
  return (
    <section className="table-section" aria-labelledby="health-heading">
      <header className="section-header">
        <h2 id="health-heading">
          Health <span className={`pill ${healthTone(health.status)}`}>{health.status}</span>
        </h2>
        <span className="muted">
          {reasons.length === 0 ? 'nothing to report' : `${reasons.length} reason${reasons.length === 1 ? '' : 's'}`}
        </span>
      </header>
      {reasons.length > 0 && (
        <table className="data-table" aria-label="Health reasons">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Reason</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((reason) => (
              <tr key={reason.code}>
                <td>
                  <span className={`pill ${healthTone(reason.severity)}`}>{reason.severity}</span>
                </td>
                <td>
                  <code>{reason.code}</code> {reason.message}
                </td>
                <td>{reason.since !== undefined ? <UtcTime ms={reason.since} format="clock" suffix /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
