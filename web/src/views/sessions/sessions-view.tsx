// Sessions: Initial Balance statistics of one instrument under one session profile. The odds of
// each break, extension hit rates, the weekday picture, timing heatmaps, every session of the range
// and the selected session's candles with its IB and extension levels; the open session is live.
import { useEffect } from 'react';
import { fetchSessionProfiles, type SessionRow, type SessionStatistics } from '../../api/sessions-api.ts';
import { decimalsOf, MAX_PRICE_DECIMALS } from '../../state/price-precision.ts';
import type { RouteParams } from '../../state/route.ts';
import { updateParams } from '../../state/route-store.ts';
import { parseSessionParams } from '../../state/session-range.ts';
import { useInstruments } from '../../state/use-instruments.ts';
import { usePolled } from '../../state/use-polled.ts';
import { type LiveMode, useSessionStatistics } from '../../state/use-session-statistics.ts';
import { ExtensionBars } from './extension-bars.tsx';
import { HourHeatmaps } from './hour-heatmaps.tsx';
import { ProbabilityCards } from './probability-cards.tsx';
import { SessionChart } from './session-chart.tsx';
import { SessionsTable } from './sessions-table.tsx';
import { SessionsToolbar } from './sessions-toolbar.tsx';
import { WeekdayTable } from './weekday-table.tsx';
import '../../styles/tables-view.css';
import '../../styles/sessions.css';

const LIVE_TEXT: Readonly<Record<LiveMode, string>> = {
  channel: 'open session live',
  bars: 'open session live (from 1m closes)',
  off: 'history',
};

function precisionOf(rows: readonly SessionRow[]): number {
  let precision = 0;
  for (const row of rows.slice(-200)) {
    for (const price of [row.open, row.close, row.ibHigh, row.ibLow])
      precision = Math.max(precision, decimalsOf(price));
  }
  return Math.min(precision, MAX_PRICE_DECIMALS);
}

function selectedSession(data: SessionStatistics, date: string | null) {
  if (date)
    return data.provisional?.date === date
      ? data.provisional
      : (data.sessions.find((row) => row.date === date) ?? null);
  return data.provisional ?? data.sessions.at(-1) ?? null;
}

export function SessionsView({ params }: { params: RouteParams }) {
  const selection = parseSessionParams(params);
  const { instruments } = useInstruments();
  const profiles = usePolled((signal) => fetchSessionProfiles(signal), [], 60_000);
  const stats = useSessionStatistics(selection);
  const data = stats.data;
  const session = data ? selectedSession(data, selection.session) : null;
  const profile = profiles.data?.find((candidate) => candidate.name === selection.profile) ?? data?.profile;

  // Without an instrument in the address, the first the server knows (a correction, not a step back).
  useEffect(() => {
    if (!selection.instrument && instruments && instruments.length > 0)
      updateParams({ instrument: instruments[0].id }, { replace: true });
  }, [selection.instrument, instruments]);

  return (
    <main id="main" className="view scroll-view sessions-view">
      <SessionsToolbar instruments={instruments} profiles={profiles.data} selection={selection} />
      {stats.error && (
        <div className="notice error" role="alert">
          {stats.error}
        </div>
      )}
      {!data ? (
        <p className="panel-note" role="status">
          {stats.loading
            ? 'Computing sessions…'
            : instruments?.length === 0
              ? 'No instruments yet.'
              : 'Choose an instrument.'}
        </p>
      ) : (
        <>
          <p className="sessions-summary muted">
            {data.instrument} · {data.profile.name} ({data.profile.tz} {data.profile.sessionStart}, IB{' '}
            {data.profile.ibMinutes}m) · {data.sessions.length} sessions
            {data.sessions.length > 0 && ` from ${data.sessions[0].date} to ${data.sessions.at(-1)?.date}`} ·{' '}
            {data.skipped.length} skipped
            {data.provisional && ` · ${LIVE_TEXT[stats.live]}`}
            {stats.loading && ' · updating…'}
          </p>
          <ProbabilityCards all={data.report.all} />
          <div className="sessions-grid">
            <SessionChart
              instrument={data.instrument}
              session={session}
              extensionLevels={profile?.extensionLevels ?? data.profile.extensionLevels}
            />
            <ExtensionBars all={data.report.all} levels={data.profile.extensionLevels} />
          </div>
          <WeekdayTable report={data.report} />
          <HourHeatmaps report={data.report} />
          <SessionsTable
            sessions={data.sessions}
            provisional={data.provisional}
            selected={session?.date ?? null}
            precision={precisionOf(data.sessions)}
            onSelect={(date) => updateParams({ session: date })}
          />
        </>
      )}
    </main>
  );
}
