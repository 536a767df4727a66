// Pairs: one pair's spread, z-score (with entry / exit lines and trade markers), correlation and
// hedge ratios, its cointegration tests with a plain-language verdict, the hedge ratio by method,
// the correlation matrix of all instruments and the pair scanner that opens any pair.
import { useCallback, useState } from 'react';
import type { InstrumentId } from '../../api/types.ts';
import type { PairChart } from '../../charts/pair-chart.ts';
import { pairRouteParams } from '../../state/pair-params.ts';
import type { RouteParams } from '../../state/route.ts';
import { updateParams } from '../../state/route-store.ts';
import { useHedgeComparison } from '../../state/use-hedge-comparison.ts';
import { useInstruments } from '../../state/use-instruments.ts';
import { usePairFeed } from '../../state/use-pair-feed.ts';
import { usePairSelection } from '../../state/use-pair-selection.ts';
import { CointegrationPanel } from './cointegration-panel.tsx';
import { CorrelationHeatmap } from './correlation-heatmap.tsx';
import { HedgePanel } from './hedge-panel.tsx';
import { LivePairControl } from './live-pair-control.tsx';
import { PairChartBox } from './pair-chart-box.tsx';
import { PairSummary } from './pair-summary.tsx';
import { PairToolbar } from './pair-toolbar.tsx';
import { ScannerTable } from './scanner-table.tsx';
import '../../styles/tables-view.css';
import '../../styles/pairs.css';

/** The heatmap and scanner cover the instruments the server knows, up to this many. */
const MAX_MATRIX_INSTRUMENTS = 24;

export function PairsView({ params: routeParams }: { params: RouteParams }) {
  const { instruments } = useInstruments();
  const { key, params, problems, livePair } = usePairSelection(routeParams, instruments);
  const [chart, setChart] = useState<PairChart | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const feed = usePairFeed(key, params, chart, reloadToken);
  const comparison = useHedgeComparison(key, params, chart);
  const universe = (instruments ?? []).slice(0, MAX_MATRIX_INSTRUMENTS).map((instrument) => instrument.id);
  const current = key ? { x: key.x, y: key.y } : null;
  const timeframe = key?.timeframe ?? '1m';

  const openPair = useCallback(
    (x: InstrumentId, y: InstrumentId) => {
      if (key) updateParams(pairRouteParams(x, y, key.timeframe, params));
    },
    [key, params],
  );

  return (
    <main id="main" className="view pairs-view">
      <PairToolbar
        instruments={instruments}
        x={key?.x ?? routeParams.x ?? null}
        y={key?.y ?? routeParams.y ?? null}
        timeframe={timeframe}
        params={params}
      />
      {problems.length > 0 && (
        <div className="notice error" role="alert">
          {problems.join('; ')}.
        </div>
      )}
      <div className="pairs-grid">
        <div className="pairs-main">
          <div className="pairs-main-header">
            <h1 className="pair-title">
              {key ? (
                <>
                  {key.y} <span className="muted">vs</span> {key.x} <span className="muted">· {key.timeframe}</span>
                </>
              ) : (
                'Choose two instruments'
              )}
            </h1>
            {key && (
              <LivePairControl
                pairKey={key}
                params={params}
                mode={feed.status.mode}
                livePair={livePair}
                onStarted={() => setReloadToken((token) => token + 1)}
              />
            )}
          </div>
          <PairSummary latest={feed.latest} tests={feed.tests} timeframe={timeframe} />
          {key ? (
            <PairChartBox
              x={key.x}
              y={key.y}
              timeframe={key.timeframe}
              params={params}
              feed={feed}
              hedgeLatest={comparison.latest}
              onChart={setChart}
            />
          ) : (
            <div className="pair-chart-box">
              <div className="chart-overlay" role="status">
                {instruments === null ? 'Loading instruments…' : 'Pick a Y leg and an X leg above.'}
              </div>
            </div>
          )}
        </div>
        <aside className="pairs-side" aria-label="Pair statistics">
          <CointegrationPanel tests={feed.tests} timeframe={timeframe} />
          {key && <HedgePanel pairKey={key} params={params} />}
        </aside>
        <div className="pairs-bottom">
          <CorrelationHeatmap
            instruments={universe}
            timeframe={timeframe}
            window={params.window}
            current={current}
            onOpen={openPair}
          />
          <ScannerTable
            instruments={universe}
            timeframe={timeframe}
            lookback={params.lookback}
            price={params.price}
            current={current}
            onOpen={openPair}
          />
        </div>
      </div>
    </main>
  );
}
