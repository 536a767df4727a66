// The Data view (`/data`): history in and out. What the store holds per instrument and timeframe
// (with the gaps of the one selected, and its export), the CSV import and the recent imports, and
// the daily sync that keeps history gap-free. The selected series is in the address
// (`/data?instrument=…&timeframe=…`). Its folder is views/history/ since git and biome take every
// `data/` folder for a store.
import { useCallback, useState } from 'react';
import { fetchCoverage } from '../../api/data-api.ts';
import type { Coverage, ImportRecord } from '../../api/data-types.ts';
import { isTimeframe } from '../../api/types.ts';
import type { RouteParams } from '../../state/route.ts';
import { updateParams } from '../../state/route-store.ts';
import { usePolled } from '../../state/use-polled.ts';
import { CoverageDetail } from './coverage-detail.tsx';
import { CoverageTable } from './coverage-table.tsx';
import { ImportForm } from './import-form.tsx';
import { RecentImports } from './recent-imports.tsx';
import { SyncPanel } from './sync-panel.tsx';
import '../../styles/tables-view.css';
import '../../styles/alerts.css';
import '../../styles/data-view.css';

function selectionOf(
  params: RouteParams,
  rows: readonly Coverage[] | null,
): { instrument: string; timeframe: Coverage['timeframe'] } | null {
  if (params.instrument && params.timeframe && isTimeframe(params.timeframe))
    return { instrument: params.instrument, timeframe: params.timeframe };
  const first = rows?.[0];
  return first ? { instrument: first.instrument, timeframe: first.timeframe } : null;
}

export function HistoryView({ params }: { params: RouteParams }) {
  // Bumped when the store has changed under the tables (an import, a finished sync run).
  const [version, setVersion] = useState(0);
  const coverage = usePolled(fetchCoverage, [version], 30_000);
  const selected = selectionOf(params, coverage.data);
  const storeChanged = useCallback(() => setVersion((count) => count + 1), []);
  const onImported = useCallback(
    (result: ImportRecord) => {
      storeChanged();
      updateParams({ instrument: result.instrument, timeframe: result.timeframe });
    },
    [storeChanged],
  );

  return (
    <main id="main" className="view scroll-view data-view">
      <section className="table-section" aria-labelledby="coverage-heading">
        <header className="section-header">
          <h2 id="coverage-heading">Stored history</h2>
          <span className="muted">bars per instrument and timeframe; choose one to see its gaps and export it</span>
        </header>
        <CoverageTable
          rows={coverage.data}
          error={coverage.error}
          selected={selected}
          onSelect={(row) => updateParams({ instrument: row.instrument, timeframe: row.timeframe })}
        />
        {selected && (
          <CoverageDetail instrument={selected.instrument} timeframe={selected.timeframe} version={version} />
        )}
      </section>
      <section className="table-section" aria-labelledby="import-heading">
        <header className="section-header">
          <h2 id="import-heading">Import a CSV</h2>
          <span className="muted">
            OHLCV bars with a header line; checked row by row, and a file with any bad row stores nothing
          </span>
        </header>
        <ImportForm onImported={onImported} />
        <h3 className="subsection-heading">Recent imports</h3>
        <RecentImports version={version} />
      </section>
      <section className="table-section" aria-labelledby="sync-heading">
        <header className="section-header">
          <h2 id="sync-heading">Daily sync</h2>
          <span className="muted">fills the stored history of every watched instrument from the exchange</span>
        </header>
        <SyncPanel onRunFinished={storeChanged} />
      </section>
    </main>
  );
}
