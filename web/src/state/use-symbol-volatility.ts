// Annualised close-to-close volatility of an instrument on a timeframe, as the server's symbol
// engine computes it (window of 60 bars): the latest value over REST, then each bar close from
// the `analytics:<instrument>:<timeframe>` channel.
import { useEffect, useState } from 'react';
import { fetchSymbolAnalytics } from '../api/analytics-api.ts';
import { analyticsChannel, type SymbolPoint } from '../api/analytics-types.ts';
import type { InstrumentId, Timeframe } from '../api/types.ts';
import { useSocket } from './socket-context.ts';

export interface Volatility {
  value: number | null;
  window: number;
  /** Bucket start of the bar the value was computed on. */
  start: number | null;
}

export function useSymbolVolatility(instrument: InstrumentId, timeframe: Timeframe): Volatility | null {
  const socket = useSocket();
  const [volatility, setVolatility] = useState<Volatility | null>(null);

  useEffect(() => {
    setVolatility(null);
    let window = 60;
    let newest = -Infinity;
    const accept = (point: SymbolPoint | null) => {
      if (!point || point.start < newest) return;
      newest = point.start;
      setVolatility({ value: point.volatility, window, start: point.start });
    };
    const request = new AbortController();
    fetchSymbolAnalytics({ instrument, timeframe, limit: 1 }, request.signal)
      .then((analytics) => {
        window = analytics.window;
        accept(analytics.latest);
        if (!analytics.latest) setVolatility({ value: null, window, start: null });
      })
      .catch(() => setVolatility({ value: null, window, start: null }));
    const unsubscribe = socket.subscribe(analyticsChannel(instrument, timeframe), (data, message) => {
      if ('type' in message && message.type === 'point') accept(data as SymbolPoint);
    });
    return () => {
      request.abort();
      unsubscribe();
    };
  }, [socket, instrument, timeframe]);

  return volatility;
}
