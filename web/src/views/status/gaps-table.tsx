// Trade-id gaps: the missing id range, when it was found, and whether (and how) it was filled.
import { formatInteger } from '../../format/number-format.ts';
import type { GapsState } from '../../state/use-gaps.ts';
import { UtcTime } from '../shared/utc-time.tsx';

export function GapsTable({ state }: { state: GapsState }) {
  const { gaps, error } = state;
  return (
    <div className="table-scroll">
      {error && (
        <div className="notice error" role="alert">
          Could not load gaps: {error}
        </div>
      )}
      <table className="data-table" aria-label="Trade-id gaps">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col" className="right">
              Missing ids
            </th>
            <th scope="col" className="right">
              Count
            </th>
            <th scope="col">Detected (UTC)</th>
            <th scope="col">State</th>
            <th scope="col">Method</th>
            <th scope="col" className="right">
              Filled
            </th>
            <th scope="col" className="right">
              Skipped
            </th>
            <th scope="col">Filled at (UTC)</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {gaps === null && !error && (
            <tr className="empty-row">
              <td colSpan={10}>Loading…</td>
            </tr>
          )}
          {gaps?.length === 0 && (
            <tr className="empty-row">
              <td colSpan={10}>No gaps: every trade id arrived in sequence.</td>
            </tr>
          )}
          {gaps?.map((gap) => (
            <tr key={`${gap.instrument}:${gap.fromId}:${gap.detectedAt}`}>
              <th scope="row" className="row-head">
                {gap.instrument}
              </th>
              <td className="right num">
                {gap.fromId}–{gap.toId}
              </td>
              <td className="right num">{formatInteger(gap.toId - gap.fromId + 1)}</td>
              <td>
                <UtcTime ms={gap.detectedAt} />
              </td>
              <td>
                <span className={`pill ${gap.filled ? 'ok' : gap.error ? 'bad' : 'warn'}`}>
                  {gap.filled ? 'Filled' : gap.error ? 'Failed' : 'Open'}
                </span>
              </td>
              <td>{gap.method ?? '—'}</td>
              <td className="right num">{formatInteger(gap.filledCount)}</td>
              <td className={`right num ${gap.skippedCount > 0 ? 'warn' : ''}`}>{formatInteger(gap.skippedCount)}</td>
              <td>{gap.filledAt !== null ? <UtcTime ms={gap.filledAt} /> : '—'}</td>
              <td className="error-cell">{gap.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
