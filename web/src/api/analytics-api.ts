// Analytics endpoints: one instrument's indicators, live pairs, a pair's series and tests, hedge
// regressions, the correlation matrix and the pair scanner.
import type {
  CorrelationMatrix,
  HedgeRegression,
  LivePair,
  LivePairRequest,
  PairAnalytics,
  PairParams,
  PriceMode,
  ScanResult,
  ScanSort,
  SymbolAnalytics,
} from './analytics-types.ts';
import { getJson, query, requestJson } from './http.ts';
import type { InstrumentId, Timeframe } from './types.ts';

export function fetchSymbolAnalytics(
  q: { instrument: InstrumentId; timeframe: Timeframe; window?: number; limit?: number },
  signal?: AbortSignal,
): Promise<SymbolAnalytics> {
  return getJson(`/analytics${query(q)}`, signal);
}

export function fetchLivePairs(signal?: AbortSignal): Promise<LivePair[]> {
  return getJson('/pairs', signal);
}

export interface PairKey {
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
}

export function startLivePair(pair: LivePairRequest): Promise<LivePair> {
  return requestJson('POST', '/pairs', pair);
}

export function stopLivePair(id: string): Promise<void> {
  return requestJson('DELETE', `/pairs/${encodeURIComponent(id)}`);
}

export function fetchPairAnalytics(
  q: PairKey & Partial<PairParams> & { from?: number; to?: number; limit?: number; includeOpen?: boolean },
  signal?: AbortSignal,
): Promise<PairAnalytics> {
  return getJson(`/pairs/analytics${query({ ...q })}`, signal);
}

export function fetchHedgeRegression(
  q: PairKey & { lookback: number; price?: PriceMode },
  signal?: AbortSignal,
): Promise<HedgeRegression> {
  return getJson(`/pairs/regression${query({ ...q })}`, signal);
}

export function fetchCorrelation(
  q: { instruments: readonly InstrumentId[]; timeframe: Timeframe; window: number },
  signal?: AbortSignal,
): Promise<CorrelationMatrix> {
  return getJson(`/correlation${query({ ...q, instruments: q.instruments.join(',') })}`, signal);
}

export function fetchScan(
  q: {
    instruments: readonly InstrumentId[];
    timeframe: Timeframe;
    lookback: number;
    price?: PriceMode;
    sort?: ScanSort;
  },
  signal?: AbortSignal,
): Promise<ScanResult> {
  return getJson(`/scan${query({ ...q, instruments: q.instruments.join(',') })}`, signal);
}
