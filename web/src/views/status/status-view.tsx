// System status, live from the `status` channel: the derived health and its reasons, where the
// data comes from, the health of every stream (connection, trade rate, lags, clock skew), ingest
// counters, the store, and the trade-id gaps found and how they were filled.
import { useConnectionState } from '../../state/use-connection-state.ts';
import { useHealthSnapshot } from '../../state/health-context.ts';
import { useGaps } from '../../state/use-gaps.ts';
import { GapsTable } from './gaps-table.tsx';
import { HealthReasons } from './health-reasons.tsx';
import { StatusCards } from './status-cards.tsx';
import { StreamsTable } from './streams-table.tsx';
import { ThroughputChart } from './throughput-chart.tsx';
import '../../styles/tables-view.css';

export function StatusView() {
  const snapshot = useHealthSnapshot();
  const connection = useConnectionState();
  const gaps = useGaps(snapshot?.health.gaps);
  if (!snapshot) {
    return (
      <main id="main" className="view view-loading" role="status">
        <span className="spinner" aria-hidden="true" /> Waiting for the server's status…
      </main>
    );
  }
  const { health, rates } = snapshot;
  return (
    <main id="main" className="view scroll-view status-view">
      <HealthReasons health={health} />
      <StatusCards snapshot={snapshot} connection={connection} rates={rates} />
      <section className="table-section" aria-labelledby="streams-heading">
        <header className="section-header">
          <h2 id="streams-heading">Streams</h2>
          <span className="muted">
            {health.streams.filter((stream) => stream.connected).length} of {health.streams.length} connected · updated
            every second
          </span>
        </header>
        <StreamsTable
          streams={health.streams}
          sourceKind={health.source.kind}
          rates={rates}
          receivedAt={snapshot.receivedAt}
        />
      </section>
      <section className="table-section" aria-labelledby="throughput-heading">
        <header className="section-header">
          <h2 id="throughput-heading">Throughput and feed lag</h2>
          <span className="muted">since this page opened, one point per second</span>
        </header>
        <ThroughputChart />
      </section>
      <section className="table-section" aria-labelledby="gaps-heading">
        <header className="section-header">
          <h2 id="gaps-heading">Trade-id gaps</h2>
          <span className="muted">found in the live streams, newest first, with how they were filled</span>
        </header>
        <GapsTable state={gaps} />
      </section>
    </main>
  );
}
