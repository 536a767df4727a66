// The pair on screen, from the route, with the gaps filled: without legs in the link the first
// live pair (or the first two instruments) is shown; without parameters, a live pair's own, so
// that the view follows it over the WebSocket. Fallbacks are written back into the link.
import { useEffect } from 'react';
import { fetchLivePairs, type PairKey } from '../api/analytics-api.ts';
import { DEFAULT_PAIR_PARAMS, type LivePair, type PairParams } from '../api/analytics-types.ts';
import type { Instrument, Timeframe } from '../api/types.ts';
import { readPairSelection } from './pair-params.ts';
import type { RouteParams } from './route.ts';
import { updateParams } from './route-store.ts';
import { usePolled, type Polled } from './use-polled.ts';

const PARAM_KEYS = ['window', 'lookback', 'hedge', 'entry', 'exit', 'price'] as const;

export interface PairSelectionView {
  key: PairKey | null;
  params: PairParams;
  problems: string[];
  livePairs: Polled<LivePair[]>;
  /** The server's live pair on these legs and timeframe, whatever its parameters. */
  livePair: LivePair | null;
}

export function usePairSelection(params: RouteParams, instruments: readonly Instrument[] | null): PairSelectionView {
  const livePairs = usePolled((signal) => fetchLivePairs(signal), [], 30_000);
  const pairs = livePairs.data ?? [];
  const first = pairs[0];
  const ready = instruments !== null && (livePairs.data !== null || livePairs.error !== null);
  const x = params.x ?? first?.x ?? instruments?.[0]?.id ?? null;
  const y = params.y ?? first?.y ?? instruments?.find((instrument) => instrument.id !== x)?.id ?? null;
  const timeframe = (params.timeframe ??
    (params.x === undefined && first ? first.timeframe : undefined) ??
    '1m') as Timeframe;
  const livePair = pairs.find((pair) => pair.x === x && pair.y === y && pair.timeframe === timeframe) ?? null;
  const hasParams = PARAM_KEYS.some((key) => params[key] !== undefined);
  const selection = readPairSelection(
    { ...params, timeframe },
    !hasParams && livePair ? livePair.params : DEFAULT_PAIR_PARAMS,
  );

  const missing =
    ready && x !== null && y !== null && (params.x !== x || params.y !== y || params.timeframe !== selection.timeframe);
  useEffect(() => {
    if (missing) updateParams({ x, y, timeframe: selection.timeframe }, { replace: true });
  }, [missing, x, y, selection.timeframe]);

  const key = ready && x && y && selection.timeframe && x !== y ? { x, y, timeframe: selection.timeframe } : null;
  const problems = [...selection.problems];
  if (x !== null && x === y) problems.push('x and y are the same instrument: pick two different legs');
  return { key, params: selection.params, problems, livePairs, livePair };
}
