// The hedge ratio of the methods not selected, for the comparison in the β pane: each is the
// server's series for the same pair with only `hedge` changed, polled less often than the main
// one. Theil-Sen refits lookback² slopes per close, so it is loaded shorter and only where the
// server allows it (lookback ≤ 1,000).
import { useEffect, useState } from 'react';
import type { PairKey } from '../api/analytics-api.ts';
import { HEDGE_METHODS, PAIR_LIMITS, type HedgeMethod, type PairParams } from '../api/analytics-types.ts';
import type { PairChart } from '../charts/pair-chart.ts';
import { PairFeed } from './pair-feed.ts';
import { useSocket } from './socket-context.ts';

export interface HedgeComparison {
  /** Latest hedge ratio per method (the selected one comes from the main feed). */
  latest: Partial<Record<HedgeMethod, number | null>>;
  /** Why a method is not shown, by method. */
  unavailable: Partial<Record<HedgeMethod, string>>;
}

const THEIL_SEN_POINTS = 300;

export function useHedgeComparison(key: PairKey | null, params: PairParams, chart: PairChart | null): HedgeComparison {
  const socket = useSocket();
  const [comparison, setComparison] = useState<HedgeComparison>({ latest: {}, unavailable: {} });
  const paramsKey = JSON.stringify(params);

  // `paramsKey` stands for `params` and the key's fields for `key`, so equal new objects do not restart the feeds.
  // biome-ignore lint/correctness/useExhaustiveDependencies: value deps
  useEffect(() => {
    setComparison({ latest: {}, unavailable: {} });
    if (!key || !chart) return;
    const feeds: PairFeed[] = [];
    for (const method of HEDGE_METHODS) {
      if (method === params.hedge) continue;
      chart.clearHedge(method);
      if (method === 'theil-sen' && params.lookback > PAIR_LIMITS.theilSenLookback) {
        setComparison((current) => ({
          ...current,
          unavailable: { ...current.unavailable, [method]: `lookback over ${PAIR_LIMITS.theilSenLookback}` },
        }));
        continue;
      }
      const feed = new PairFeed(
        socket,
        key,
        { ...params, hedge: method },
        {
          series(merge, all) {
            if (merge.kind === 'reset') chart.setHedge(method, all);
            else if (merge.kind === 'tail') chart.updateHedge(method, merge.changed);
            const latest = all.at(-1)?.hedgeRatio ?? null;
            setComparison((current) => ({ ...current, latest: { ...current.latest, [method]: latest } }));
          },
          tests: () => {},
          status: (status) => {
            if (status.phase === 'error') {
              setComparison((current) => ({
                ...current,
                unavailable: { ...current.unavailable, [method]: status.message ?? 'unavailable' },
              }));
            }
          },
        },
        { limit: method === 'theil-sen' ? THEIL_SEN_POINTS : undefined, pollFactor: 3 },
      );
      feed.start();
      feeds.push(feed);
    }
    return () => {
      for (const feed of feeds) feed.stop();
    };
  }, [socket, chart, key?.x, key?.y, key?.timeframe, paramsKey]);

  return comparison;
}
