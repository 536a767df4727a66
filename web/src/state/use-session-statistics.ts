// The session statistics of the Sessions view: the rows and report of the chosen range (cut to the
// last N sessions when asked), reloaded after a reconnect, with the open session kept live (see
// session-live.ts): from the `sessions:` channel, or from 1m closes when the server refuses it.
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/http.ts';
import { fetchBars } from '../api/market-api.ts';
import { fetchSessions, readSessionPush, sessionsChannel, type SessionStatistics } from '../api/sessions-api.ts';
import { barsChannel } from '../api/types.ts';
import { BarCloseWatch, type LiveStep, openSessionStart, stepFromOpenSession, stepFromPush } from './session-live.ts';
import { lastSessionsFrom, type SessionSelection, spanQuery } from './session-range.ts';
import { useSocket } from './socket-context.ts';
import { useResync } from './use-resync.ts';

export type LiveMode = 'channel' | 'bars' | 'off';

export interface SessionStatisticsState {
  data: SessionStatistics | null;
  error: string | null;
  loading: boolean;
  /** How the open session is kept current. */
  live: LiveMode;
}

async function loadRange(selection: SessionSelection, signal: AbortSignal): Promise<SessionStatistics> {
  const instrument = selection.instrument as string;
  const newest = selection.range === 'custom' ? [] : await fetchBars({ instrument, timeframe: '1m', limit: 1 }, signal);
  const span = spanQuery(selection, newest.at(-1)?.start ?? null);
  if ('problem' in span) throw new Error(span.problem);
  const whole = await fetchSessions({ instrument, profile: selection.profile, ...span }, signal);
  const from = lastSessionsFrom(whole.sessions, selection.range);
  return from === null ? whole : fetchSessions({ instrument, profile: selection.profile, from, to: span.to }, signal);
}

export function useSessionStatistics(selection: SessionSelection): SessionStatisticsState {
  const socket = useSocket();
  const { token, markLoading } = useResync();
  const [state, setState] = useState<SessionStatisticsState>({ data: null, error: null, loading: true, live: 'off' });
  const [reloads, setReloads] = useState(0);
  const { instrument, profile, range, from, to } = selection;
  // The live handlers compare the open session with what is shown now, not when they subscribed.
  const shown = useRef<SessionStatistics | null>(null);
  shown.current = state.data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection's fields, a reconnect and a closed session
  useEffect(() => {
    if (!instrument) {
      setState({ data: null, error: null, loading: false, live: 'off' });
      return;
    }
    const request = new AbortController();
    markLoading();
    setState((current) => ({ ...current, loading: true }));
    loadRange(selection, request.signal)
      .then((data) => setState((current) => ({ ...current, data, error: null, loading: false })))
      .catch((error: unknown) => {
        if (!request.signal.aborted)
          setState((current) => ({ ...current, error: describeError(error), loading: false }));
      });
    return () => request.abort();
  }, [instrument, profile, range, from, to, token, reloads]);

  useEffect(() => {
    // A custom range is history: its open session, if any, is not followed.
    if (!instrument || range === 'custom') {
      setState((current) => ({ ...current, live: 'off' }));
      return;
    }
    const apply = (step: LiveStep) => {
      if (step.kind === 'reload') setReloads((count) => count + 1);
      else
        setState((current) =>
          current.data ? { ...current, data: { ...current.data, provisional: step.provisional } } : current,
        );
    };
    setState((current) => ({ ...current, live: 'channel' }));
    const cleanups: Array<() => void> = [];
    const channel = sessionsChannel(instrument, profile);
    cleanups.push(
      socket.subscribe(channel, (data) => {
        const push = readSessionPush(data);
        if (push) apply(stepFromPush(push));
      }),
    );
    let request: AbortController | null = null;
    const refreshOpenSession = () => {
      const current = shown.current;
      const start = current ? openSessionStart(current) : null;
      if (!current || start === null || request) return;
      request = new AbortController();
      fetchSessions({ instrument, profile, from: start }, request.signal)
        .then((open) => apply(stepFromOpenSession(current, open)))
        .catch(() => {
          // The next close tries again; the reconnect path reloads everything.
        })
        .finally(() => {
          request = null;
        });
    };
    let followingBars = false;
    cleanups.push(
      socket.onChannelError(channel, () => {
        // A server without the channel: follow the 1m bars instead (once, though every reconnect refuses it again).
        if (followingBars) return;
        followingBars = true;
        setState((current) => ({ ...current, live: 'bars' }));
        const watch = new BarCloseWatch();
        cleanups.push(
          socket.subscribe(barsChannel(instrument, '1m'), (data) => {
            if ('start' in data && 'amended' in data && watch.seen(data)) refreshOpenSession();
          }),
        );
      }),
    );
    return () => {
      request?.abort();
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
  }, [socket, instrument, profile, range]);

  return state;
}
