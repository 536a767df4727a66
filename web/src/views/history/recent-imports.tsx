// The newest imports and checks (GET /api/v1/imports): when, which file into which instrument,
// what each stored or would store, and why a refused file was refused. Loaded again when an
// import or check finishes (its last message on the `imports` channel) and when the store changed.
import { useEffect, useState } from 'react';
import { fetchImports } from '../../api/data-api.ts';
import { formatBytes, formatInteger } from '../../format/number-format.ts';
import { importOutcome } from '../../state/import-outcome.ts';
import { useSocket } from '../../state/socket-context.ts';
import { usePolled } from '../../state/use-polled.ts';
import { UtcTime } from '../shared/utc-time.tsx';

const POLL_MS = 30_000;
/** The server keeps the last 50; a screen of them is enough here. */
const SHOWN = 10;

export function RecentImports({ version }: { version: number }) {
  const socket = useSocket();
  const [finished, setFinished] = useState(0);
  useEffect(
    () =>
      socket.subscribe('imports', (data) => {
        if (data.import !== null) setFinished((count) => count + 1);
      }),
    [socket],
  );
  const imports = usePolled(fetchImports, [version, finished], POLL_MS);
  const rows = imports.data?.slice(0, SHOWN) ?? null;

  return (
    <div className="table-scroll recent-imports">
      {imports.error && (
        <div className="notice error" role="alert">
          Could not load the recent imports: {imports.error}
        </div>
      )}
      <table className="data-table compact" aria-label="Recent imports">
        <thead>
          <tr>
            <th scope="col">Started (UTC)</th>
            <th scope="col">File</th>
            <th scope="col">Instrument</th>
            <th scope="col">Kind</th>
            <th scope="col" className="right">
              Rows
            </th>
            <th scope="col">State</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rows?.length === 0 && (
            <tr className="empty-row">
              <td colSpan={7}>No file imported or checked yet.</td>
            </tr>
          )}
          {rows?.map((record) => {
            const outcome = importOutcome(record);
            return (
              <tr key={record.id} data-import={record.id}>
                <td>
                  <UtcTime ms={record.startedAt} />
                </td>
                <td title={formatBytes(record.bytes)}>{record.fileName}</td>
                <td>{record.instrument}</td>
                <td>{outcome.kind}</td>
                <td className="right num">{formatInteger(record.rows)}</td>
                <td>
                  <span className={`pill ${outcome.tone}`}>{outcome.state}</span>
                </td>
                <td className={outcome.tone === 'bad' ? 'error-cell' : undefined}>{outcome.detail}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
