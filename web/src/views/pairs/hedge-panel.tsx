// OLS vs Theil-Sen vs Siegel vs Kalman over the lookback (GET /pairs/regression): the hedge ratio
// each method finds, with the OLS and Theil-Sen confidence intervals, so a ratio driven by a few
// outliers stands out.
import { fetchHedgeRegression, type PairKey } from '../../api/analytics-api.ts';
import { PAIR_LIMITS, type PairParams } from '../../api/analytics-types.ts';
import { TIMEFRAME_MS } from '../../api/types.ts';
import { formatFixed, formatSignificant } from '../../format/number-format.ts';
import { usePolled } from '../../state/use-polled.ts';

export function HedgePanel({ pairKey, params }: { pairKey: PairKey; params: PairParams }) {
  const lookback = Math.min(params.lookback, PAIR_LIMITS.regressionLookbackMax);
  const interval = Math.max(5_000, TIMEFRAME_MS[pairKey.timeframe]);
  const regression = usePolled(
    (signal) => fetchHedgeRegression({ ...pairKey, lookback, price: params.price }, signal),
    [pairKey.x, pairKey.y, pairKey.timeframe, lookback, params.price],
    Math.min(interval, 60_000),
  );
  const data = regression.data;
  const ci = (interval: readonly number[] | undefined) =>
    interval ? `${formatSignificant(interval[0], 3)}–${formatSignificant(interval[1], 3)}` : '';
  const rows = data
    ? [
        {
          name: 'OLS',
          beta: data.ols.hedgeRatio,
          alpha: data.ols.intercept,
          ci: ci(data.ols.hedgeRatioCi),
          note: 'least squares',
        },
        {
          name: 'Theil-Sen',
          beta: data.theilSen.hedgeRatio,
          alpha: data.theilSen.intercept,
          ci: ci(data.theilSen.hedgeRatioCi),
          note: 'median slope',
        },
        {
          name: 'Siegel',
          beta: data.siegel.hedgeRatio,
          alpha: data.siegel.intercept,
          ci: '',
          note: 'repeated medians',
        },
        {
          name: 'Kalman',
          beta: data.kalman.hedgeRatio,
          alpha: data.kalman.intercept,
          ci: '',
          note: `δ ${data.kalman.delta}`,
        },
      ]
    : [];
  return (
    <section className="side-panel" aria-labelledby="hedge-heading">
      <header className="side-header">
        <h2 id="hedge-heading">Hedge ratio by method</h2>
        <span className="muted">
          last {lookback} closes{data ? ` · OLS R² ${formatFixed(data.ols.rSquared, 3)}` : ''}
        </span>
      </header>
      {regression.error && !data ? (
        <p className="panel-note">{regression.error}</p>
      ) : (
        <table className="data-table compact" aria-label="Hedge ratio by method">
          <colgroup>
            <col style={{ width: '25%' }} />
            <col style={{ width: '22%' }} />
            <col style={{ width: '33%' }} />
            <col style={{ width: '20%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col" className="right greek">
                β
              </th>
              <th scope="col" className="right">
                {data ? `${Math.round(data.confidence * 100)}% CI` : 'CI'}
              </th>
              <th scope="col" className="right greek">
                α
              </th>
            </tr>
          </thead>
          <tbody>
            {!data && (
              <tr className="empty-row">
                <td colSpan={4}>{regression.loading ? 'Loading…' : '—'}</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row" className="row-head" title={row.note}>
                  {row.name}
                </th>
                <td className="right num strong">{formatSignificant(row.beta, 5)}</td>
                <td className="right num muted">{row.ci}</td>
                <td className="right num">{formatSignificant(row.alpha, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
