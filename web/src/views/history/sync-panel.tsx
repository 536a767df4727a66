// The daily sync that keeps stored history gap-free: its schedule, the next run, the newest runs
// with what each fetched, and "Sync now". Polled faster while a run is under way.
import { useState } from 'react';
import { fetchSync, startSync } from '../../api/data-api.ts';
import type { SyncRun } from '../../api/data-types.ts';
import { describeError } from '../../api/http.ts';
import { formatInteger, formatSpan } from '../../format/number-format.ts';
import { usePolled } from '../../state/use-polled.ts';
import { UtcTime } from '../shared/utc-time.tsx';

const POLL_MS = 5_000;

function errorText(run: SyncRun): string {
  return run.errors.map((error) => `${error.instrument} ${error.timeframe}: ${error.message}`).join('; ');
}

export function SyncPanel({ onRunFinished }: { onRunFinished(): void }) {
  const [version, setVersion] = useState(0);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const sync = usePolled(fetchSync, [version], POLL_MS);
  const unavailable = sync.data && 'unavailable' in sync.data ? sync.data.unavailable : null;
  const status = sync.data && !('unavailable' in sync.data) ? sync.data : null;
  const newest = status?.runs[0]?.finishedAt ?? null;
  const [seenFinish, setSeenFinish] = useState<number | null>(null);
  if (newest !== null && newest !== seenFinish) {
    // A run finished since the last look: the coverage above may have grown.
    if (seenFinish !== null) onRunFinished();
    setSeenFinish(newest);
  }

  const syncNow = () => {
    setStarting(true);
    setStartError(null);
    startSync()
      .then(() => setVersion((count) => count + 1))
      .catch((error: unknown) => setStartError(describeError(error)))
      .finally(() => setStarting(false));
  };

  if (unavailable !== null) {
    return (
      <p className="panel-note sync-unavailable" role="status">
        No daily sync on this server: {unavailable}.
      </p>
    );
  }
  return (
    <div className="sync-panel">
      <div className="sync-summary">
        <span>
          Schedule{' '}
          {status && status.schedule === null ? (
            // Started with --no-sync: no run at start nor on a schedule, but Sync now still runs one.
            <>
              <span className="warn">off</span> <span className="muted">(--no-sync: runs only on demand)</span>
            </>
          ) : (
            <>
              <code className="num">{status?.schedule ?? '—'}</code> <span className="muted">(cron, UTC)</span>
            </>
          )}
        </span>
        <span>Next run {status?.nextRunAt != null ? <UtcTime ms={status.nextRunAt} suffix /> : <span>—</span>}</span>
        <span className={`pill ${status?.running ? 'warn' : 'ok'}`}>{status?.running ? 'Running' : 'Idle'}</span>
        <div className="toolbar-spacer" />
        <button
          type="button"
          className="button primary small"
          disabled={starting || !status || status.running}
          onClick={syncNow}
        >
          {starting ? 'Starting…' : 'Sync now'}
        </button>
      </div>
      {(startError || sync.error) && (
        <div className="notice error" role="alert">
          {startError ? `Could not start a sync: ${startError}` : `Could not load the sync state: ${sync.error}`}
        </div>
      )}
      <div className="table-scroll">
        <table className="data-table compact" aria-label="Sync runs">
          <thead>
            <tr>
              <th scope="col">Started (UTC)</th>
              <th scope="col" className="right">
                Took
              </th>
              <th scope="col">Trigger</th>
              <th scope="col" className="right">
                Instruments
              </th>
              <th scope="col" className="right">
                Bars written
              </th>
              <th scope="col" className="right">
                Ranges asked
              </th>
              <th scope="col" className="right">
                Empty at the exchange
              </th>
              <th scope="col" className="right">
                Requests
              </th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {status?.runs.length === 0 && (
              <tr className="empty-row">
                <td colSpan={9}>No sync has run yet.</td>
              </tr>
            )}
            {status?.runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <UtcTime ms={run.startedAt} />
                </td>
                <td className="right num">
                  {run.finishedAt !== null ? formatSpan(run.finishedAt - run.startedAt) : 'running'}
                </td>
                <td>{run.trigger}</td>
                <td className="right num">{formatInteger(run.instruments)}</td>
                <td className="right num">{formatInteger(run.barsWritten)}</td>
                <td className="right num">{formatInteger(run.rangesRequested)}</td>
                <td className="right num">{formatInteger(run.emptyRanges)}</td>
                <td className="right num">{formatInteger(run.requests)}</td>
                <td className={run.errors.length > 0 ? 'error-cell' : 'muted'}>{errorText(run) || 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
