// Runs a PairFeed for the pair on screen: the chart gets the series (full once, then
// increments), React gets what the panels show (latest close, tests, mode, warm-up).
import { useEffect, useState } from 'react';
import type { PairKey } from '../api/analytics-api.ts';
import type { PairParams, PairPoint } from '../api/analytics-types.ts';
import type { PairChart } from '../charts/pair-chart.ts';
import { PairFeed, type PairFeedStatus, type PairTests } from './pair-feed.ts';
import { useSocket } from './socket-context.ts';

export interface PairFeedView {
  status: PairFeedStatus;
  latest: PairPoint | null;
  /** Newest close with a z-score; the latest may still be warming up. */
  points: number;
  /** Closes with a z-score among the loaded ones. */
  scored: number;
  tests: PairTests | null;
}

const INITIAL: PairFeedView = {
  status: { phase: 'loading', mode: null },
  latest: null,
  points: 0,
  scored: 0,
  tests: null,
};

export function usePairFeed(
  key: PairKey | null,
  params: PairParams,
  chart: PairChart | null,
  reloadToken: number,
): PairFeedView {
  const socket = useSocket();
  const [view, setView] = useState<PairFeedView>(INITIAL);
  const paramsKey = JSON.stringify(params);

  // `paramsKey` stands for `params` and the key's fields for `key`, so equal new objects do not restart the feed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: value deps
  useEffect(() => {
    setView(INITIAL);
    if (!key || !chart) return;
    let firstLoad = true;
    chart.setMain([], params.hedge);
    chart.setThresholds(params.entry, params.exit);
    const feed = new PairFeed(socket, key, params, {
      series(merge, all) {
        if (merge.kind === 'reset') {
          chart.setMain(all, params.hedge);
          if (firstLoad) chart.fit();
          firstLoad = false;
        } else if (merge.kind === 'tail') {
          chart.updateMain(merge.changed, all, params.hedge);
        }
        let scored = 0;
        for (const point of all) if (point.zscore !== null) scored++;
        setView((current) => ({ ...current, latest: all.at(-1) ?? null, points: all.length, scored }));
      },
      tests: (tests) => setView((current) => ({ ...current, tests })),
      status: (status) => setView((current) => ({ ...current, status })),
    });
    feed.start();
    return () => feed.stop();
  }, [socket, chart, key?.x, key?.y, key?.timeframe, paramsKey, reloadToken]);

  return view;
}
