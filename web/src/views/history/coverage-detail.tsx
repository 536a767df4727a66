// One stored series in detail: its first and last bar, the strip of its gaps, and export of a
// range of it (the whole stored range unless the trader narrows it).
import { useEffect, useState } from 'react';
import { fetchCoverageDetail } from '../../api/data-api.ts';
import { TIMEFRAME_MS, type InstrumentId, type Timeframe } from '../../api/types.ts';
import { formatInteger } from '../../format/number-format.ts';
import { formatUtcInput, parseUtcInput } from '../../format/utc-input.ts';
import { usePolled } from '../../state/use-polled.ts';
import { FormField } from '../alerts/form-field.tsx';
import { ExportButtons } from '../shared/export-buttons.tsx';
import { Stat } from '../shared/stat.tsx';
import { UtcTime } from '../shared/utc-time.tsx';
import { GapStrip } from './gap-strip.tsx';

interface CoverageDetailProps {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Changes when the store may have changed (an import, a sync run), to load again. */
  version: number;
}

export function CoverageDetail({ instrument, timeframe, version }: CoverageDetailProps) {
  const detail = usePolled(
    (signal) => fetchCoverageDetail(instrument, timeframe, signal),
    [instrument, timeframe, version],
    30_000,
  );
  const data = detail.data;
  const end = data?.last != null ? data.last + TIMEFRAME_MS[timeframe] : null;
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');

  // The range starts as the whole stored range, again whenever another series is shown.
  useEffect(() => {
    setFromText(data?.first != null ? formatUtcInput(data.first) : '');
    setToText(end !== null ? formatUtcInput(end) : '');
  }, [data?.first, end]);

  const from = parseUtcInput(fromText);
  const to = parseUtcInput(toText);
  const rangeError =
    'error' in from
      ? from.error
      : 'error' in to
        ? to.error
        : to.ms <= from.ms
          ? 'the end must be after the start'
          : null;

  if (!data) {
    return (
      <div className="coverage-detail" role={detail.error ? 'alert' : 'status'}>
        {detail.error ? `Could not load the gaps of ${instrument} ${timeframe}: ${detail.error}` : 'Loading gaps…'}
      </div>
    );
  }
  return (
    <section className="coverage-detail" aria-label={`Coverage of ${instrument} ${timeframe}`}>
      <div className="coverage-stats">
        <Stat name="First bar" label="First bar" value={data.first !== null ? <UtcTime ms={data.first} /> : '—'} />
        <Stat name="Last bar" label="Last bar" value={data.last !== null ? <UtcTime ms={data.last} /> : '—'} />
        <Stat
          name="Bars stored"
          label="Bars"
          value={formatInteger(data.count)}
          sub={`of ${formatInteger(data.expected)}`}
        />
        <Stat
          name="Gaps"
          label="Gaps"
          value={formatInteger(data.gapCount)}
          sub={`${formatInteger(data.missingBars)} bars missing`}
        />
        {data.noDataBars > 0 && (
          <Stat
            name="No data at the exchange"
            label="No data at the exchange"
            title="Missing bars the daily sync found the exchange has no data for; it will not ask for them again"
            value={formatInteger(data.noDataBars)}
            sub="bars"
          />
        )}
      </div>
      {data.first !== null && end !== null ? (
        <GapStrip from={data.first} to={end} gaps={data.gaps} gapCount={data.gapCount} />
      ) : (
        <p className="muted">No bars stored.</p>
      )}
      {data.gapCount > data.gaps.length && (
        <p className="muted">
          The strip shows the first {formatInteger(data.gaps.length)} of {formatInteger(data.gapCount)} gaps.
        </p>
      )}
      <div className="export-row">
        <FormField label="From (UTC)" error={'error' in from && fromText !== '' ? from.error : undefined}>
          <input className="input wide" value={fromText} onChange={(event) => setFromText(event.target.value)} />
        </FormField>
        <FormField label="To (UTC, exclusive)" error={'error' in to && toText !== '' ? to.error : undefined}>
          <input className="input wide" value={toText} onChange={(event) => setToText(event.target.value)} />
        </FormField>
        <ExportButtons
          what={`the bars of ${instrument} ${timeframe} in this range`}
          disabled={rangeError !== null || data.count === 0}
          range={() => ('ms' in from && 'ms' in to ? { instrument, timeframe, from: from.ms, to: to.ms } : null)}
        />
      </div>
      {rangeError !== null && 'ms' in from && 'ms' in to && (
        <span className="field-error" role="alert">
          {rangeError}
        </span>
      )}
    </section>
  );
}
