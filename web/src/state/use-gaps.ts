// The gap table (GET /api/v1/gaps), reloaded whenever the health counters say a gap was found or
// filled, and at least every 10 s.
import { useEffect, useState } from 'react';
import { describeError } from '../api/http.ts';
import { fetchGaps } from '../api/market-api.ts';
import type { Gap, GapSummary } from '../api/types.ts';

export interface GapsState {
  gaps: Gap[] | null;
  error: string | null;
}

export function useGaps(summary: GapSummary | undefined): GapsState {
  const [state, setState] = useState<GapsState>({ gaps: null, error: null });
  const [tick, setTick] = useState(0);
  const key = summary ? `${summary.detected}/${summary.filled}/${summary.open}` : '';

  useEffect(() => {
    const timer = window.setInterval(() => setTick((count) => count + 1), 10_000);
    return () => window.clearInterval(timer);
  }, []);

  // `key` (the gap counters) and `tick` (every 10 s) are what make it load again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload triggers
  useEffect(() => {
    const request = new AbortController();
    fetchGaps(200, request.signal)
      .then((gaps) => setState({ gaps, error: null }))
      .catch((error: unknown) => {
        if (!request.signal.aborted) setState((current) => ({ ...current, error: describeError(error) }));
      });
    return () => request.abort();
  }, [key, tick]);

  return state;
}
