// ADF on the spread and Engle-Granger on the legs: statistic, p-value and critical values side by
// side, then what it means in plain language.
import type { AdfResult, CriticalValues, EngleGrangerResult } from '../../api/analytics-types.ts';
import type { Timeframe } from '../../api/types.ts';
import { cointegrationVerdict } from '../../format/cointegration-verdict.ts';
import { formatFixed, formatInteger, formatPValue } from '../../format/number-format.ts';
import type { PairTests } from '../../state/pair-feed.ts';
import { UtcTime } from '../shared/utc-time.tsx';
import { halfLifeText } from './pair-summary.tsx';

const LEVELS = ['1%', '5%', '10%'] as const;

interface TestColumn {
  stat: number | null;
  pValue: number | null;
  critical: CriticalValues | null;
}

/** Whether the statistic rejects a unit root at `level` (it is below the critical value). */
const rejects = (test: TestColumn, level: (typeof LEVELS)[number]) =>
  test.stat !== null && test.critical !== null && test.stat < test.critical[level];

function CriticalRow({ level, adf, eg }: { level: (typeof LEVELS)[number]; adf: TestColumn; eg: TestColumn }) {
  const cell = (test: TestColumn) => (
    <td
      className={`right num ${rejects(test, level) ? 'ok' : 'muted'}`}
      title={rejects(test, level) ? `Rejects a unit root at ${level}` : `Does not reject at ${level}`}
    >
      {test.critical ? formatFixed(test.critical[level], 3) : '—'}
      <span className="reject-mark">
        {rejects(test, level) && (
          <span role="img" aria-label="rejected">
            {' ✓'}
          </span>
        )}
      </span>
    </td>
  );
  return (
    <tr>
      <th scope="row" className="row-head label-head">
        Critical {level}
      </th>
      {cell(adf)}
      {cell(eg)}
    </tr>
  );
}

export function CointegrationPanel({ tests, timeframe }: { tests: PairTests | null; timeframe: Timeframe }) {
  const adf: AdfResult | null = tests?.adf ?? null;
  const eg: EngleGrangerResult | null = tests?.engleGranger ?? null;
  const adfColumn: TestColumn = {
    stat: adf?.stat ?? null,
    pValue: adf?.pValue ?? null,
    critical: adf?.critical ?? null,
  };
  const egColumn: TestColumn = { stat: eg?.stat ?? null, pValue: eg?.pValue ?? null, critical: eg?.critical ?? null };
  const verdict = cointegrationVerdict(adf, eg, tests?.halfLife ?? null, `${timeframe} bars`);
  return (
    <section className="side-panel" aria-labelledby="coint-heading">
      <header className="side-header">
        <h2 id="coint-heading">Cointegration</h2>
        <span className="muted">
          {tests?.start != null ? (
            <>
              on <UtcTime ms={tests.start} format="clock" seconds={timeframe === '1s'} />
            </>
          ) : (
            'no close tested yet'
          )}
          {adf ? ` · ${formatInteger(adf.nobs)} obs · lag ${adf.usedLag}` : ''}
        </span>
      </header>
      <table className="data-table compact coint-table" aria-label="Unit-root and cointegration tests">
        <colgroup>
          <col style={{ width: '34%' }} />
          <col style={{ width: '30%' }} />
          <col style={{ width: '36%' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" />
            <th
              scope="col"
              className="right"
              title="Augmented Dickey-Fuller on the spread y − β·x (constant, lag by AIC)"
            >
              ADF
            </th>
            <th scope="col" className="right" title="Engle-Granger two-step test of (y, x)">
              Engle-Granger
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="row-head label-head">
              Statistic
            </th>
            <td className="right num">{formatFixed(adfColumn.stat, 3)}</td>
            <td className="right num">{formatFixed(egColumn.stat, 3)}</td>
          </tr>
          <tr>
            <th scope="row" className="row-head label-head">
              p-value
            </th>
            {(
              [
                ['adf', adfColumn],
                ['engle-granger', egColumn],
              ] as const
            ).map(([key, test]) => (
              <td key={key} className={`right num strong ${test.pValue !== null && test.pValue < 0.05 ? 'ok' : ''}`}>
                {formatPValue(test.pValue)}
              </td>
            ))}
          </tr>
          {LEVELS.map((level) => (
            <CriticalRow key={level} level={level} adf={adfColumn} eg={egColumn} />
          ))}
        </tbody>
      </table>
      <div className="half-life-line">
        <span className="muted">Half-life of the spread</span>{' '}
        <span className="num">{halfLifeText(tests?.halfLife, timeframe)}</span>
      </div>
      <div className={`verdict verdict-${verdict.tone}`} role="status" aria-label="Verdict" data-testid="coint-verdict">
        <span className="verdict-icon" aria-hidden="true">
          {verdict.tone === 'good' ? '✓' : verdict.tone === 'bad' ? '✗' : verdict.tone === 'fair' ? '!' : '…'}
        </span>
        <div>
          <strong>{verdict.headline}</strong>
          <p>{verdict.detail}</p>
        </div>
      </div>
      {tests && tests.errors.length > 0 && (
        <details className="test-errors">
          <summary>
            {tests.errors.length} test{tests.errors.length === 1 ? '' : 's'} could not run
          </summary>
          <ul>
            {tests.errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
