// Session figures of one instrument from its 1d bar: fetched once (and again after a reconnect,
// when the server may have restarted), then live from the `bars:<instrument>:1d` channel
// (coalesced per animation frame).
import { useEffect, useState } from 'react';
import { fetchBars } from '../api/market-api.ts';
import { barsChannel, type Bar, type InstrumentId } from '../api/types.ts';
import { FrameBatcher } from './frame-batcher.ts';
import { sessionStatsOf, type SessionStats } from './session-stats.ts';
import { useSocket } from './socket-context.ts';

export function useSessionStats(instrument: InstrumentId): SessionStats | null {
  const socket = useSocket();
  const [stats, setStats] = useState<SessionStats | null>(null);

  useEffect(() => {
    setStats(null);
    let day: Bar | null = null;
    const publish = () => {
      if (day) setStats(sessionStatsOf(day));
    };
    const accept = (bar: Bar) => {
      if (day && (bar.start < day.start || (bar.start === day.start && bar.trades < day.trades))) return;
      day = bar;
    };
    const batcher = new FrameBatcher<string, Bar>((bars) => {
      bars.forEach(accept);
      publish();
    });
    const unsubscribe = socket.subscribe(barsChannel(instrument, '1d'), (data) => {
      const bar = data as Bar;
      if (bar?.instrument === instrument && bar.timeframe === '1d') batcher.push('day', bar);
    });
    let request = new AbortController();
    let synced = -1;
    const load = () => {
      request.abort();
      request = new AbortController();
      synced = socket.syncPoint();
      fetchBars({ instrument, timeframe: '1d', limit: 1 }, request.signal)
        .then((bars) => {
          const latest = bars.at(-1);
          if (latest) accept(latest);
          publish();
        })
        .catch(() => {
          // The chart panel reports load errors; the stats stay empty until the stream delivers.
        });
    };
    load();
    const stopReconnects = socket.onStateChange((state) => {
      if (state.phase !== 'connected' || state.generation === synced) return;
      // A restarted server counts the day's trades afresh: forget the old bar instead of ignoring the new one.
      day = null;
      load();
    });
    return () => {
      request.abort();
      stopReconnects();
      unsubscribe();
      batcher.cancel();
    };
  }, [socket, instrument]);

  return stats;
}
